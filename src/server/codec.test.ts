import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeData, encodeData } from './codec';
import { decodeRequest, encodeRequest, type InternalRaftRequest } from './request';

/** Plain data as entries carry it: no undefined object fields (they are left out, as in JSON). */
const dataArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.maxSafeInteger(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ maxLength: 200 }),
    fc.bigInt(),
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    fc.uint8Array({ maxLength: 300 }),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 6, noNullPrototype: true }),
  ),
})).value;

describe('entry codec', () => {
  it('round-trips plain data with bigint and bytes exactly', () => {
    fc.assert(
      fc.property(dataArb, (v) => {
        expect(decodeData(encodeData(v))).toStrictEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps uint64 IDs exact at the edges', () => {
    for (const id of [0n, 1n, (1n << 53n) + 1n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, 1n << 64n, -1n, -(1n << 70n)]) {
      expect(decodeData<{ ID: bigint }>(encodeData({ ID: id })).ID).toBe(id);
    }
  });

  it('leaves out undefined fields and keeps undefined array slots', () => {
    expect(decodeData(encodeData({ a: 1, b: undefined, c: [undefined, 2] }))).toStrictEqual({ a: 1, c: [undefined, 2] });
  });

  it('round-trips internal requests', () => {
    const reqArb: fc.Arbitrary<InternalRaftRequest> = fc.record({
      ID: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      op: fc.record({
        type: fc.constant('put' as const),
        req: fc.record({ key: fc.uint8Array({ minLength: 1, maxLength: 40 }), value: fc.uint8Array({ maxLength: 300 }), lease: fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), prevKv: fc.boolean() }, { noNullPrototype: true }),
      }, { noNullPrototype: true }),
    }, { noNullPrototype: true });
    fc.assert(fc.property(reqArb, (r) => {
        expect(decodeRequest(encodeRequest(r))).toStrictEqual(r);
      }), { numRuns: 200 });
  });

  it('still reads the JSON form earlier versions wrote', () => {
    const json = new TextEncoder().encode('{"ID":{"$n":"18446744073709551615"},"op":{"type":"put","req":{"key":{"$b":"6b31"},"value":{"$b":""}}}}');
    expect(decodeData(json)).toStrictEqual({ ID: (1n << 64n) - 1n, op: { type: 'put', req: { key: Uint8Array.of(0x6b, 0x31), value: new Uint8Array(0) } } });
  });

  it('rejects truncated and trailing bytes', () => {
    const b = encodeData({ key: 'abc', n: [1, 2, 3] });
    expect(() => decodeData(b.subarray(0, b.length - 1))).toThrow(/truncated/);
    const longer = new Uint8Array(b.length + 1);
    longer.set(b);
    expect(() => decodeData(longer)).toThrow(/trailing/);
  });
});
