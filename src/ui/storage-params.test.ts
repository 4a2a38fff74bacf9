import { describe, expect, it } from 'vitest';
import { readStorageParams } from './storage-params';

describe('readStorageParams', () => {
  it('reads both byte counts and ignores malformed ones', () => {
    expect(readStorageParams('?quota-backend-bytes=65536&idb-quota-bytes=200000')).toEqual({ quotaBackendBytes: 65536, idbQuotaBytes: 200000 });
    expect(readStorageParams('?quota-backend-bytes=0')).toEqual({ quotaBackendBytes: 0 });
    expect(readStorageParams('?quota-backend-bytes=-1&idb-quota-bytes=1e3')).toEqual({});
    expect(readStorageParams('')).toEqual({});
    expect(readStorageParams('?idb-quota-bytes=9&idb-quota-member=infra3')).toEqual({ idbQuotaBytes: 9, idbQuotaMember: 'infra3' });
  });
});
