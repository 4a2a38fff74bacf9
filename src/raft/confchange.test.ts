/**
 * Membership changes (ConfChange v1): pendingConfIndex, tracker updates on apply, quorum
 * recomputation and the removed-leader cases (raft_test.go §1e, confchange_v1_*.txt).
 */
import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert';
import { ConfChangeError } from './confchange';
import { decodeConfChange, encodeConfChange } from './confchange-codec';
import { ErrProposalDropped } from './errors';
import { newEntry, newMessage } from './messages';
import type { ConfChange } from './messages';
import type { Raft } from './raft';
import { applyConfChange } from './raft-conf';
import { appendEntry } from './raft-replicate';
import { data, hup, Network, newTestMemoryStorage, newTestRaft, nextEnts } from './test-network';

function ccProp(cc?: ConfChange) {
  return newMessage({
    type: 'MsgProp',
    from: 1,
    to: 1,
    entries: [newEntry({ type: 'EntryConfChange', data: cc ? encodeConfChange(cc) : new Uint8Array(0) })],
  });
}

function leader(peers: number[], opts = {}): Raft {
  const r = newTestRaft(1, 10, 1, newTestMemoryStorage(peers), opts);
  r.becomeCandidate();
  r.becomeLeader();
  return r;
}

describe('conf change codec', () => {
  it.each([
    { type: 'ConfChangeAddNode', nodeId: 4 },
    { type: 'ConfChangeRemoveNode', nodeId: 1 },
    { type: 'ConfChangeUpdateNode', nodeId: 7, context: data('http://n7') },
    { type: 'ConfChangeAddLearnerNode', nodeId: 123456789 },
  ] as ConfChange[])('round-trips %j', (cc) => {
    expect(decodeConfChange(encodeConfChange(cc))).toEqual(cc);
  });

  it('rejects truncated data', () => {
    expect(() => decodeConfChange(new Uint8Array(3))).toThrow(AssertionError);
  });
});

describe('proposing conf changes', () => {
  it('the first conf change is appended and tracked as pending', () => {
    const r = leader([1, 2]);
    const index = r.raftLog.lastIndex();
    r.step(ccProp());
    expect(r.raftLog.lastIndex()).toBe(index + 1);
    expect(r.pendingConfIndex).toBe(index + 1);
  });

  it('a second conf change while the first is unapplied becomes an empty normal entry', () => {
    const r = leader([1, 2]);
    r.step(ccProp());
    const index = r.raftLog.lastIndex();
    const pending = r.pendingConfIndex;
    r.step(ccProp());
    expect(r.raftLog.entries(index + 1)).toEqual([newEntry({ type: 'EntryNormal', term: 1, index: 3 })]);
    expect(r.pendingConfIndex).toBe(pending);
  });

  it.each([
    [false, 0],
    [true, 1],
  ])('a new leader conservatively sets pendingConfIndex (uncommitted entries: %s -> %i)', (addEntry, wpending) => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    if (addEntry) appendEntry(r, [newEntry({})]);
    r.becomeCandidate();
    r.becomeLeader();
    expect(r.pendingConfIndex).toBe(wpending);
  });
});

describe('applying conf changes', () => {
  it('adds a voter', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1]));
    applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: 2 });
    expect(r.trk.voterNodes()).toEqual([1, 2]);
  });

  it('adds a learner, promotes it, demotes and re-promotes self', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1]));
    applyConfChange(r, { type: 'ConfChangeAddLearnerNode', nodeId: 2 });
    expect(r.isLearner).toBe(false);
    expect(r.trk.learnerNodes()).toEqual([2]);
    expect(r.trk.progress.get(2)!.isLearner).toBe(true);
    applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: 2 });
    expect(r.trk.progress.get(2)!.isLearner).toBe(false);
    expect(r.trk.learnerNodes()).toEqual([]);
    applyConfChange(r, { type: 'ConfChangeAddLearnerNode', nodeId: 1 });
    expect(r.trk.progress.get(1)!.isLearner).toBe(true);
    expect(r.isLearner).toBe(true);
    applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: 1 });
    expect(r.trk.progress.get(1)!.isLearner).toBe(false);
    expect(r.isLearner).toBe(false);
  });

  it('removes a voter; removing the last voter is refused', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    applyConfChange(r, { type: 'ConfChangeRemoveNode', nodeId: 2 });
    expect(r.trk.voterNodes()).toEqual([1]);
    expect(() => applyConfChange(r, { type: 'ConfChangeRemoveNode', nodeId: 1 })).toThrow(ConfChangeError);
  });

  it('removes a learner', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1], [2]));
    applyConfChange(r, { type: 'ConfChangeRemoveNode', nodeId: 2 });
    expect(r.trk.voterNodes()).toEqual([1]);
    expect(r.trk.learnerNodes()).toEqual([]);
    expect(() => applyConfChange(r, { type: 'ConfChangeRemoveNode', nodeId: 1 })).toThrow(ConfChangeError);
  });

  it('adding an existing voter or a node id 0 changes nothing', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    expect(applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: 2 })).toEqual({ voters: [1, 2], learners: [] });
    expect(applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: 0 })).toEqual({ voters: [1, 2], learners: [] });
    expect(applyConfChange(r, { type: 'ConfChangeUpdateNode', nodeId: 2 })).toEqual({ voters: [1, 2], learners: [] });
  });

  it.each([
    [[1], true],
    [[1, 2, 3], true],
    [[], false],
    [[2, 3], false],
  ])('promotable with voters %j: %s', (peers, wp) => {
    expect(newTestRaft(1, 5, 1, newTestMemoryStorage(peers)).promotable()).toBe(wp);
  });

  it('voter ids are sorted', () => {
    expect(newTestRaft(1, 10, 1, newTestMemoryStorage([3, 2, 1])).trk.voterNodes()).toEqual([1, 2, 3]);
  });

  it('after removing a node, a pending entry commits with the smaller quorum only once the removal is applied', () => {
    const s = newTestMemoryStorage([1, 2]);
    const r = newTestRaft(1, 5, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    const cc: ConfChange = { type: 'ConfChangeRemoveNode', nodeId: 2 };
    r.step(ccProp(cc));
    expect(nextEnts(r, s)).toEqual([]);
    const ccIndex = r.raftLog.lastIndex();
    r.step(newMessage({ type: 'MsgProp', entries: [newEntry({ data: data('hello') })] }));
    // Node 2 acks the conf change but not the entry after it.
    r.step(newMessage({ type: 'MsgAppResp', from: 2, index: ccIndex }));
    let ents = nextEnts(r, s);
    expect(ents.map((e) => e.type)).toEqual(['EntryNormal', 'EntryConfChange']);
    expect(ents[0].data.length).toBe(0);
    applyConfChange(r, cc);
    ents = nextEnts(r, s);
    expect(ents.length).toBe(1);
    expect(new TextDecoder().decode(ents[0].data)).toBe('hello');
  });

  it('a removed leader keeps leading (no stepDownOnRemoval) but drops proposals and no longer counts itself', () => {
    const nt = new Network([undefined, undefined, undefined]);
    nt.send(hup(1));
    const lead = nt.raft(1);
    applyConfChange(lead, { type: 'ConfChangeRemoveNode', nodeId: 1 });
    expect(lead.state).toBe('StateLeader');
    expect(() => lead.step(newMessage({ type: 'MsgProp', from: 1, entries: [newEntry({})] }))).toThrow(ErrProposalDropped);
    // Commit needs both remaining voters: one ack is not enough.
    const li = lead.raftLog.lastIndex();
    appendEntry(lead, [newEntry({ data: data('x') })]);
    lead.advanceMessagesAfterAppend();
    lead.step(newMessage({ type: 'MsgAppResp', from: 2, term: lead.term, index: li + 1 }));
    expect(lead.raftLog.committed).toBe(li);
    lead.step(newMessage({ type: 'MsgAppResp', from: 3, term: lead.term, index: li + 1 }));
    expect(lead.raftLog.committed).toBe(li + 1);
  });

  it('with stepDownOnRemoval a removed leader steps down', () => {
    const r = leader([1, 2, 3], { stepDownOnRemoval: true });
    applyConfChange(r, { type: 'ConfChangeRemoveNode', nodeId: 1 });
    expect(r.state).toBe('StateFollower');
    expect(r.promotable()).toBe(false);
  });

  it('removing a slow voter lets the leader commit what the remaining quorum has', () => {
    const r = leader([1, 2, 3]);
    r.readMessages();
    appendEntry(r, [newEntry({ data: data('x') })]);
    r.advanceMessagesAfterAppend();
    const li = r.raftLog.lastIndex();
    r.step(newMessage({ type: 'MsgAppResp', from: 2, term: r.term, index: li }));
    expect(r.raftLog.committed).toBe(li);
    // Now 3 voters with only {1,2} at li+1: append and let only 1 have it, then remove 3 and 2.
    appendEntry(r, [newEntry({ data: data('y') })]);
    r.advanceMessagesAfterAppend();
    expect(r.raftLog.committed).toBe(li);
    applyConfChange(r, { type: 'ConfChangeRemoveNode', nodeId: 3 });
    applyConfChange(r, { type: 'ConfChangeRemoveNode', nodeId: 2 });
    expect(r.raftLog.committed).toBe(li + 1);
  });

  it('a leader probes a newly added node right away', () => {
    const r = leader([1, 2]);
    r.bcastAppend();
    r.readMessages();
    applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: 3 });
    const msgs = r.readMessages();
    expect(msgs.map((m) => [m.to, m.type])).toEqual([[3, 'MsgApp']]);
    expect(r.trk.progress.get(3)!.recentActive).toBe(true);
  });
});
