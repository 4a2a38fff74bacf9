import { describe, expect, it } from 'vitest';
import { plain } from './plain';

describe('plain', () => {
  it('prints bytes as text and uint64 IDs as decimal strings, deeply', () => {
    const resp = { header: { clusterId: 17237436991929493444n, revision: 2 }, kvs: [{ key: new TextEncoder().encode('name'), value: new TextEncoder().encode('dazuo'), lease: 0n }] };
    expect(plain(resp)).toEqual({ header: { clusterId: '17237436991929493444', revision: 2 }, kvs: [{ key: 'name', value: 'dazuo', lease: '0' }] });
  });
});
