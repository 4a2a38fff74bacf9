import { afterEach, describe, expect, it } from 'vitest';
import { ErrNotLeader } from './errors';
import { b, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('etcd member: leases', () => {
  it('grants through raft on any member; keep-alive is served by the leader only', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const f = c.live().find((s) => s !== leader)!;
    const g = await c.run(f.leaseGrant({ TTL: 1 }));
    expect(g.TTL).toBe(2); // raised to the minimum TTL (1.5 election timeouts)
    expect(g.ID >> 48n).toBe(f.memberId & 0x7fffn); // etcd's idutil prefix, masked to 63 bits
    await c.tick(1);
    for (const s of c.live()) expect(s.lessor.lookup(g.ID)).toBeDefined();
    const err = await f.leaseRenew(g.ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrNotLeader);
    expect((err as ErrNotLeader).leaderRaftId).toBe(leader.raftId);
    expect((await leader.leaseRenew(g.ID)).TTL).toBe(2);
    expect((await leader.leaseRenew(12345n)).TTL).toBe(0);
    const ttl = await leader.leaseTimeToLive({ ID: 999n });
    expect(ttl.TTL).toBe(-1);
    expect((await f.leaseLeases()).leases.map((l) => l.ID)).toEqual([g.ID]);
  });

  it('timetolive right after a grant reads just under the TTL (remaining(59s) for 60 s), as on etcd', async () => {
    c = await TestCluster.start({ size: 1 });
    const leader = await c.waitLeader();
    const g = await c.run(leader.leaseGrant({ TTL: 60 }));
    const t = await leader.leaseTimeToLive({ ID: g.ID });
    expect([t.grantedTTL, t.TTL]).toEqual([60, 59]);
  });

  it('only the leader expires leases; the revoke deletes every attached key in one revision', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const g = await c.run(leader.leaseGrant({ TTL: 5 }));
    await c.run(leader.put({ key: b('l1'), value: b('x'), lease: g.ID }));
    const p = await c.run(leader.put({ key: b('l2'), value: b('y'), lease: g.ID }));
    await c.tick(1);
    for (const s of c.live()) {
      const v = s.lessor.lookup(g.ID)!;
      expect(v.expiryMs === Infinity).toBe(s !== leader);
    }
    await c.tick(30);
    expect((await c.run(leader.range({ key: b('l1') }))).kvs).toHaveLength(1);
    const ka = await leader.leaseRenew(g.ID);
    expect(ka.TTL).toBe(5);
    await c.tick(40);
    expect((await c.run(leader.range({ key: b('l1') }))).kvs).toHaveLength(1);
    await c.until(() => c!.live().every((s) => s.lessor.lookup(g.ID) === undefined), 80);
    for (const s of c.live()) {
      const r = await c.run(s.range({ key: b('l'), rangeEnd: b('m') }));
      expect(r.kvs).toHaveLength(0);
      expect(r.header.revision).toBe(p.header.revision + 1);
    }
  });

  it('leaseRevoke deletes the keys; revoking twice fails with etcd text', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const f = c.live().find((s) => s !== leader)!;
    const g = await c.run(f.leaseGrant({ TTL: 60 }));
    await c.run(f.put({ key: b('r'), value: b('1'), lease: g.ID }));
    const rv = await c.run(f.leaseRevoke(g.ID));
    expect(rv.header.revision).toBe(3);
    expect((await c.run(leader.range({ key: b('r') }))).kvs).toHaveLength(0);
    await expect(c.run(f.leaseRevoke(g.ID))).rejects.toThrow('etcdserver: requested lease not found');
    await expect(c.run(f.put({ key: b('r'), value: b('1'), lease: g.ID }))).rejects.toThrow('etcdserver: requested lease not found');
  });

  it('remaining TTLs survive a leader change through checkpoints', async () => {
    c = await TestCluster.start({ size: 3, leaseCheckpointIntervalMs: 2000 });
    const leader = await c.waitLeader();
    const g = await c.run(leader.leaseGrant({ TTL: 30 }));
    await c.tick(200); // 20 s
    const before = await leader.leaseTimeToLive({ ID: g.ID });
    expect(before.TTL).toBeLessThanOrEqual(10);
    for (const s of c.live()) if (s !== leader) expect(s.lessor.lookup(g.ID)!.remainingTTL).toBeLessThanOrEqual(12);
    c.crash(leader.raftId);
    await c.until(() => c!.leader() !== undefined);
    const nl = c.leader()!;
    // asked before (or as) its lessor is promoted, the new leader waits instead of bouncing
    const after = await c.run(nl.leaseTimeToLive({ ID: g.ID }));
    expect(nl.lessor.isPrimary()).toBe(true);
    expect(after.grantedTTL).toBe(30);
    expect(after.TTL).toBeLessThanOrEqual(14); // remaining + election timeout, not a fresh 30 s
    expect(after.TTL).toBeGreaterThan(5);
  });
});
