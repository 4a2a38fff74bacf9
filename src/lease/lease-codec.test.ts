import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToLeaseId, decodeLeaseRecord, encodeLeaseRecord, leaseIdToBytes, LeaseDecodeError } from './lease-codec';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe('lease bucket key', () => {
  it('is the ID as 8 big-endian bytes', () => {
    expect(hex(leaseIdToBytes(0x6f6fa20c5f546223n))).toBe('6f 6f a2 0c 5f 54 62 23');
    expect(bytesToLeaseId(leaseIdToBytes(0xffffffffffffffffn))).toBe(0xffffffffffffffffn);
    expect(() => bytesToLeaseId(new Uint8Array(7))).toThrow(/8-byte/);
  });

  it('sorts like the IDs', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a, b) => {
        const ka = hex(leaseIdToBytes(a));
        const kb = hex(leaseIdToBytes(b));
        expect(Math.sign(ka < kb ? -1 : ka > kb ? 1 : 0)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});

describe('leasepb.Lease value', () => {
  it('is protobuf with zero fields left out, byte for byte as etcd marshals it', () => {
    expect(hex(encodeLeaseRecord({ ID: 1n, TTL: 60, RemainingTTL: 0 }))).toBe('08 01 10 3c');
    expect(hex(encodeLeaseRecord({ ID: 1n, TTL: 600, RemainingTTL: 300 }))).toBe('08 01 10 d8 04 18 ac 02');
    expect(hex(encodeLeaseRecord({ ID: 0x6f6fa20c5f546223n, TTL: 60, RemainingTTL: 0 }))).toBe(
      '08 a3 c4 d1 fa c5 c1 e8 b7 6f 10 3c',
    );
    expect(hex(encodeLeaseRecord({ ID: 2n, TTL: -1, RemainingTTL: 0 }))).toBe('08 02 10 ff ff ff ff ff ff ff ff ff 01');
  });

  it('round-trips and skips fields it does not know', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.integer({ min: -(2 ** 40), max: 9_000_000_000 }),
        fc.integer({ min: 0, max: 9_000_000_000 }),
        (ID, TTL, RemainingTTL) => {
          const rec = { ID, TTL, RemainingTTL };
          const enc = encodeLeaseRecord(rec);
          expect(decodeLeaseRecord(enc)).toEqual(rec);
          const withUnknown = Uint8Array.from([...enc, 0x22, 0x02, 0xaa, 0xbb, 0x29, 1, 2, 3, 4, 5, 6, 7, 8, 0x35, 1, 2, 3, 4]);
          expect(decodeLeaseRecord(withUnknown)).toEqual(rec);
        },
      ),
    );
  });

  it('rejects truncated input', () => {
    expect(() => decodeLeaseRecord(Uint8Array.of(0x08, 0x80))).toThrow(LeaseDecodeError);
    expect(() => decodeLeaseRecord(Uint8Array.of(0x22, 0x05, 0x01))).toThrow(LeaseDecodeError);
    expect(() => decodeLeaseRecord(Uint8Array.of(0x0b))).toThrow(LeaseDecodeError);
  });
});
