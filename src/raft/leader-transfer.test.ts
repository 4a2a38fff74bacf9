/**
 * Leadership transfer (Raft thesis §3.10): MsgTransferLeader / MsgTimeoutNow, catch-up first,
 * timeout abort, proposals dropped during a transfer (raft_test.go §1e).
 */
import { describe, expect, it } from 'vitest';
import { ErrProposalDropped } from './errors';
import { newMessage, None } from './messages';
import type { Message, StateType } from './messages';
import type { Raft } from './raft';
import { applyConfChange } from './raft-conf';
import { hup, Network, newTestMemoryStorage, newTestRaft, nextEnts, prop } from './test-network';

function transfer(from: number, to: number): Message {
  return newMessage({ type: 'MsgTransferLeader', from, to });
}

function checkState(r: Raft, state: StateType, lead: number): void {
  expect(r.state).toBe(state);
  expect(r.lead).toBe(lead);
  expect(r.leadTransferee).toBe(None);
}

function cluster(opts = {}): Network {
  const nt = new Network([undefined, undefined, undefined], opts);
  nt.send(hup(1));
  return nt;
}

describe('leader transfer', () => {
  it('to an up-to-date node, and back', () => {
    const nt = cluster();
    const lead = nt.raft(1);
    expect(lead.lead).toBe(1);
    nt.send(transfer(2, 1));
    checkState(lead, 'StateFollower', 2);
    nt.send(prop(1, ''));
    nt.send(transfer(1, 2));
    checkState(lead, 'StateLeader', 1);
  });

  it('requested on a follower (forwarded to the leader)', () => {
    const nt = cluster();
    const lead = nt.raft(1);
    nt.send(transfer(2, 2));
    checkState(lead, 'StateFollower', 2);
    nt.send(prop(1, ''));
    nt.send(transfer(1, 1));
    checkState(lead, 'StateLeader', 1);
  });

  it('works despite the CheckQuorum lease (the vote is marked as a transfer)', () => {
    const nt = new Network([undefined, undefined, undefined]);
    for (let i = 1; i <= 3; i++) {
      const r = nt.raft(i);
      r.checkQuorum = true;
      r.randomizedElectionTimeout = r.electionTimeout + i;
    }
    const f = nt.raft(2);
    for (let i = 0; i < f.electionTimeout; i++) f.tick();
    nt.send(hup(1));
    const lead = nt.raft(1);
    expect(lead.state).toBe('StateLeader');
    nt.send(transfer(2, 1));
    checkState(lead, 'StateFollower', 2);
    nt.send(prop(1, ''));
    nt.send(transfer(1, 2));
    checkState(lead, 'StateLeader', 1);
  });

  it('to a slow follower: catch it up first', () => {
    const nt = cluster();
    nt.isolate(3);
    nt.send(prop(1, ''));
    nt.recover();
    const lead = nt.raft(1);
    expect(lead.trk.progress.get(3)!.match).toBe(1);
    nt.send(transfer(3, 1));
    checkState(lead, 'StateFollower', 3);
  });

  it('to a follower that needs a snapshot: after it applied the snapshot', () => {
    const nt = cluster();
    nt.isolate(3);
    nt.send(prop(1, ''));
    const lead = nt.raft(1);
    nextEnts(lead, nt.storage.get(1)!);
    nt.storage.get(1)!.createSnapshot(lead.raftLog.applied, { voters: lead.trk.voterNodes(), learners: [] }, new Uint8Array(0));
    nt.storage.get(1)!.compact(lead.raftLog.applied);
    nt.recover();
    expect(lead.trk.progress.get(3)!.match).toBe(1);
    let filtered: Message | undefined;
    // Hold back 3's ack of the snapshot until 3 has "persisted and applied" it.
    nt.msgHook = (m) => {
      if (m.type !== 'MsgAppResp' || m.from !== 3 || m.reject) return true;
      filtered = m;
      return false;
    };
    nt.send(transfer(3, 1));
    expect(lead.state).toBe('StateLeader');
    expect(filtered).toBeDefined();
    const follower = nt.raft(3);
    const snap = follower.raftLog.nextUnstableSnapshot()!;
    nt.storage.get(3)!.applySnapshot(snap);
    follower.raftLog.stableSnapTo(snap.metadata.index);
    follower.raftLog.appliedTo(snap.metadata.index);
    nt.msgHook = undefined;
    nt.send(filtered!);
    checkState(lead, 'StateFollower', 3);
  });

  it('to self or to a non-member is a no-op', () => {
    const nt = cluster();
    const lead = nt.raft(1);
    nt.send(transfer(1, 1));
    checkState(lead, 'StateLeader', 1);
    nt.send(transfer(4, 1));
    checkState(lead, 'StateLeader', 1);
  });

  it('is aborted after an election timeout', () => {
    const nt = cluster();
    nt.isolate(3);
    const lead = nt.raft(1);
    nt.send(transfer(3, 1));
    expect(lead.leadTransferee).toBe(3);
    for (let i = 0; i < lead.heartbeatTimeout; i++) lead.tick();
    expect(lead.leadTransferee).toBe(3);
    for (let i = 0; i < lead.electionTimeout - lead.heartbeatTimeout; i++) lead.tick();
    checkState(lead, 'StateLeader', 1);
  });

  it('drops proposals while in progress', () => {
    const s = newTestMemoryStorage([1, 2, 3]);
    const r = newTestRaft(1, 10, 1, s);
    const nt = new Network([r, undefined, undefined]);
    nt.send(hup(1));
    nt.isolate(3);
    nextEnts(r, s);
    nt.send(transfer(3, 1));
    expect(r.leadTransferee).toBe(3);
    nt.send(prop(1, ''));
    expect(() => r.step(prop(1, ''))).toThrow(ErrProposalDropped);
    expect(r.trk.progress.get(1)!.match).toBe(1);
  });

  it('a higher-term vote during a transfer makes the leader step down normally', () => {
    const nt = cluster();
    nt.isolate(3);
    const lead = nt.raft(1);
    nt.send(transfer(3, 1));
    expect(lead.leadTransferee).toBe(3);
    nt.send(newMessage({ type: 'MsgHup', from: 2, to: 2, index: 1, term: 2 }));
    checkState(lead, 'StateFollower', 2);
  });

  it('is aborted when the transferee is removed', () => {
    const nt = cluster();
    nt.ignore('MsgTimeoutNow');
    const lead = nt.raft(1);
    nt.send(transfer(3, 1));
    expect(lead.leadTransferee).toBe(3);
    applyConfChange(lead, { type: 'ConfChangeRemoveNode', nodeId: 3 });
    checkState(lead, 'StateLeader', 1);
  });

  it('is aborted when the transferee is demoted to learner', () => {
    const nt = cluster();
    nt.ignore('MsgTimeoutNow');
    const lead = nt.raft(1);
    nt.send(transfer(3, 1));
    expect(lead.leadTransferee).toBe(3);
    applyConfChange(lead, { type: 'ConfChangeAddLearnerNode', nodeId: 3 });
    checkState(lead, 'StateLeader', 1);
  });

  it('transfer back to the leader cancels the pending transfer', () => {
    const nt = cluster();
    nt.isolate(3);
    const lead = nt.raft(1);
    nt.send(transfer(3, 1));
    expect(lead.leadTransferee).toBe(3);
    nt.send(transfer(1, 1));
    checkState(lead, 'StateLeader', 1);
  });

  it('a second transfer to another node replaces the first', () => {
    const nt = cluster();
    nt.isolate(3);
    const lead = nt.raft(1);
    nt.send(transfer(3, 1));
    expect(lead.leadTransferee).toBe(3);
    nt.send(transfer(2, 1));
    checkState(lead, 'StateFollower', 2);
  });

  it('a second transfer to the same node does not extend the timeout', () => {
    const nt = cluster();
    nt.isolate(3);
    const lead = nt.raft(1);
    nt.send(transfer(3, 1));
    expect(lead.leadTransferee).toBe(3);
    for (let i = 0; i < lead.heartbeatTimeout; i++) lead.tick();
    nt.send(transfer(3, 1));
    for (let i = 0; i < lead.electionTimeout - lead.heartbeatTimeout; i++) lead.tick();
    checkState(lead, 'StateLeader', 1);
  });

  it('a learner cannot be the transferee', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1], [2]));
    r.becomeCandidate();
    r.becomeLeader();
    r.step(transfer(2, 1));
    expect(r.leadTransferee).toBe(None);
  });

  it('a node that is not a member ignores MsgTimeoutNow and votes', () => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([2, 3, 4]));
    r.step(newMessage({ type: 'MsgTimeoutNow', from: 2, to: 1 }));
    r.step(newMessage({ type: 'MsgVoteResp', from: 2, to: 1 }));
    r.step(newMessage({ type: 'MsgVoteResp', from: 3, to: 1 }));
    expect(r.state).toBe('StateFollower');
  });

  it('MsgTimeoutNow starts a real election (no pre-vote) even with preVote on', () => {
    const r = newTestRaft(2, 10, 1, newTestMemoryStorage([1, 2, 3]), { preVote: true });
    r.becomeFollower(1, 1);
    r.step(newMessage({ type: 'MsgTimeoutNow', from: 1, to: 2, term: 1 }));
    expect(r.state).toBe('StateCandidate');
    expect(r.term).toBe(2);
    const votes = r.readMessages().filter((m) => m.type === 'MsgVote');
    expect(votes.length).toBe(2);
    expect(new TextDecoder().decode(votes[0].context)).toBe('CampaignTransfer');
  });
});
