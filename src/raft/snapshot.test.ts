/**
 * Snapshots: restore on followers, sending MsgSnap, the StateSnapshot progress transitions
 * (etcd-raft's raft_snap_test.go and the snapshot cases of raft_test.go).
 */
import { describe, expect, it } from 'vitest';
import { newEntry, newMessage } from './messages';
import type { Snapshot } from './messages';
import type { Raft } from './raft';
import { restoreSnapshot } from './raft-conf';
import { hup, Network, newTestMemoryStorage, newTestRaft, nextEnts, prop } from './test-network';

function snap(index: number, term: number, voters: number[], learners: number[] = []): Snapshot {
  return { data: new Uint8Array(0), metadata: { index, term, confState: { voters, learners } } };
}

const testingSnap = snap(11, 11, [1, 2]);

function leaderAfterRestore(peers: number[]): Raft {
  const r = newTestRaft(1, 10, 1, newTestMemoryStorage(peers));
  restoreSnapshot(r, testingSnap);
  r.becomeCandidate();
  r.becomeLeader();
  return r;
}

describe('restore', () => {
  it('restores log position and config; refuses the same snapshot twice; no campaign while pending', () => {
    const s = snap(11, 11, [1, 2, 3]);
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    expect(restoreSnapshot(r, s)).toBe(true);
    expect(r.raftLog.lastIndex()).toBe(11);
    expect(r.raftLog.term(11)).toBe(11);
    expect(r.trk.voterNodes()).toEqual([1, 2, 3]);
    expect(restoreSnapshot(r, s)).toBe(false);
    for (let i = 0; i < r.randomizedElectionTimeout; i++) r.tick();
    expect(r.state).toBe('StateFollower');
  });

  it('restores learners', () => {
    const s = snap(11, 11, [1, 2], [3]);
    const r = newTestRaft(3, 8, 2, newTestMemoryStorage([1, 2], [3]));
    expect(restoreSnapshot(r, s)).toBe(true);
    expect(r.trk.voterNodes()).toEqual([1, 2]);
    expect(r.trk.learnerNodes()).toEqual([3]);
    for (const id of [1, 2]) expect(r.trk.progress.get(id)!.isLearner).toBe(false);
    expect(r.trk.progress.get(3)!.isLearner).toBe(true);
    expect(restoreSnapshot(r, s)).toBe(false);
  });

  it('a voter accepts a snapshot that demotes it to learner', () => {
    const r = newTestRaft(3, 10, 1, newTestMemoryStorage([1, 2, 3]));
    expect(r.isLearner).toBe(false);
    expect(restoreSnapshot(r, snap(11, 11, [1, 2], [3]))).toBe(true);
    expect(r.isLearner).toBe(true);
  });

  it('a learner restoring a snapshot that lists it as voter is promoted', () => {
    const r = newTestRaft(3, 10, 1, newTestMemoryStorage([1, 2], [3]));
    expect(r.isLearner).toBe(true);
    expect(restoreSnapshot(r, snap(11, 11, [1, 2, 3]))).toBe(true);
    expect(r.isLearner).toBe(false);
  });

  it('a snapshot not listing this node is ignored', () => {
    const r = newTestRaft(3, 10, 1, newTestMemoryStorage([1, 2, 3]));
    expect(restoreSnapshot(r, snap(11, 11, [1, 2]))).toBe(false);
    expect(r.raftLog.lastIndex()).toBe(0);
  });

  it('a snapshot at or below commit is ignored; one matching the log only fast-forwards commit', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    r.raftLog.append([1, 2, 3].map((i) => newEntry({ index: i, term: 1 })));
    r.raftLog.commitTo(1);
    expect(restoreSnapshot(r, snap(1, 1, [1, 2]))).toBe(false);
    expect(r.raftLog.committed).toBe(1);
    expect(restoreSnapshot(r, snap(2, 1, [1, 2]))).toBe(false);
    expect(r.raftLog.committed).toBe(2);
  });

  it('MsgSnap from the leader sets lead', () => {
    const r = newTestRaft(2, 10, 1, newTestMemoryStorage([1, 2]));
    r.step(newMessage({ type: 'MsgSnap', from: 1, term: 2, snapshot: testingSnap }));
    expect(r.lead).toBe(1);
    const resp = r.readMessages();
    expect(resp).toEqual([newMessage({ type: 'MsgAppResp', from: 2, to: 1, term: 2, index: 11 })]);
  });

  it('a learner behind the compaction point catches up via snapshot', () => {
    const s = snap(11, 11, [1], [2]);
    const store = newTestMemoryStorage([1], [2]);
    const n1 = newTestRaft(1, 10, 1, store);
    const n2 = newTestRaft(2, 10, 1, newTestMemoryStorage([1], [2]));
    restoreSnapshot(n1, s);
    const pending = n1.raftLog.nextUnstableSnapshot()!;
    store.applySnapshot(pending);
    n1.raftLog.stableSnapTo(pending.metadata.index);
    n1.raftLog.appliedTo(pending.metadata.index);
    const nt = new Network([n1, n2]);
    n1.randomizedElectionTimeout = n1.electionTimeout;
    for (let i = 0; i < n1.electionTimeout; i++) n1.tick();
    nt.send(newMessage({ type: 'MsgBeat', from: 1, to: 1 }));
    expect(n1.state).toBe('StateLeader');
    expect(n2.raftLog.committed).toBe(n1.raftLog.committed);
  });
});

describe('sending snapshots', () => {
  it('a follower that needs compacted entries gets MsgSnap (pendingSnapshot set)', () => {
    const r = leaderAfterRestore([1]);
    const pr = r.trk.progress.get(2)!;
    pr.next = r.raftLog.firstIndex();
    r.step(newMessage({ type: 'MsgAppResp', from: 2, to: 1, index: pr.next - 1, reject: true }));
    const msgs = r.readMessages();
    expect(msgs.length).toBe(1);
    expect(msgs[0].type).toBe('MsgSnap');
    expect(pr.pendingSnapshot).toBe(11);
    expect(pr.state).toBe('StateSnapshot');
  });

  it('no snapshot for a follower that is not recently active', () => {
    const r = leaderAfterRestore([1]);
    const pr = r.trk.progress.get(2)!;
    pr.next = r.raftLog.firstIndex() - 1;
    pr.recentActive = false;
    r.step(prop(1));
    expect(r.readMessages()).toEqual([]);
  });

  it('StateSnapshot pauses replication', () => {
    const r = leaderAfterRestore([1, 2]);
    r.trk.progress.get(2)!.becomeSnapshot(11);
    r.step(prop(1));
    expect(r.readMessages()).toEqual([]);
  });

  it('snapshot failure: pending cleared, probe from match+1, paused', () => {
    const r = leaderAfterRestore([1, 2]);
    const pr = r.trk.progress.get(2)!;
    pr.next = 1;
    pr.becomeSnapshot(11);
    r.step(newMessage({ type: 'MsgSnapStatus', from: 2, to: 1, reject: true }));
    expect([pr.pendingSnapshot, pr.next, pr.msgAppFlowPaused, pr.state]).toEqual([0, 1, true, 'StateProbe']);
  });

  it('snapshot success: probe from snapshot index+1, paused', () => {
    const r = leaderAfterRestore([1, 2]);
    const pr = r.trk.progress.get(2)!;
    pr.next = 1;
    pr.becomeSnapshot(11);
    r.step(newMessage({ type: 'MsgSnapStatus', from: 2, to: 1, reject: false }));
    expect([pr.pendingSnapshot, pr.next, pr.msgAppFlowPaused, pr.state]).toEqual([0, 12, true, 'StateProbe']);
  });

  it('an ack at the snapshot index aborts StateSnapshot and resumes replication', () => {
    const r = leaderAfterRestore([1, 2]);
    const pr = r.trk.progress.get(2)!;
    pr.next = 1;
    pr.becomeSnapshot(11);
    // The follower acks the snapshot index (e.g. it got the entries some other way).
    r.step(newMessage({ type: 'MsgAppResp', from: 2, to: 1, index: 11 }));
    expect(pr.pendingSnapshot).toBe(0);
    expect(pr.state).toBe('StateReplicate');
    // Next moved past the leader's empty entry, which was sent right away.
    expect(pr.next).toBe(13);
    expect(pr.inflights.count()).toBe(1);
  });

  it('a slow node catches up via snapshot after the leader compacts', () => {
    const nt = new Network([undefined, undefined, undefined]);
    nt.send(hup(1));
    nt.isolate(3);
    for (let j = 0; j <= 100; j++) nt.send(prop(1, ''));
    const lead = nt.raft(1);
    nextEnts(lead, nt.storage.get(1)!);
    nt.storage.get(1)!.createSnapshot(lead.raftLog.applied, { voters: lead.trk.voterNodes(), learners: [] }, new Uint8Array(0));
    nt.storage.get(1)!.compact(lead.raftLog.applied);
    nt.recover();
    // Heartbeats until the leader knows 3 is active again (so it will send a snapshot).
    for (let i = 0; i < 100 && !lead.trk.progress.get(3)!.recentActive; i++) nt.send(newMessage({ type: 'MsgBeat', from: 1, to: 1 }));
    expect(lead.trk.progress.get(3)!.recentActive).toBe(true);
    // Trigger a snapshot.
    nt.send(prop(1, ''));
    const follower = nt.raft(3);
    // The follower persists and applies the snapshot, then the leader learns it via an ack.
    nt.send(prop(1, ''));
    expect(follower.raftLog.committed).toBe(lead.raftLog.committed);
    expect(follower.lead).toBe(1);
    expect(follower.raftLog.firstIndex()).toBeGreaterThan(1);
    expect(lead.trk.progress.get(3)!.state).toBe('StateReplicate');
  });
});
