import { describe, expect, it } from 'vitest';
import { crc32c } from './hash';
import { decodeKeyValue, decodeKeyValueKey, encodeKeyValue } from './kv-codec';
import { bytesToBucketKey, isTombstone, mainRevPrefix, revGreaterThan, revToBytes, RevisionSet } from './revision';
import { b } from './testing/helpers';
import { compareBytes, prefixRangeEnd } from './bytes';

const hex = (u: Uint8Array) => [...u].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('revision keys', () => {
  it('are 8-byte BE main, _, 8-byte BE sub; a tombstone appends t', () => {
    expect(hex(revToBytes({ main: 2, sub: 1 }))).toBe('0000000000000002' + '5f' + '0000000000000001');
    expect(hex(revToBytes({ main: 2 ** 40 + 5, sub: 0 }, true))).toBe('0000010000000005' + '5f' + '0000000000000000' + '74');
    expect(bytesToBucketKey(revToBytes({ main: 2 ** 40 + 5, sub: 7 }, true))).toEqual({ rev: { main: 2 ** 40 + 5, sub: 7 }, tombstone: true });
    expect(isTombstone(revToBytes({ main: 3, sub: 0 }))).toBe(false);
  });

  it('sort by revision, and the 8-byte prefix R+1 bounds every record of R', () => {
    const keys = [revToBytes({ main: 3, sub: 2 }, true), revToBytes({ main: 3, sub: 0 }), revToBytes({ main: 10, sub: 0 }), revToBytes({ main: 3, sub: 1 })];
    keys.sort(compareBytes);
    expect(keys.map((k) => bytesToBucketKey(k).rev)).toEqual([{ main: 3, sub: 0 }, { main: 3, sub: 1 }, { main: 3, sub: 2 }, { main: 10, sub: 0 }]);
    expect(compareBytes(revToBytes({ main: 3, sub: 2 ** 40 }, true), mainRevPrefix(4))).toBe(-1);
    expect(compareBytes(mainRevPrefix(4), revToBytes({ main: 4, sub: 0 }))).toBe(-1);
    expect(revGreaterThan({ main: 3, sub: 1 }, { main: 3, sub: 0 })).toBe(true);
  });

  it('RevisionSet', () => {
    const s = new RevisionSet();
    s.add({ main: 5, sub: 1 });
    s.add({ main: 5, sub: 0 });
    s.add({ main: 5, sub: 0 });
    s.add({ main: 2, sub: 0 });
    expect(s.size).toBe(3);
    expect(s.has({ main: 5, sub: 1 })).toBe(true);
    s.delete({ main: 5, sub: 1 });
    expect(s.toArray()).toEqual([{ main: 2, sub: 0 }, { main: 5, sub: 0 }]);
  });
});

describe('KeyValue codec', () => {
  it('writes protobuf bytes as etcd does (zero fields omitted)', () => {
    const kv = { key: b('foo'), createRevision: 2, modRevision: 300, version: 1, value: b('bar'), lease: 0n };
    // 0a 03 'foo' | 10 02 | 18 ac 02 | 20 01 | 2a 03 'bar'
    expect(hex(encodeKeyValue(kv))).toBe('0a03666f6f' + '1002' + '18ac02' + '2001' + '2a03626172');
    expect(hex(encodeKeyValue({ ...kv, createRevision: 0, modRevision: 0, version: 0, value: new Uint8Array(0) }))).toBe('0a03666f6f');
    expect(decodeKeyValue(encodeKeyValue(kv))).toEqual(kv);
    expect(hex(decodeKeyValueKey(encodeKeyValue(kv)))).toBe(hex(b('foo')));
    const long = { ...kv, key: new Uint8Array(300).fill(7) };
    expect(decodeKeyValueKey(encodeKeyValue(long))).toEqual(long.key);
    const leased = { ...kv, lease: 0x694d77aa7e5f3b0bn, modRevision: 2 ** 50 };
    expect(decodeKeyValue(encodeKeyValue(leased))).toEqual(leased);
  });
});

describe('helpers', () => {
  it('crc32c matches the standard check value', () => {
    expect(crc32c(0, b('123456789'))).toBe(0xe3069283);
    expect(crc32c(crc32c(0, b('1234')), b('56789'))).toBe(0xe3069283);
  });

  it('prefix range end as clientv3.GetPrefixRangeEnd', () => {
    expect(hex(prefixRangeEnd(b('foo')))).toBe(hex(b('fop')));
    expect(hex(prefixRangeEnd(new Uint8Array([0x61, 0xff, 0xff])))).toBe('62');
    expect(hex(prefixRangeEnd(new Uint8Array([0xff, 0xff])))).toBe('00');
  });
});
