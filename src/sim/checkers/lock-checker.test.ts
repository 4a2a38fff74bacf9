import { describe, expect, it } from 'vitest';
import { LockHistoryError, checkLocks } from './lock-checker';
import type { LockHold } from './lock-checker';

const hold = (client: string, acquiredAt: number, releasedAt: number | null, leaseId: bigint, rev?: number): LockHold => {
  const h: LockHold = { lock: 'L', client, leaseId, acquiredAt, releasedAt };
  if (rev !== undefined) h.rev = rev;
  return h;
};

describe('checkLocks', () => {
  it('accepts holds one after another, including touching ends', () => {
    const res = checkLocks([hold('a', 0, 10, 1n, 5), hold('b', 10, 20, 2n, 6), hold('c', 25, null, 3n, 9)]);
    expect(res.ok).toBe(true);
    expect(res.violations).toEqual([]);
    expect(res.unsafe).toEqual([]);
    expect(res.holdsChecked).toBe(3);
  });

  it('reports two holders at once with the overlapping window', () => {
    const a = hold('a', 0, 10, 1n);
    const b = hold('b', 5, 20, 2n);
    const res = checkLocks([b, a]);
    expect(res.ok).toBe(false);
    expect(res.violations).toHaveLength(1);
    expect(res.violations[0]).toMatchObject({ kind: 'overlap', lock: 'L', a, b, from: 5, to: 10 });
    expect(res.violations[0]!.message).toBe('L: client a (lease 1) and client b (lease 2) both held the lock during [5, 10]');
  });

  it('reports a never-released hold overlapped by a later one while its lease lives', () => {
    const res = checkLocks([hold('a', 0, null, 1n), hold('b', 50, 60, 2n)]);
    expect(res.violations.map((v) => [v.from, v.to])).toEqual([[50, 60]]);
  });

  it('accepts a takeover after the first holder lease expired, but flags the holder as unsafe', () => {
    const res = checkLocks([hold('a', 0, 100, 0xan), hold('b', 40, 60, 0xbn)], [{ leaseId: 0xan, expiredAt: 30 }]);
    expect(res.ok).toBe(true);
    expect(res.unsafe).toHaveLength(1);
    expect(res.unsafe[0]!.overtakenBy!.client).toBe('b');
    expect(res.unsafe[0]!.message).toBe(
      'client a (lease a) still held L until 100 after its lease expired at 30; client b (lease b) acquired it at 40',
    );
  });

  it('still reports an overlap that begins before the lease expired', () => {
    const res = checkLocks([hold('a', 0, 100, 1n), hold('b', 20, 60, 2n)], [{ leaseId: 1n, expiredAt: 30 }]);
    expect(res.violations.map((v) => [v.kind, v.from, v.to])).toEqual([['overlap', 20, 30]]);
  });

  it('does not flag a crashed holder whose lease expired and nobody took over', () => {
    const res = checkLocks([hold('a', 0, null, 1n)], [{ leaseId: 1n, expiredAt: 30 }]);
    expect(res.ok).toBe(true);
    expect(res.unsafe).toEqual([]);
  });

  it('flags an acquisition that returned after the lease had already expired', () => {
    const res = checkLocks([hold('a', 50, 70, 1n)], [{ leaseId: 1n, expiredAt: 40 }]);
    expect(res.ok).toBe(true);
    expect(res.unsafe[0]!.message).toBe('client a (lease 1) acquired L at 50 after its lease expired at 40');
  });

  it('checks locks independently by name', () => {
    const other = { ...hold('b', 5, 20, 2n), lock: 'M' };
    expect(checkLocks([hold('a', 0, 10, 1n), other]).ok).toBe(true);
  });

  it('reports fencing revisions that do not grow with acquisition order', () => {
    const res = checkLocks([hold('a', 0, 10, 1n, 8), hold('b', 20, 30, 2n, 7)]);
    expect(res.violations.map((v) => v.kind)).toEqual(['fencing']);
    expect(res.violations[0]!.message).toContain('fencing revision 7 <= 8');
  });

  it('reports a hold taken after its own lease expired as unsafe, not as a fencing error', () => {
    // b queued first (rev 7), its lease expired at 15 while it waited; a took the lock meanwhile
    const res = checkLocks([hold('a', 0, 10, 1n, 8), hold('b', 20, 30, 2n, 7)], [{ leaseId: 2n, expiredAt: 15 }]);
    expect(res.violations).toEqual([]);
    expect(res.unsafe.map((u) => u.hold.client)).toEqual(['b']);
  });

  it('rejects a hold released before it was acquired', () => {
    expect(() => checkLocks([hold('a', 10, 5, 1n)])).toThrow(LockHistoryError);
  });
});
