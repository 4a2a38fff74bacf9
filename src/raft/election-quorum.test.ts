/**
 * PreVote corner cases, CheckQuorum and learners in elections: the behaviour of etcd-raft's
 * raft_test.go (raft-tests.md §1b).
 */
import { describe, expect, it } from 'vitest';
import { encodeConfChange } from './confchange-codec';
import { applyConfChange } from './raft-conf';
import { newEntry, newMessage, None } from './messages';
import type { Raft } from './raft';
import { hup, Network, newTestMemoryStorage, newTestRaft, nextEnts, prop } from './test-network';
import type { TestOpts } from './test-network';

function raftWith(id: number, peers: number[], opts: TestOpts = {}, learners: number[] = []): Raft {
  return newTestRaft(id, 10, 1, newTestMemoryStorage(peers, learners), opts);
}

describe('prevote corner cases', () => {
  function three(opts: TestOpts): [Raft, Raft, Raft, Network] {
    const rs = [1, 2, 3].map((id) => raftWith(id, [1, 2, 3], opts));
    for (const r of rs) r.becomeFollower(1, None);
    return [rs[0], rs[1], rs[2], new Network(rs)];
  }

  it('a node with a smaller term can still complete an election', () => {
    const [n1, n2, n3, nt] = three({ preVote: true });
    nt.cut(1, 3);
    nt.cut(2, 3);
    nt.send(hup(1));
    expect(n1.state).toBe('StateLeader');
    expect(n2.state).toBe('StateFollower');
    nt.send(hup(3));
    expect(n3.state).toBe('StatePreCandidate');
    nt.send(hup(2));
    expect([n1.term, n2.term, n3.term]).toEqual([3, 3, 1]);
    expect([n1.state, n2.state, n3.state]).toEqual(['StateFollower', 'StateLeader', 'StatePreCandidate']);
    // Bring back 3 and kill 2.
    nt.recover();
    nt.cut(2, 1);
    nt.cut(2, 3);
    nt.send(hup(3));
    nt.send(hup(1));
    expect(n1.state === 'StateLeader' || n3.state === 'StateLeader').toBe(true);
  });

  it('a split pre-vote round is followed by an election at the next term', () => {
    const [, n2, n3, nt] = three({ preVote: true });
    nt.send(hup(1));
    nt.isolate(1);
    nt.send(hup(2), hup(3));
    expect([n2.term, n3.term]).toEqual([3, 3]);
    expect([n2.state, n3.state]).toEqual(['StateCandidate', 'StateCandidate']);
    nt.send(hup(2));
    expect([n2.term, n3.term]).toEqual([4, 4]);
    expect([n2.state, n3.state]).toEqual(['StateLeader', 'StateFollower']);
  });

  it('prevote + checkquorum: the rest elect a leader when the leader is isolated', () => {
    const [n1, n2, n3, nt] = three({ preVote: true, checkQuorum: true });
    nt.send(hup(1));
    nt.isolate(1);
    expect([n1.state, n2.state, n3.state]).toEqual(['StateLeader', 'StateFollower', 'StateFollower']);
    nt.send(hup(3));
    nt.send(hup(2));
    expect(n2.state === 'StateLeader' || n3.state === 'StateFollower').toBe(true);
  });

  function migrationCluster(): [Raft, Raft, Raft, Network] {
    const [n1, n2, n3, nt] = three({});
    n1.preVote = true;
    n2.preVote = true;
    nt.send(hup(1));
    nt.isolate(3);
    nt.send(prop(1, 'some data'));
    nt.send(hup(3));
    nt.send(hup(3));
    expect([n1.state, n2.state, n3.state]).toEqual(['StateLeader', 'StateFollower', 'StateCandidate']);
    expect([n1.term, n2.term, n3.term]).toEqual([2, 2, 4]);
    n3.preVote = true;
    nt.recover();
    return [n1, n2, n3, nt];
  }

  it('prevote migration: an election completes despite a higher-term node with a short log', () => {
    const [, n2, n3, nt] = migrationCluster();
    nt.isolate(1);
    nt.send(hup(3));
    nt.send(hup(2));
    expect(n2.state).toBe('StateFollower');
    expect(n3.state).toBe('StatePreCandidate');
    nt.send(hup(3));
    nt.send(hup(2));
    expect(n2.state === 'StateLeader' || n3.state === 'StateFollower').toBe(true);
  });

  it('prevote migration: a stuck pre-candidate is freed by its higher-term reply to a heartbeat', () => {
    const [n1, n2, n3, nt] = migrationCluster();
    nt.send(hup(3));
    expect([n1.state, n2.state, n3.state]).toEqual(['StateLeader', 'StateFollower', 'StatePreCandidate']);
    nt.send(hup(3));
    expect([n1.state, n2.state, n3.state]).toEqual(['StateLeader', 'StateFollower', 'StatePreCandidate']);
    nt.send(newMessage({ type: 'MsgHeartbeat', from: 1, to: 3, term: n1.term }));
    expect(n1.state).toBe('StateFollower');
    expect(n3.term).toBe(n1.term);
  });
});

describe('check quorum', () => {
  it('leader stays while a quorum is active', () => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1, 2, 3]), { checkQuorum: true });
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < r.electionTimeout + 1; i++) {
      r.step(newMessage({ type: 'MsgHeartbeatResp', from: 2, term: r.term }));
      r.tick();
    }
    expect(r.state).toBe('StateLeader');
  });

  it('leader steps down when the quorum is lost', () => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1, 2, 3]), { checkQuorum: true });
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < r.electionTimeout + 1; i++) r.tick();
    expect(r.state).toBe('StateFollower');
  });

  function cq(): [Raft, Raft, Raft, Network] {
    const rs = [1, 2, 3].map((id) => raftWith(id, [1, 2, 3], { checkQuorum: true }));
    return [rs[0], rs[1], rs[2], new Network(rs)];
  }

  it('a follower within its lease ignores a vote request (no term bump) until the lease expires', () => {
    const [a, b, c, nt] = cq();
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.send(hup(1));
    expect(a.state).toBe('StateLeader');
    expect(c.state).toBe('StateFollower');
    nt.send(hup(3));
    // b heard from leader a recently: it ignores c's vote request.
    expect(c.state).toBe('StateCandidate');
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.send(hup(3));
    expect(c.state).toBe('StateLeader');
  });

  it('after every lease expires a new candidate wins and the old leader follows', () => {
    const [a, b, c, nt] = cq();
    a.randomizedElectionTimeout = a.electionTimeout + 1;
    b.randomizedElectionTimeout = b.electionTimeout + 2;
    nt.send(hup(1));
    expect(a.state).toBe('StateLeader');
    expect(c.state).toBe('StateFollower');
    a.randomizedElectionTimeout = a.electionTimeout + 1;
    b.randomizedElectionTimeout = b.electionTimeout + 2;
    for (let i = 0; i < a.electionTimeout; i++) a.tick();
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.send(hup(3));
    expect(a.state).toBe('StateFollower');
    expect(c.state).toBe('StateLeader');
  });

  it('frees a stuck candidate: its higher-term reply to a heartbeat deposes the leader', () => {
    const [a, b, c, nt] = cq();
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.send(hup(1));
    nt.isolate(1);
    nt.send(hup(3));
    expect(b.state).toBe('StateFollower');
    expect(c.state).toBe('StateCandidate');
    expect(c.term).toBe(b.term + 1);
    nt.send(hup(3));
    expect(c.term).toBe(b.term + 2);
    nt.recover();
    nt.send(newMessage({ type: 'MsgHeartbeat', from: 1, to: 3, term: a.term }));
    expect(a.state).toBe('StateFollower');
    expect(c.term).toBe(a.term);
    nt.send(hup(3));
    expect(c.state).toBe('StateLeader');
  });

  it('a voter not in its own config never campaigns but follows the leader', () => {
    const a = raftWith(1, [1, 2], { checkQuorum: true });
    const b = raftWith(2, [1], { checkQuorum: true });
    const nt = new Network([a, b]);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    applyConfChange(b, { type: 'ConfChangeRemoveNode', nodeId: 2 });
    expect(b.promotable()).toBe(false);
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.send(hup(1));
    expect(a.state).toBe('StateLeader');
    expect(b.state).toBe('StateFollower');
    expect(b.lead).toBe(1);
  });

  it('adding a silent node does not make the leader step down before a full timeout', () => {
    const r = raftWith(1, [1], { checkQuorum: true });
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < r.electionTimeout - 1; i++) r.tick();
    applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: 2 });
    r.tick();
    expect(r.state).toBe('StateLeader');
    for (let i = 0; i < r.electionTimeout; i++) r.tick();
    expect(r.state).toBe('StateFollower');
  });

  for (const preVote of [false, true]) {
    it(`disruptive follower (preVote=${preVote})`, () => {
      const rs = [1, 2, 3].map((id) => raftWith(id, [1, 2, 3], { checkQuorum: true, preVote }));
      const [n1, n2, n3] = rs;
      for (const r of rs) r.becomeFollower(1, None);
      const nt = new Network(rs);
      nt.send(hup(1));
      expect([n1.state, n2.state, n3.state]).toEqual(['StateLeader', 'StateFollower', 'StateFollower']);
      if (preVote) {
        // n3 misses three entries, then everyone switches PreVote on: its pre-vote fails.
        for (const r of rs) r.preVote = false;
        nt.isolate(3);
        for (let i = 0; i < 3; i++) nt.send(prop(1, 'somedata'));
        for (const r of rs) r.preVote = true;
        nt.recover();
        nt.send(hup(3));
        expect([n1.state, n2.state, n3.state]).toEqual(['StateLeader', 'StateFollower', 'StatePreCandidate']);
        expect([n1.term, n2.term, n3.term]).toEqual([2, 2, 2]);
        // The leader's delayed heartbeat does not disrupt it.
        nt.send(newMessage({ type: 'MsgHeartbeat', from: 1, to: 3, term: n1.term }));
        expect(n1.state).toBe('StateLeader');
        return;
      }
      // n3 times out while the leader's messages to it are delayed.
      n3.randomizedElectionTimeout = n3.electionTimeout + 2;
      for (let i = 0; i < n3.randomizedElectionTimeout - 1; i++) n3.tick();
      n3.tick();
      expect([n1.state, n2.state, n3.state]).toEqual(['StateLeader', 'StateFollower', 'StateCandidate']);
      expect([n1.term, n2.term, n3.term]).toEqual([2, 2, 3]);
      // The delayed heartbeat provokes a higher-term MsgAppResp: the leader steps down.
      nt.send(newMessage({ type: 'MsgHeartbeat', from: 1, to: 3, term: n1.term }));
      expect([n1.state, n2.state, n3.state]).toEqual(['StateFollower', 'StateFollower', 'StateCandidate']);
      expect([n1.term, n2.term, n3.term]).toEqual([3, 2, 3]);
    });
  }
});

describe('learners', () => {
  it('a learner never campaigns on election timeout', () => {
    const n2 = raftWith(2, [1], {}, [2]);
    n2.becomeFollower(1, None);
    n2.randomizedElectionTimeout = n2.electionTimeout;
    for (let i = 0; i < n2.electionTimeout; i++) n2.tick();
    expect(n2.state).toBe('StateFollower');
    expect(n2.readMessages()).toEqual([]);
  });

  it('a promoted learner can campaign and win', () => {
    const n1 = raftWith(1, [1], {}, [2]);
    const n2 = raftWith(2, [1], {}, [2]);
    n1.becomeFollower(1, None);
    n2.becomeFollower(1, None);
    const nt = new Network([n1, n2]);
    n1.randomizedElectionTimeout = n1.electionTimeout;
    for (let i = 0; i < n1.electionTimeout; i++) n1.tick();
    n1.advanceMessagesAfterAppend();
    expect(n1.state).toBe('StateLeader');
    expect(n2.state).toBe('StateFollower');
    nt.send(newMessage({ type: 'MsgBeat', from: 1, to: 1 }));
    applyConfChange(n1, { type: 'ConfChangeAddNode', nodeId: 2 });
    applyConfChange(n2, { type: 'ConfChangeAddNode', nodeId: 2 });
    expect(n2.isLearner).toBe(false);
    n2.randomizedElectionTimeout = n2.electionTimeout;
    for (let i = 0; i < n2.electionTimeout; i++) n2.tick();
    n2.advanceMessagesAfterAppend();
    nt.send(newMessage({ type: 'MsgBeat', from: 2, to: 2 }));
    expect(n1.state).toBe('StateFollower');
    expect(n2.state).toBe('StateLeader');
  });

  it('a learner grants a valid vote (it may not have applied its promotion yet)', () => {
    const n2 = raftWith(2, [1], {}, [2]);
    n2.becomeFollower(1, None);
    n2.step(newMessage({ type: 'MsgVote', from: 1, to: 2, term: 2, logTerm: 11, index: 11 }));
    const msgs = n2.readMessages();
    expect(msgs.length).toBe(1);
    expect(msgs[0].type).toBe('MsgVoteResp');
    expect(msgs[0].reject).toBe(false);
  });

  it('a learner ignores MsgHup and MsgTimeoutNow', () => {
    const n1 = raftWith(1, [1]);
    applyConfChange(n1, { type: 'ConfChangeAddLearnerNode', nodeId: 2 });
    const n2 = raftWith(2, [1]);
    applyConfChange(n2, { type: 'ConfChangeAddLearnerNode', nodeId: 2 });
    const nt = new Network([n1, n2]);
    nt.send(hup(2));
    expect(n2.isLearner).toBe(true);
    expect(n2.state).toBe('StateFollower');
    nt.send(hup(1));
    expect(n1.state === 'StateLeader' && n1.lead === 1).toBe(true);
    nt.send(newMessage({ type: 'MsgTimeoutNow', from: 1, to: 2 }));
    expect(n2.state).toBe('StateFollower');
  });
});

it('a node with a committed but unapplied conf change does not campaign (incl. via transfer)', () => {
  const nt = new Network([undefined, undefined, undefined]);
  const n1 = nt.raft(1);
  const n2 = nt.raft(2);
  nt.send(hup(1));
  expect(n1.state).toBe('StateLeader');
  nt.send(
    newMessage({
      type: 'MsgProp',
      from: 1,
      to: 1,
      entries: [newEntry({ type: 'EntryConfChange', data: encodeConfChange({ type: 'ConfChangeRemoveNode', nodeId: 2 }) })],
    }),
  );
  for (let i = 0; i < n2.randomizedElectionTimeout; i++) n2.tick();
  expect(n2.state).toBe('StateFollower');
  nt.send(newMessage({ type: 'MsgTransferLeader', from: 2, to: 1 }));
  expect(n1.state).toBe('StateLeader');
  expect(n2.state).toBe('StateFollower');
  // Abort the transfer, apply the change on n2, transfer again.
  for (let i = 0; i < n1.electionTimeout; i++) n1.tick();
  nextEnts(n2, nt.storage.get(2)!);
  nt.send(newMessage({ type: 'MsgTransferLeader', from: 2, to: 1 }));
  expect(n1.state).toBe('StateFollower');
  expect(n2.state).toBe('StateLeader');
  nextEnts(n1, nt.storage.get(1)!);
  for (let i = 0; i < n1.randomizedElectionTimeout; i++) n1.tick();
  expect(n1.state).toBe('StateCandidate');
});

describe('stale-term messages', () => {
  function follower(opts: TestOpts): Raft {
    const r = raftWith(1, [1, 2, 3], opts);
    r.becomeFollower(5, 2);
    return r;
  }

  it('a lower-term MsgPreVote is rejected with our term', () => {
    const r = follower({});
    r.step(newMessage({ type: 'MsgPreVote', from: 3, to: 1, term: 4, index: 9, logTerm: 4 }));
    expect(r.readMessages()).toEqual([newMessage({ type: 'MsgPreVoteResp', from: 1, to: 3, term: 5, reject: true })]);
    expect(r.term).toBe(5);
  });

  it.each([
    [{ checkQuorum: true }, true],
    [{ preVote: true }, true],
    [{}, false],
  ] as Array<[TestOpts, boolean]>)('lower-term MsgApp/MsgHeartbeat with %j: answered with our term = %s', (opts, answered) => {
    for (const type of ['MsgApp', 'MsgHeartbeat'] as const) {
      const r = follower(opts);
      r.step(newMessage({ type, from: 3, to: 1, term: 4 }));
      const msgs = r.readMessages();
      expect(msgs).toEqual(answered ? [newMessage({ type: 'MsgAppResp', from: 1, to: 3, term: 5 })] : []);
      expect([r.term, r.lead, r.state]).toEqual([5, 2, 'StateFollower']);
    }
  });

  it.each(['MsgVote', 'MsgAppResp', 'MsgHeartbeatResp', 'MsgVoteResp', 'MsgSnap', 'MsgTimeoutNow'] as const)('a lower-term %s is ignored', (type) => {
    const r = follower({ checkQuorum: true, preVote: true });
    r.step(newMessage({ type, from: 3, to: 1, term: 4 }));
    expect(r.readMessages()).toEqual([]);
    expect([r.term, r.lead, r.vote, r.state]).toEqual([5, 2, 0, 'StateFollower']);
  });

  it('a granted pre-vote response of a future term does not change the term', () => {
    const r = raftWith(1, [1, 2, 3], { preVote: true });
    r.becomeFollower(1, 0);
    r.step(hup(1));
    expect(r.state).toBe('StatePreCandidate');
    r.step(newMessage({ type: 'MsgPreVoteResp', from: 2, to: 1, term: 2 }));
    // Won the pre-vote (self + 2): now a real candidate at term 2.
    r.advanceMessagesAfterAppend();
    expect([r.state, r.term]).toEqual(['StateCandidate', 2]);
  });

  it('a rejected pre-vote response of a higher term makes the pre-candidate follow that term', () => {
    const r = raftWith(1, [1, 2, 3], { preVote: true });
    r.becomeFollower(1, 0);
    r.step(hup(1));
    r.step(newMessage({ type: 'MsgPreVoteResp', from: 2, to: 1, term: 7, reject: true }));
    expect([r.state, r.term, r.lead]).toEqual(['StateFollower', 7, 0]);
  });
});
