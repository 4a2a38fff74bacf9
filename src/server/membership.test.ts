import { afterEach, describe, expect, it } from 'vitest';
import { ErrNotLeader } from './errors';
import { b, str, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('etcd member: membership', () => {
  it('adds a learner (unstarted until it starts), promotes it once in sync', async () => {
    c = await TestCluster.start({ size: 3, snapshotCount: 20, snapshotCatchUpEntries: 5 });
    const leader = await c.waitLeader();
    for (let i = 0; i < 30; i++) await c.run(leader.put({ key: b(`k${i}`), value: b('v') }));
    const f = c.live().find((s) => s !== leader)!;
    const add = await c.run(f.memberAdd(['http://127.0.0.1:42380'], true));
    expect(add.raftId).toBe(4);
    expect(add.member).toMatchObject({ name: '', isLearner: true, peerURLs: ['http://127.0.0.1:42380'], clientURLs: [] });
    expect(add.members).toHaveLength(4);
    await expect(c.run(leader.memberPromote(add.member.ID))).rejects.toThrow(
      'etcdserver: can only promote a learner member which is in sync with leader',
    );
    await expect(c.run(leader.memberAdd(['http://127.0.0.1:52380'], true))).rejects.toThrow('etcdserver: too many learner members in cluster');
    await expect(c.run(leader.memberAdd(['http://127.0.0.1:22380'], false))).rejects.toThrow('etcdserver: Peer URLs already exists');
    const j = await c.join(4, add.member.ID, 'infra4', 'http://127.0.0.1:42380', 'http://127.0.0.1:42379');
    await c.until(() => j.kv.rev() === leader.kv.rev() && leader.cluster.member(add.member.ID)?.name === 'infra4');
    expect(j.r.node.raft.isLearner).toBe(true);
    await expect(j.put({ key: b('no'), value: b('1') })).rejects.toThrow('etcdserver: rpc not supported for learner');
    await expect(j.range({ key: b('k1') })).rejects.toThrow('etcdserver: rpc not supported for learner');
    expect((await j.range({ key: b('k1'), serializable: true })).kvs).toHaveLength(1);
    expect((await j.status()).isLearner).toBe(true);
    const listed = (await leader.memberList()).members.find((m) => m.ID === add.member.ID)!;
    expect(listed).toMatchObject({ name: 'infra4', clientURLs: ['http://127.0.0.1:42379'], isLearner: true });
    const notLeader = await f.memberPromote(add.member.ID).catch((e: unknown) => e);
    expect(notLeader).toBeInstanceOf(ErrNotLeader);
    await expect(leader.memberPromote(leader.memberId)).rejects.toThrow('etcdserver: can only promote a learner member');
    await expect(leader.memberPromote(1234n)).rejects.toThrow('etcdserver: member not found');
    const pr = await c.run(leader.memberPromote(add.member.ID));
    expect(pr.members.find((m) => m.ID === add.member.ID)!.isLearner).toBe(false);
    await c.tick(3);
    expect(j.r.node.raft.isLearner).toBe(false);
    expect(j.state().members.every((m) => !m.isLearner)).toBe(true);
    const r = await c.run(j.range({ key: b('k29') }));
    expect(str(r.kvs[0]!.value)).toBe('v');
  });

  it('a 1-member cluster may add a voter; it stalls until the new member starts (quorum 2)', async () => {
    c = await TestCluster.start({ size: 1 });
    const m = await c.waitLeader();
    await c.tick(5);
    const add = await c.run(m.memberAdd(['http://127.0.0.1:22380'], false));
    expect(add.member.isLearner).toBe(false);
    const stalled = m.put({ key: b('k'), value: b('v') }, { timeoutMs: 1000 });
    await expect(c.run(stalled)).rejects.toThrow(/request timed out/);
    const j = await c.join(add.raftId, add.member.ID, 'infra2', 'http://127.0.0.1:22380', 'http://127.0.0.1:22379');
    const p = await c.run(m.put({ key: b('k'), value: b('v') }));
    await c.until(() => j.kv.rev() === p.header.revision && m.cluster.member(add.member.ID)?.name === 'infra2');
    // with 2 started voters, a third voter may not be added while one of them is unstarted
    const add3 = await c.run(m.memberAdd(['http://127.0.0.1:32380'], false));
    expect(add3.members).toHaveLength(3);
    await expect(c.run(m.memberAdd(['http://127.0.0.1:42380'], false), 50)).rejects.toThrow(
      'etcdserver: re-configuration failed due to not enough started members',
    );
  });

  it('removes a member: it stops, the rest keep serving; removing again fails', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    await c.tick(5);
    const victim = c.live().find((s) => s !== leader)!;
    const rm = await c.run(leader.memberRemove(victim.memberId));
    expect(rm.members.map((m) => m.ID)).not.toContain(victim.memberId);
    await c.until(() => victim.stopped);
    expect(victim.removed).toBe(true);
    await expect(c.run(leader.memberRemove(victim.memberId))).rejects.toThrow('etcdserver: member not found');
    const p = await c.run(leader.put({ key: b('after'), value: b('rm') }));
    expect(p.header.revision).toBe(2);
    expect(leader.r.node.raft.trk.confState().voters).toHaveLength(2);
    // a removed member that restarts stops at once
    c.crash(victim.raftId);
    const again = await c.restart(victim.raftId);
    expect(again.stopped).toBe(true);
    expect(again.removed).toBe(true);
    // raft ids are never reused, even by a member restarted since
    c.crash(leader.raftId);
    const back = await c.restart(leader.raftId);
    expect(back.removedRaftIds.has(victim.raftId)).toBe(true);
    const l2 = await c.waitLeader();
    const add = await c.run(l2.memberAdd(['http://127.0.0.1:42380'], true));
    expect(add.raftId).toBe(4);
  });

  it('a member that joins after a removal lists exactly the leader\'s members (no phantom from the bootstrap entries)', async () => {
    c = await TestCluster.start({ size: 3, snapshotCount: 10_000 });
    const leader = await c.waitLeader();
    const victim = c.live().find((s) => s !== leader)!;
    await c.run(leader.memberRemove(victim.memberId));
    await c.until(() => victim.stopped);
    const add = await c.run(leader.memberAdd(['http://127.0.0.1:42380'], false));
    // the new member replays the whole log from index 1, bootstrap entries included
    const j = await c.join(add.raftId, add.member.ID, 'infra4', 'http://127.0.0.1:42380', 'http://127.0.0.1:42379');
    await c.until(() => j.kv.consistentIndex() >= leader.kv.consistentIndex() && j.state().members.length === 3);
    const ids = (m: { members: { ID: bigint }[] }) => m.members.map((x) => x.ID).sort();
    expect(ids(await j.memberList())).toEqual(ids(await leader.memberList()));
    expect((await j.memberList()).members.map((m) => m.name).sort()).toEqual(
      (await leader.memberList()).members.map((m) => m.name).sort(),
    );
  });

  it('a member removed while partitioned cannot disrupt the cluster after the heal', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    await c.tick(5);
    const victim = c.live().find((s) => s !== leader)!;
    c.net.partition([[victim.raftId], c.live().filter((s) => s !== victim).map((s) => s.raftId)]);
    await c.run(leader.memberRemove(victim.memberId));
    await c.tick(60); // the victim campaigns, bumping its term (no pre-vote in 3.4)
    expect(victim.r.node.raft.term).toBeGreaterThan(leader.r.node.raft.term);
    const term = leader.r.node.raft.term;
    c.net.heal();
    await c.tick(60);
    expect(leader.raftState).toBe('StateLeader');
    expect(leader.r.node.raft.term).toBe(term);
    const p = await c.run(leader.put({ key: b('k'), value: b('v') }));
    expect(p.header.revision).toBe(2);
  });

  it('updates peer URLs and moves the leader (term + 1)', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    await c.tick(5);
    const f = c.live().find((s) => s !== leader)!;
    const up = await c.run(f.memberUpdate(f.memberId, ['http://127.0.0.1:22381']));
    expect(up.members.find((m) => m.ID === f.memberId)!.peerURLs).toEqual(['http://127.0.0.1:22381']);
    // restarted with its new peer URL, the member keeps its ID (stored in its backend, not re-derived)
    await c.tick(2);
    c.crash(f.raftId);
    const slot = c.slots.get(f.raftId)!;
    slot.cfg = { ...slot.cfg, initialCluster: slot.cfg.initialCluster.map((m) => (m.raftId === f.raftId ? { ...m, peerURLs: ['http://127.0.0.1:22381'] } : m)) };
    const f2 = await c.restart(f.raftId);
    expect(f2.memberId).toBe(f.memberId);
    expect(f2.clusterId).toBe(f.clusterId);
    await expect(f2.moveLeader(leader.memberId)).rejects.toBeInstanceOf(ErrNotLeader);
    await expect(leader.moveLeader(42n)).rejects.toThrow('etcdserver: bad leader transferee');
    await c.run(leader.moveLeader(leader.memberId));
    const term = leader.r.node.raft.term;
    await c.run(leader.moveLeader(f2.memberId));
    expect(f2.raftState).toBe('StateLeader');
    expect(f2.r.node.raft.term).toBe(term + 1);
    expect((await leader.status()).leader).toBe(f2.memberId);
  });
});
