import { afterEach, describe, expect, it } from 'vitest';
import { ErrNoSpace } from './errors';
import { formatAlarm } from './quota';
import { b, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('etcd member: quota and alarms', () => {
  it('raises NOSPACE past the quota, then only deletes/reads/compaction work until disarm after compact + defrag', async () => {
    c = await TestCluster.start({ size: 3, quotaBackendBytes: 120 * 1024 });
    const leader = await c.waitLeader();
    const f = c.live().find((s) => s !== leader)!;
    const big = new Uint8Array(4096).fill(98);
    let failedAt = -1;
    for (let i = 0; i < 100; i++) {
      await c.tick(1); // the backend commits on its batch interval: dbSize grows then
      const err = await c.run(f.put({ key: b(`big${i}`), value: big })).catch((e: unknown) => e);
      if (err instanceof ErrNoSpace) {
        failedAt = i;
        expect(err.message).toBe('etcdserver: mvcc: database space exceeded');
        break;
      }
    }
    expect(failedAt).toBeGreaterThan(5);
    await c.tick(2);
    for (const s of c.live()) {
      const al = await s.alarmList();
      expect(al.alarms).toEqual([{ memberID: f.memberId, alarm: 'NOSPACE' }]);
    }
    expect((await leader.status()).errors).toEqual([formatAlarm({ memberID: f.memberId, alarm: 'NOSPACE' })]);
    expect(formatAlarm({ memberID: 9833083175480742342n, alarm: 'NOSPACE' })).toBe('memberID:9833083175480742342 alarm:NOSPACE ');
    await expect(c.run(leader.put({ key: b('small'), value: b('x') }))).rejects.toThrow('etcdserver: mvcc: database space exceeded');
    await expect(c.run(leader.leaseGrant({ TTL: 10 }))).rejects.toBeInstanceOf(ErrNoSpace);
    // reads, deletes and compaction still work
    expect((await c.run(leader.range({ key: b('big0') }))).kvs).toHaveLength(1);
    const del = await c.run(leader.deleteRange({ key: b('big'), rangeEnd: b('bih') }));
    expect(del.deleted).toBe(failedAt);
    await c.run(leader.compact({ revision: del.header.revision, physical: true }));
    for (const s of c.live()) {
      await c.until(() => !s.kv.compactionPending());
      await s.be.forceCommit();
      await s.defragment();
    }
    const disarmed = await c.run(leader.alarmDisarm({ memberID: f.memberId, alarm: 'NOSPACE' }));
    expect(disarmed.alarms).toEqual([{ memberID: f.memberId, alarm: 'NOSPACE' }]);
    await c.tick(1);
    for (const s of c.live()) expect((await s.alarmList()).alarms).toEqual([]);
    const ok = await c.run(leader.put({ key: b('small'), value: b('x') }));
    expect(ok.header.revision).toBe(del.header.revision + 1);
  });
});
