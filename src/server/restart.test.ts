import { afterEach, describe, expect, it } from 'vitest';
import { openBackend } from '../backend';
import { KVStore } from '../mvcc';
import type { MemberEvent } from './events';
import type { EtcdServer } from './server';
import { b, str, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

async function hashes(cl: TestCluster, rev: number): Promise<number[]> {
  const out: number[] = [];
  for (const s of cl.live()) out.push((await s.hashKV(rev)).hash);
  return out;
}

async function putMany(cl: TestCluster, via: EtcdServer, n: number, prefix = 'k'): Promise<number> {
  let rev = 0;
  for (let i = 0; i < n; i++) rev = (await cl.run(via.put({ key: b(`${prefix}${i}`), value: b(`v${i}`) }))).header.revision;
  return rev;
}

describe('etcd member: restart, crash, snapshots', () => {
  it('a restarted member recovers from its WAL and pages: no entry applied twice, none lost, same hashKV', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const rev = await putMany(c, leader, 20);
    const victim = c.live().find((s) => s !== leader)!.raftId;
    c.crash(victim);
    const rev2 = await putMany(c, leader, 5, 'after');
    await c.restart(victim);
    await c.until(() => c!.m(victim).kv.rev() === rev2);
    await c.tick(5);
    expect(c.m(victim).kv.rev()).toBe(rev2);
    expect(new Set(await hashes(c, rev2)).size).toBe(1);
    expect(new Set(await hashes(c, rev)).size).toBe(1);
    const r = await c.run(c.m(victim).range({ key: b('k19') }));
    expect(str(r.kvs[0]!.value)).toBe('v19');
  });

  it('a crash between the WAL save and the backend commit replays the entries above the consistent index', async () => {
    c = await TestCluster.start({ size: 3, batchIntervalMs: 1_000_000 });
    const leader = await c.waitLeader();
    await putMany(c, leader, 3);
    for (const s of c.live()) await s.be.forceCommit();
    const rev = await putMany(c, leader, 7, 'uncommitted');
    const victim = c.live().find((s) => s !== leader)!.raftId;
    expect(c.m(victim).be.batchTx().pending()).toBeGreaterThan(0); // applied, not committed
    const appliedBefore = c.m(victim).kv.consistentIndex();
    c.crash(victim);
    const slot = c.slots.get(victim)!;
    const probe = slot.pages;
    slot.pages = probe.crash();
    const durableCi = new KVStore(await openBackend(probe)).consistentIndex();
    expect(durableCi).toBeLessThan(appliedBefore); // the last entries live only in the WAL
    const s = await c.restart(victim);
    await c.until(() => s.kv.rev() === rev);
    expect(s.kv.consistentIndex()).toBeGreaterThanOrEqual(appliedBefore);
    await c.tick(3);
    expect(s.kv.rev()).toBe(rev);
    expect(new Set(await hashes(c, rev)).size).toBe(1);
  });

  it('a WAL save interrupted by a crash is not visible; the member catches up from the leader', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    await putMany(c, leader, 3);
    const victim = c.live().find((s) => s !== leader)!;
    const slot = c.slots.get(victim.raftId)!;
    const savesBefore = slot.wal.saves;
    slot.wal.stallNextSave();
    const rev = await putMany(c, leader, 2, 'x');
    expect(slot.wal.saves).toBe(savesBefore);
    c.crash(victim.raftId);
    const s = await c.restart(victim.raftId);
    await c.until(() => s.kv.rev() === rev);
    expect(new Set(await hashes(c, rev)).size).toBe(1);
  });

  it('takes snapshots every snapshotCount entries and catches up a member that was down with MsgSnap', async () => {
    c = await TestCluster.start({ size: 3, snapshotCount: 10, snapshotCatchUpEntries: 3 });
    const leader = await c.waitLeader();
    await putMany(c, leader, 5);
    const victim = c.live().find((s) => s !== leader)!.raftId;
    const got: string[] = [];
    const f = c.m(victim);
    f.watch({ key: b('k'), rangeEnd: b('l') }, (r) => got.push(...r.events.map((e) => str(e.kv.key))));
    c.crash(victim);
    const rev = await putMany(c, leader, 40, 'down');
    const st = leader.state();
    expect(st.snapshotIndex).toBeGreaterThan(20);
    expect(st.firstIndex).toBeGreaterThan(10);
    const s = await c.restart(victim);
    const evs: MemberEvent[] = [];
    s.on((e) => evs.push(e));
    await c.until(() => s.kv.rev() === rev);
    expect(evs.some((e) => e.kind === 'snapshot' && e.how === 'installed')).toBe(true);
    await c.tick(3);
    expect(new Set(await hashes(c, rev)).size).toBe(1);
    expect((await s.memberList()).members).toHaveLength(3);
    // writes after the install apply normally, and the restored member restarts cleanly
    const rev2 = await putMany(c, leader, 3, 'post');
    await c.until(() => s.kv.rev() === rev2);
    c.crash(victim);
    const s2 = await c.restart(victim);
    await c.tick(5);
    expect(s2.kv.rev()).toBe(rev2);
    expect(new Set(await hashes(c, rev2)).size).toBe(1);
  });

  it('a crash while installing a snapshot from the leader is repaired from the WAL snapshot on restart', async () => {
    c = await TestCluster.start({ size: 3, snapshotCount: 10, snapshotCatchUpEntries: 3 });
    const leader = await c.waitLeader();
    const victim = c.live().find((s) => s !== leader)!.raftId;
    c.crash(victim);
    const rev = await putMany(c, leader, 30);
    const s = await c.restart(victim);
    const pages = c.slots.get(victim)!.pages;
    s.on((e) => {
      // the backend rewrite of the snapshot install never lands
      if (e.kind === 'raft' && e.ev.type === 'receive' && e.ev.msg.type === 'MsgSnap') pages.crashNextCommit('before-write');
    });
    await c.until(() => s.stopped);
    c.crash(victim);
    expect((await c.slots.get(victim)!.wal.load()).snapshot!.data.length).toBeGreaterThan(0);
    const s2 = await c.restart(victim);
    expect(s2.kv.rev()).toBeGreaterThanOrEqual(rev - 5); // restored from the WAL's snapshot image at open
    await c.until(() => s2.kv.rev() === rev);
    expect(new Set(await hashes(c, rev)).size).toBe(1);
  });

  it('a watch on a member survives the install of a snapshot', async () => {
    c = await TestCluster.start({ size: 3, snapshotCount: 10, snapshotCatchUpEntries: 3 });
    const leader = await c.waitLeader();
    const victim = c.live().find((s) => s !== leader)!;
    const got: string[] = [];
    victim.watch({ key: b('w'), rangeEnd: b('x') }, (r) => got.push(...r.events.map((e) => str(e.kv.key))));
    c.net.partition([[victim.raftId], c.live().filter((s) => s !== victim).map((s) => s.raftId)]);
    await c.tick(1);
    const nl = await c.waitLeader(c.live().filter((s) => s !== victim).map((s) => s.raftId));
    for (let i = 0; i < 30; i++) await c.run(nl.put({ key: b(`w${String(i).padStart(2, '0')}`), value: b('v') }));
    c.net.heal();
    await c.until(() => got.length === 30, 300);
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => `w${String(i).padStart(2, '0')}`));
  });
});
