/**
 * Elections, PreVote and CheckQuorum: the behaviour of etcd-raft's raft_test.go election cases
 * (raft-tests.md §1b).
 */
import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert';
import { newEntry, newMessage, None } from './messages';
import type { MessageType, StateType } from './messages';
import { Raft } from './raft';
import { data, hup, Network, newTestConfig, newTestMemoryStorage, newTestRaft, prop } from './test-network';
import type { Peer, TestOpts } from './test-network';

/** entsWithConfig: a node whose log has one entry per given term, at the last term. */
function entsWithConfig(opts: TestOpts, id: number, ...terms: number[]): Raft {
  const s = newTestMemoryStorage([]);
  s.append(terms.map((term, i) => newEntry({ term, index: i + 1 })));
  const r = new Raft(newTestConfig(id, 5, 1, s, opts));
  r.reset(terms[terms.length - 1]);
  return r;
}

/** votedWithConfig: a node with an empty log that voted for `vote` in `term`. */
function votedWithConfig(opts: TestOpts, id: number, vote: number, term: number): Raft {
  const s = newTestMemoryStorage([]);
  s.setHardState({ vote, term, commit: 0 });
  const r = new Raft(newTestConfig(id, 5, 1, s, opts));
  r.reset(term);
  return r;
}

function raftWith(id: number, peers: number[], opts: TestOpts = {}, learners: number[] = []): Raft {
  return newTestRaft(id, 10, 1, newTestMemoryStorage(peers, learners), opts);
}

describe('leader election', () => {
  for (const preVote of [false, true]) {
    const opts = { preVote };
    const candState: StateType = preVote ? 'StatePreCandidate' : 'StateCandidate';
    const candTerm = preVote ? 0 : 1;
    const cases: Array<[string, Array<Peer | undefined>, StateType, number]> = [
      ['all alive', [undefined, undefined, undefined], 'StateLeader', 1],
      ['one of three dead', [undefined, undefined, 'blackhole'], 'StateLeader', 1],
      ['two of three dead', [undefined, 'blackhole', 'blackhole'], candState, candTerm],
      ['two of four dead', [undefined, 'blackhole', 'blackhole', undefined], candState, candTerm],
      ['two of five dead', [undefined, 'blackhole', 'blackhole', undefined, undefined], 'StateLeader', 1],
      // Logs further along in the same term: rejections (not ignored votes) make 1 a follower.
      ['longer logs reject', [undefined, entsWithConfig(opts, 2, 1), entsWithConfig(opts, 3, 1), entsWithConfig(opts, 4, 1, 1), undefined], 'StateFollower', 1],
    ];
    it.each(cases)(`preVote=${preVote}: %s`, (_name, peers, wstate, wterm) => {
      const n = new Network(peers, opts);
      n.send(hup(1));
      expect(n.raft(1).state).toBe(wstate);
      expect(n.raft(1).term).toBe(wterm);
    });

    it(`preVote=${preVote}: every node can win in turn (leader cycle)`, () => {
      const n = new Network([undefined, undefined, undefined], opts);
      for (let c = 1; c <= 3; c++) {
        n.send(hup(c));
        for (let id = 1; id <= 3; id++) {
          expect(n.raft(id).state).toBe(id === c ? 'StateLeader' : 'StateFollower');
        }
      }
    });

    it(`preVote=${preVote}: a newer uncommitted entry is overwritten by the elected leader's`, () => {
      const n = new Network(
        [entsWithConfig(opts, 1, 1), entsWithConfig(opts, 2, 1), entsWithConfig(opts, 3, 2), votedWithConfig(opts, 4, 3, 2), votedWithConfig(opts, 5, 3, 2)],
        opts,
      );
      // A quorum knows of term 2: the first campaign fails and pushes node 1 to term 2.
      n.send(hup(1));
      expect(n.raft(1).state).toBe('StateFollower');
      expect(n.raft(1).term).toBe(2);
      n.send(hup(1));
      expect(n.raft(1).state).toBe('StateLeader');
      expect(n.raft(1).term).toBe(3);
      for (let id = 1; id <= 5; id++) {
        expect(n.raft(id).raftLog.allEntries().map((e) => e.term)).toEqual([1, 3]);
      }
    });

    it(`preVote=${preVote}: single-node cluster campaigns straight to leader`, () => {
      const n = new Network([undefined], opts);
      n.send(hup(1));
      expect(n.raft(1).state).toBe('StateLeader');
    });

    it(`preVote=${preVote}: MsgHup to a leader is a no-op`, () => {
      const n = new Network([undefined], opts);
      n.send(hup(1));
      const term = n.raft(1).term;
      n.send(hup(1));
      expect(n.raft(1).state).toBe('StateLeader');
      expect(n.raft(1).term).toBe(term);
    });
  }

  for (const vt of ['MsgVote', 'MsgPreVote'] as const) {
    for (const st of ['StateFollower', 'StatePreCandidate', 'StateCandidate', 'StateLeader'] as StateType[]) {
      it(`${vt} from any state (${st}): granted; only a real vote changes term/state/vote`, () => {
        const r = raftWith(1, [1, 2, 3]);
        r.term = 1;
        if (st === 'StateFollower') r.becomeFollower(r.term, 3);
        if (st === 'StatePreCandidate') r.becomePreCandidate();
        if (st === 'StateCandidate') r.becomeCandidate();
        if (st === 'StateLeader') {
          r.becomeCandidate();
          r.becomeLeader();
        }
        const origTerm = r.term;
        const newTerm = r.term + 1;
        r.step(newMessage({ type: vt, from: 2, to: 1, term: newTerm, logTerm: newTerm, index: 42 }));
        const msgs = r.readMessages().filter((m) => m.to === 2);
        expect(msgs.length).toBe(1);
        expect(msgs[0].type).toBe(vt === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp');
        expect(msgs[0].reject).toBe(false);
        if (vt === 'MsgVote') {
          expect(r.state).toBe('StateFollower');
          expect(r.term).toBe(newTerm);
          expect(r.vote).toBe(2);
        } else {
          expect(r.state).toBe(st);
          expect(r.term).toBe(origTerm);
          expect([None, 1]).toContain(r.vote);
        }
      });
    }
  }

  it('dueling candidates: the higher-term loser deposes the leader but cannot win with a short log', () => {
    const [a, b, c] = [1, 2, 3].map((id) => raftWith(id, [1, 2, 3]));
    const n = new Network([a, b, c]);
    n.cut(1, 3);
    n.send(hup(1));
    n.send(hup(3));
    expect(a.state).toBe('StateLeader');
    expect(c.state).toBe('StateCandidate');
    n.recover();
    n.send(hup(3));
    for (const r of [a, b, c]) {
      expect(r.state).toBe('StateFollower');
      expect(r.term).toBe(2);
    }
    expect(a.raftLog.allEntries().map((e) => [e.term, e.index])).toEqual([[1, 1]]);
    expect(a.raftLog.committed).toBe(1);
    expect(b.raftLog.allEntries().length).toBe(1);
    expect(c.raftLog.allEntries()).toEqual([]);
  });

  it('dueling pre-candidates: the pre-vote fails and the leader keeps its term', () => {
    const [a, b, c] = [1, 2, 3].map((id) => raftWith(id, [1, 2, 3], { preVote: true }));
    const n = new Network([a, b, c]);
    n.cut(1, 3);
    n.send(hup(1));
    n.send(hup(3));
    expect(a.state).toBe('StateLeader');
    expect(c.state).toBe('StateFollower');
    n.recover();
    n.send(hup(3));
    expect([a.state, b.state, c.state]).toEqual(['StateLeader', 'StateFollower', 'StateFollower']);
    expect([a.term, b.term, c.term]).toEqual([1, 1, 1]);
    expect(c.raftLog.allEntries()).toEqual([]);
  });

  it('an isolated candidate concedes to the leader once it hears from it', () => {
    const n = new Network([undefined, undefined, undefined]);
    n.isolate(1);
    n.send(hup(1));
    n.send(hup(3));
    n.recover();
    n.send(newMessage({ type: 'MsgBeat', from: 3, to: 3 }));
    n.send(prop(3, 'force follower'));
    n.send(newMessage({ type: 'MsgBeat', from: 3, to: 3 }));
    const a = n.raft(1);
    expect(a.state).toBe('StateFollower');
    expect(a.term).toBe(1);
    for (let id = 1; id <= 3; id++) {
      const r = n.raft(id);
      expect(r.raftLog.committed).toBe(2);
      expect(r.raftLog.allEntries()).toEqual([newEntry({ term: 1, index: 1 }), newEntry({ term: 1, index: 2, data: data('force follower') })]);
    }
  });

  const recvVote: Array<[StateType, number, number, number, boolean]> = [
    ['StateFollower', 0, 0, None, true],
    ['StateFollower', 0, 1, None, true],
    ['StateFollower', 0, 2, None, true],
    ['StateFollower', 0, 3, None, false],
    ['StateFollower', 1, 0, None, true],
    ['StateFollower', 1, 1, None, true],
    ['StateFollower', 1, 2, None, true],
    ['StateFollower', 1, 3, None, false],
    ['StateFollower', 2, 0, None, true],
    ['StateFollower', 2, 1, None, true],
    ['StateFollower', 2, 2, None, false],
    ['StateFollower', 2, 3, None, false],
    ['StateFollower', 3, 0, None, true],
    ['StateFollower', 3, 1, None, true],
    ['StateFollower', 3, 2, None, false],
    ['StateFollower', 3, 3, None, false],
    ['StateFollower', 3, 2, 2, false],
    ['StateFollower', 3, 2, 1, true],
    ['StateLeader', 3, 3, 1, true],
    ['StatePreCandidate', 3, 3, 1, true],
    ['StateCandidate', 3, 3, 1, true],
  ];
  for (const vt of ['MsgVote', 'MsgPreVote'] as MessageType[]) {
    it.each(recvVote)(`${vt}: %s asked for last %i/%i with vote %i -> reject=%s`, (state, index, logTerm, voteFor, wreject) => {
      const s = newTestMemoryStorage([1]);
      s.append([newEntry({ index: 1, term: 2 }), newEntry({ index: 2, term: 2 })]);
      const r = newTestRaft(1, 10, 1, s);
      r.state = state;
      r.vote = voteFor;
      const term = Math.max(2, logTerm);
      r.term = term;
      r.step(newMessage({ type: vt, term, from: 2, index, logTerm }));
      const msgs = r.readMessages();
      expect(msgs.length).toBe(1);
      expect(msgs[0].type).toBe(vt === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp');
      expect(msgs[0].reject).toBe(wreject);
    });
  }

  const transitions: Array<[StateType, StateType, boolean, number, number]> = [
    ['StateFollower', 'StateFollower', true, 1, None],
    ['StateFollower', 'StatePreCandidate', true, 0, None],
    ['StateFollower', 'StateCandidate', true, 1, None],
    ['StateFollower', 'StateLeader', false, 0, None],
    ['StatePreCandidate', 'StateFollower', true, 0, None],
    ['StatePreCandidate', 'StatePreCandidate', true, 0, None],
    ['StatePreCandidate', 'StateCandidate', true, 1, None],
    ['StatePreCandidate', 'StateLeader', true, 0, 1],
    ['StateCandidate', 'StateFollower', true, 0, None],
    ['StateCandidate', 'StatePreCandidate', true, 0, None],
    ['StateCandidate', 'StateCandidate', true, 1, None],
    ['StateCandidate', 'StateLeader', true, 0, 1],
    ['StateLeader', 'StateFollower', true, 1, None],
    ['StateLeader', 'StatePreCandidate', false, 0, None],
    ['StateLeader', 'StateCandidate', false, 1, None],
    ['StateLeader', 'StateLeader', true, 0, 1],
  ];
  it.each(transitions)('transition %s -> %s allowed=%s', (from, to, wallow, wterm, wlead) => {
    const r = raftWith(1, [1]);
    r.state = from;
    const go = () => {
      if (to === 'StateFollower') r.becomeFollower(wterm, wlead);
      if (to === 'StatePreCandidate') r.becomePreCandidate();
      if (to === 'StateCandidate') r.becomeCandidate();
      if (to === 'StateLeader') r.becomeLeader();
    };
    if (!wallow) {
      expect(go).toThrow(AssertionError);
      return;
    }
    go();
    expect(r.term).toBe(wterm);
    expect(r.lead).toBe(wlead);
  });

  it.each([
    ['StateFollower', 0],
    ['StatePreCandidate', 0],
    ['StateCandidate', 0],
    ['StateLeader', 1],
  ] as Array<[StateType, number]>)('%s steps down on a term-3 MsgVote / MsgApp', (state, windex) => {
    for (const t of ['MsgVote', 'MsgApp'] as const) {
      const r = raftWith(1, [1, 2, 3]);
      if (state === 'StateFollower') r.becomeFollower(1, None);
      if (state === 'StatePreCandidate') r.becomePreCandidate();
      if (state === 'StateCandidate') r.becomeCandidate();
      if (state === 'StateLeader') {
        r.becomeCandidate();
        r.becomeLeader();
      }
      r.step(newMessage({ type: t, from: 2, term: 3, logTerm: 3 }));
      expect(r.state).toBe('StateFollower');
      expect(r.term).toBe(3);
      expect(r.raftLog.lastIndex()).toBe(windex);
      expect(r.raftLog.allEntries().length).toBe(windex);
      expect(r.lead).toBe(t === 'MsgVote' ? None : 2);
    }
  });

  it.each(['MsgHeartbeat', 'MsgApp'] as const)('an isolated candidate at a lower term reverts on the leader %s', (mt) => {
    const [a, b, c] = [1, 2, 3].map((id) => raftWith(id, [1, 2, 3]));
    const n = new Network([a, b, c]);
    n.send(hup(1));
    expect([a.state, b.state, c.state]).toEqual(['StateLeader', 'StateFollower', 'StateFollower']);
    n.isolate(3);
    n.send(hup(2));
    n.send(hup(1));
    expect(a.state).toBe('StateLeader');
    c.resetRandomizedElectionTimeout();
    for (let i = 0; i < c.randomizedElectionTimeout; i++) c.tick();
    c.advanceMessagesAfterAppend();
    expect(c.state).toBe('StateCandidate');
    n.recover();
    n.send(newMessage({ type: mt, from: 1, to: 3, term: a.term }));
    expect(c.state).toBe('StateFollower');
    expect(c.term).toBe(a.term);
  });

  it.each([false, true])('a late self-vote after losing the election is ignored (preVote=%s)', (preVote) => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1, 2, 3]), { preVote });
    r.step(hup(1));
    const steps = r.msgsAfterAppend;
    r.msgsAfterAppend = [];
    r.step(newMessage({ type: 'MsgHeartbeat', from: 2, to: 1, term: r.term }));
    expect(r.state).toBe('StateFollower');
    for (const m of steps) r.step(m);
    expect(r.state).toBe('StateFollower');
    expect(r.trk.tallyVotes().granted).toBe(0);
  });

  it("a pre-candidate's self pre-vote delivered after becoming candidate is not a real vote", () => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1, 2, 3]), { preVote: true });
    r.step(hup(1));
    expect(r.state).toBe('StatePreCandidate');
    let steps = r.msgsAfterAppend;
    r.msgsAfterAppend = [];
    r.step(newMessage({ type: 'MsgPreVoteResp', from: 2, to: 1, term: r.term + 1 }));
    r.step(newMessage({ type: 'MsgPreVoteResp', from: 3, to: 1, term: r.term + 1 }));
    expect(r.state).toBe('StateCandidate');
    for (const m of steps) r.step(m);
    expect(r.state).toBe('StateCandidate');
    steps = r.msgsAfterAppend;
    r.msgsAfterAppend = [];
    expect(r.trk.tallyVotes().granted).toBe(0);
    r.step(newMessage({ type: 'MsgVoteResp', from: 2, to: 1, term: r.term }));
    expect(r.state).toBe('StateCandidate');
    for (const m of steps) if (m.to === 1) r.step(m);
    expect(r.state).toBe('StateLeader');
  });

  it("a leader's delayed self-ack from an older term is ignored", () => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1, 2, 3]));
    r.becomeCandidate();
    r.becomeLeader();
    r.step(prop(1));
    const steps = r.msgsAfterAppend;
    r.msgsAfterAppend = [];
    r.step(newMessage({ type: 'MsgHeartbeat', from: 2, to: 1, term: r.term + 1 }));
    expect(r.state).toBe('StateFollower');
    for (const m of steps) r.step(m);
    expect(r.state).toBe('StateFollower');
  });

  it.each([
    [5, 0, false],
    [10, 0.1, true],
    [13, 0.4, true],
    [15, 0.6, true],
    [18, 0.9, true],
    [20, 1, false],
  ])('past election timeout at elapsed %i has probability %d', (elapse, wprob, round) => {
    const r = raftWith(1, [1]);
    r.electionElapsed = elapse;
    let c = 0;
    for (let j = 0; j < 10000; j++) {
      r.resetRandomizedElectionTimeout();
      if (r.pastElectionTimeout()) c++;
    }
    let got = c / 10000;
    if (round) got = Math.floor(got * 10 + 0.5) / 10;
    expect(got).toBe(wprob);
  });
});
