import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLeaseId, IDGenerator, LEASE_ID_MASK } from './lease-id';

// 10-lease.txt: member 9e737febb6b99eee started 2026-11-24T06:53:33.132Z (Unix ms 1795503213132),
// whose low 40 bits are a20c54ca4c; its leases print 1eeea20c54ca4c89, …8b, …8d.
const MEMBER_10 = 11417610130673999598n;
const START_10 = 1795503213132;

describe('IDGenerator', () => {
  it('reproduces the IDs of 10-lease.txt', () => {
    const gen = new IDGenerator(MEMBER_10, START_10);
    for (let i = 0; i < 0x88; i++) gen.next(); // other requests the member issued before the grant
    expect(formatLeaseId(gen.nextLeaseID())).toBe('1eeea20c54ca4c89');
    gen.next(); // the put/range in between
    expect(formatLeaseId(gen.nextLeaseID())).toBe('1eeea20c54ca4c8b');
    expect(gen.nextLeaseID()).toBe(0x1eeea20c54ca4c8cn);
  });

  it('keeps the top bit of the 16-bit prefix in request IDs and drops it from lease IDs', () => {
    const gen = new IDGenerator(0x474f8fd6da73ef6fn, 0);
    expect(formatLeaseId(gen.next())).toBe('ef6f000000000001');
    expect(formatLeaseId(gen.nextLeaseID())).toBe('6f6f000000000002'); // 41-fresh-lease.txt: 6f6f…
  });

  it('uses only the low 40 bits of the start time; the counter carries into the timestamp', () => {
    const gen = new IDGenerator(0x1234n, 2 ** 40 + 5);
    expect(gen.next()).toBe((0x1234n << 48n) | (5n << 8n) | 1n);
    const wrap = new IDGenerator(0x1234n, 7);
    for (let i = 0; i < 255; i++) wrap.next();
    expect(wrap.next()).toBe((0x1234n << 48n) | (8n << 8n));
  });

  it('skips a lease ID of 0 when the suffix wraps under an all-zero prefix', () => {
    const gen = new IDGenerator(0x8000n, 2 ** 40 - 1); // prefix masks to 0
    for (let i = 0; i < 255; i++) gen.next(); // suffix = 2^48 - 1
    expect(gen.nextLeaseID()).toBe(1n); // 2^48 wraps to 0: drawn again
  });

  it('gives unique, positive 63-bit lease IDs carrying the member prefix', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 1, max: 600 }), (member, start, n) => {
        const gen = new IDGenerator(member, start);
        const seen = new Set<bigint>();
        for (let i = 0; i < n; i++) {
          const id = gen.nextLeaseID();
          if (!(id > 0n && id <= LEASE_ID_MASK)) return false;
          if (id >> 48n !== (member & 0x7fffn)) return false;
          if (seen.has(id)) return false;
          seen.add(id);
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

describe('formatLeaseId', () => {
  it("prints %016x like etcdctl", () => {
    expect(formatLeaseId(2228897039440825489n)).toBe('1eeea20c54ca4c91');
    expect(formatLeaseId(0x1234n)).toBe('0000000000001234');
    expect(formatLeaseId((1n << 64n) - 1n)).toBe('ffffffffffffffff');
  });
});
