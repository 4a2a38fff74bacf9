import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOREVER } from './lease';
import { Lessor, type LessorOptions } from './lessor';
import { unsafeGetLease } from './lease-store';
import { bytes, str } from './testing/fake-kv';
import { MapBackend, MapDisk } from './testing/map-backend';

function lessor(opts: Partial<LessorOptions> = {}): Lessor {
  return new Lessor({ backend: new MapBackend(), rangeDeleter: { deleteKeys: () => {} }, ...opts });
}

describe('promote and demote', () => {
  it('promote extends every lease to now + extend + TTL; demote makes them FOREVER', () => {
    const l = lessor();
    l.grant(1n, 10, 0);
    l.grant(2n, 60, 0);
    expect(l.leases().map((x) => x.expiryMs)).toEqual([FOREVER, FOREVER]);
    l.promote(1000, 5000);
    expect(l.isPrimary()).toBe(true);
    expect(l.leases().map((x) => [x.ID, x.expiryMs])).toEqual([[1n, 16_000], [2n, 66_000]]);
    expect(l.timeToLive(1n, 5000).TTL).toBe(11); // a fresh leader shows more than the TTL
    l.demote();
    expect(l.isPrimary()).toBe(false);
    expect(l.leases().map((x) => x.expiryMs)).toEqual([FOREVER, FOREVER]);
    expect(l.findExpiredLeases(1e15)).toEqual([]);
  });

  it('a demoted lessor forgets its expiry schedule; a new promote starts over', () => {
    const l = lessor();
    l.promote(0, 0);
    l.grant(1n, 5, 0);
    l.demote();
    expect(l.findExpiredLeases(10_000)).toEqual([]);
    l.promote(1000, 20_000);
    expect(l.findExpiredLeases(25_999)).toEqual([]);
    expect(l.findExpiredLeases(26_000)).toEqual([1n]);
  });

  it('with at least leaseRevokeRate leases, no second holds more than 3/4 of the rate', () => {
    const rate = 100;
    const l = lessor({ leaseRevokeRate: rate, enableCheckpoint: false });
    for (let i = 1; i <= 400; i++) l.grant(BigInt(i), i <= 300 ? 10 : 11, 0);
    l.promote(1000, 0);
    const expiries = l.leases().map((x) => x.expiryMs);
    const target = (3 * rate) / 4;
    for (let i = 0; i + target < expiries.length; i++) {
      expect(expiries[i + target]! - expiries[i]!).toBeGreaterThanOrEqual(1000 - 15);
    }
    expect(expiries[0]).toBe(11_000);
    expect(Math.max(...expiries)).toBeLessThan(17_000);
    const few = lessor({ leaseRevokeRate: rate });
    for (let i = 1; i < rate; i++) few.grant(BigInt(i), 10, 0);
    few.promote(1000, 0);
    expect(new Set(few.leases().map((x) => x.expiryMs))).toEqual(new Set([11_000])); // below the rate: untouched
  });
});

describe('findExpiredLeases', () => {
  it('reports leases in expiry order, at their expiry, once per retry interval until revoked', () => {
    const l = lessor({ expiredLeaseRetryIntervalMs: 3000 });
    l.promote(0, 0);
    l.grant(3n, 5, 0);
    l.grant(1n, 7, 0);
    l.grant(2n, 5, 0);
    expect(l.findExpiredLeases(4999)).toEqual([]);
    expect(l.findExpiredLeases(7000)).toEqual([2n, 3n, 1n]);
    expect(l.findExpiredLeases(7000)).toEqual([]);
    l.revoke(2n);
    expect(l.findExpiredLeases(9999)).toEqual([]);
    expect(l.findExpiredLeases(10_000)).toEqual([1n, 3n]); // revokes lost: again (same retry time, ID order)
  });

  it('renewing an expired-reported lease before its revoke takes it off the list', () => {
    const l = lessor();
    l.promote(0, 0);
    l.grant(1n, 5, 0);
    l.renew(1n, 4000);
    expect(l.findExpiredLeases(8999)).toEqual([]);
    expect(l.findExpiredLeases(9000)).toEqual([1n]);
  });

  it('is rate-limited to half the revoke rate per call', () => {
    const l = lessor({ expiredLeaseRetryIntervalMs: 3000 });
    l.promote(0, 0);
    for (let i = 1; i <= 1200; i++) l.grant(BigInt(i), 2, 0);
    const first = l.findExpiredLeases(2000);
    const second = l.findExpiredLeases(2000);
    const third = l.findExpiredLeases(2000);
    expect([first.length, second.length, third.length]).toEqual([500, 500, 200]);
    expect(new Set([...first, ...second, ...third]).size).toBe(1200);
    expect(l.findExpiredLeases(2000)).toEqual([]);
    expect(l.findExpiredLeases(5000, 10)).toEqual(first.slice(0, 10));
  });

  it('never reports a live lease and eventually reports every expired one (model check)', () => {
    type Op = { kind: 'grant'; ttl: number } | { kind: 'renew' | 'revoke'; pick: number } | { kind: 'advance'; ms: number };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('grant' as const), ttl: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ kind: fc.constantFrom('renew' as const, 'revoke' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops: Op[]) => {
        const l = lessor({ expiredLeaseRetryIntervalMs: 3000 });
        l.promote(0, 0);
        let now = 0;
        let next = 1n;
        const lastReported = new Map<bigint, number>();
        for (const o of ops) {
          const ids = l.leases().map((x) => x.ID);
          if (o.kind === 'grant') l.grant(next++, o.ttl, now);
          else if (o.kind === 'advance') now += o.ms;
          else if (ids.length > 0) {
            const id = ids[o.pick % ids.length]!;
            if (o.kind === 'revoke') l.revoke(id);
            else if (l.lookup(id)!.expiryMs > now) l.renew(id, now);
          }
          const reported = l.findExpiredLeases(now, 1_000_000);
          for (const id of reported) {
            const lease = l.lookup(id);
            if (lease === undefined || lease.expiryMs > now) return false; // sound
            lastReported.set(id, now);
          }
          for (const lease of l.leases()) {
            if (lease.expiryMs > now) continue;
            const at = lastReported.get(lease.ID);
            if (at === undefined || now - at >= 3000) return false; // complete
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkpoints', () => {
  const MIN = 60_000;

  it('are due every interval for leases longer than it, and not for the others', () => {
    const l = lessor({ checkpointIntervalMs: 5 * MIN });
    l.promote(0, 0);
    l.grant(1n, 600, 0);
    l.grant(2n, 300, 0); // not longer than the interval: never checkpointed
    expect(l.findDueCheckpoints(5 * MIN - 1)).toEqual([]);
    expect(l.findDueCheckpoints(5 * MIN)).toEqual([{ ID: 1n, remainingTTL: 300 }]);
    expect(l.findDueCheckpoints(5 * MIN)).toEqual([]); // taken
  });

  it('are skipped while the remaining TTL is still the full TTL, and off when disabled', () => {
    const l = lessor({ checkpointIntervalMs: 1000 });
    l.grant(1n, 10, 0);
    l.promote(5000, 0); // remaining is 15 s > TTL for the first 5 s
    expect(l.findDueCheckpoints(1000)).toEqual([]);
    const off = lessor({ checkpointIntervalMs: 1000, enableCheckpoint: false });
    off.promote(0, 0);
    off.grant(1n, 10, 0);
    expect(off.findDueCheckpoints(9000)).toEqual([]);
  });

  it('applied on every member, they let the next leader keep the remaining TTL', () => {
    const a = lessor({ checkpointIntervalMs: 5 * MIN });
    const b = lessor({ checkpointIntervalMs: 5 * MIN });
    a.promote(0, 0);
    for (const m of [a, b]) m.grant(9n, 900, 0);
    const cps = a.findDueCheckpoints(5 * MIN + 500);
    expect(cps).toEqual([{ ID: 9n, remainingTTL: 600 }]); // ceil(599.5)
    for (const m of [a, b]) m.checkpoint(9n, 600, 5 * MIN + 600);
    // Leader change: a loses leadership, b wins one election timeout later.
    a.demote();
    b.promote(1000, 6 * MIN);
    expect(b.timeToLive(9n, 6 * MIN).TTL).toBe(601);
    // Without the checkpoint the new leader would have restarted the full 900 s.
    const c = lessor();
    c.grant(9n, 900, 0);
    c.promote(1000, 6 * MIN);
    expect(c.timeToLive(9n, 6 * MIN).TTL).toBe(901);
  });

  it('the primary schedules the next checkpoint when one is applied', () => {
    const l = lessor({ checkpointIntervalMs: 1000 });
    l.promote(0, 0);
    l.grant(1n, 10, 0);
    expect(l.findDueCheckpoints(1000)).toEqual([{ ID: 1n, remainingTTL: 9 }]);
    l.checkpoint(1n, 9, 1000);
    expect(l.findDueCheckpoints(2000)).toEqual([{ ID: 1n, remainingTTL: 8 }]);
    l.checkpoint(1n, 8, 2000);
    l.demote();
    expect(l.findDueCheckpoints(3000)).toEqual([]);
  });

  it('a renew of a checkpointed lease restarts the full TTL and queues a clearing checkpoint', () => {
    const be = new MapBackend();
    const l = new Lessor({ backend: be, checkpointIntervalMs: 1000 });
    l.promote(0, 0);
    l.grant(1n, 10, 0);
    l.checkpoint(1n, 4, 6000);
    expect(l.renew(1n, 6000)).toBe(10);
    expect(l.lookup(1n)!.expiryMs).toBe(16_000);
    expect(l.findDueCheckpoints(6000)).toEqual([{ ID: 1n, remainingTTL: 0 }]);
    l.checkpoint(1n, 0, 6000);
    expect(unsafeGetLease(be.readTx(), 1n)).toEqual({ ID: 1n, TTL: 10, RemainingTTL: 0 });
    expect(l.renew(1n, 7000)).toBe(10);
    expect(l.findDueCheckpoints(7000)).toEqual([]); // nothing to clear now
  });

  it('of an unknown lease are ignored', () => {
    const l = lessor();
    expect(() => l.checkpoint(42n, 5, 0)).not.toThrow();
    expect(l.leases()).toEqual([]);
  });
});

describe('persistence and recovery', () => {
  it('writes the lease bucket on grant, checkpoint and revoke', () => {
    const be = new MapBackend();
    const l = new Lessor({ backend: be, rangeDeleter: { deleteKeys: () => {} } });
    l.grant(0x6f6fa20c5f546223n, 60, 0);
    expect(unsafeGetLease(be.readTx(), 0x6f6fa20c5f546223n)).toEqual({ ID: 0x6f6fa20c5f546223n, TTL: 60, RemainingTTL: 0 });
    l.checkpoint(0x6f6fa20c5f546223n, 42, 0);
    expect(unsafeGetLease(be.readTx(), 0x6f6fa20c5f546223n)!.RemainingTTL).toBe(42);
    l.revoke(0x6f6fa20c5f546223n);
    expect(unsafeGetLease(be.readTx(), 0x6f6fa20c5f546223n)).toBeUndefined();
    const noPersist = new Lessor({ backend: new MapBackend(), checkpointPersist: false });
    noPersist.grant(1n, 60, 0);
    noPersist.checkpoint(1n, 42, 0);
    expect(noPersist.lookup(1n)!.remainingTTL).toBe(42);
  });

  it('a reopened member restores committed leases, FOREVER until promoted, keys re-attached by the store', async () => {
    const disk = new MapDisk();
    const be = new MapBackend(disk);
    const a = new Lessor({ backend: be, rangeDeleter: { deleteKeys: () => {} } });
    a.promote(0, 0);
    a.grant(1n, 30, 0);
    a.grant(2n, 600, 0);
    a.grant(3n, 10, 0);
    a.attach(1n, [bytes('k1')]);
    a.checkpoint(2n, 120, 480_000);
    a.revoke(3n);
    await be.forceCommit();
    a.grant(4n, 10, 0); // not committed: lost in the crash

    const b = new Lessor({ backend: new MapBackend(disk) });
    expect(b.leases().map((x) => [x.ID, x.ttl, x.remainingTTL, x.expiryMs, x.keys.length])).toEqual([
      [1n, 30, 0, FOREVER, 0],
      [2n, 600, 120, FOREVER, 0],
    ]);
    b.attach(1n, [bytes('k1')]); // the MVCC store restores after the lessor and re-attaches
    b.promote(1000, 1_000_000);
    expect(b.timeToLive(1n, 1_000_000, true)).toEqual({ ID: 1n, TTL: 31, grantedTTL: 30, keys: [bytes('k1')] });
    expect(b.timeToLive(2n, 1_000_000).TTL).toBe(121); // the checkpoint survived the restart
  });

  it('a leader change through the same backend keeps the checkpointed remaining TTL', async () => {
    const disk = new MapDisk();
    const be = new MapBackend(disk);
    const old = new Lessor({ backend: be });
    old.promote(0, 0);
    old.grant(7n, 900, 0);
    const [cp] = old.findDueCheckpoints(300_000);
    old.checkpoint(cp!.ID, cp!.remainingTTL, 300_000);
    old.demote();
    await be.forceCommit();
    const next = new Lessor({ backend: new MapBackend(disk) });
    next.promote(1000, 400_000);
    expect(next.timeToLive(7n, 400_000)).toEqual({ ID: 7n, TTL: 601, grantedTTL: 900, keys: [] });
  });

  it('recover raises stored TTLs to the current minimum and refreshes at once on a primary', () => {
    const disk = new MapDisk();
    const be = new MapBackend(disk);
    new Lessor({ backend: be }).grant(1n, 2, 0);
    const strict = new Lessor({ backend: be, minLeaseTTL: 5 });
    expect(strict.lookup(1n)!.ttl).toBe(5);
    strict.promote(0, 0);
    strict.grant(2n, 8, 0);
    strict.attach(2n, [bytes('x')]);
    strict.recover(10_000);
    expect(strict.leases().map((x) => [x.ID, x.expiryMs, str(x.keys)])).toEqual([
      [1n, 15_000, []],
      [2n, 18_000, []],
    ]);
    expect(strict.findExpiredLeases(15_000)).toEqual([1n]);
  });

  it('recover can switch to a new backend (snapshot install)', () => {
    const snap = new MapBackend();
    new Lessor({ backend: snap }).grant(5n, 10, 0);
    const l = lessor();
    l.grant(1n, 10, 0);
    l.recover(0, snap);
    expect(l.leases().map((x) => x.ID)).toEqual([5n]);
  });
});
