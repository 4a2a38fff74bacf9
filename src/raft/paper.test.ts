/**
 * The behaviour of etcd-raft's raft_paper_test.go: each test checks one statement of the Raft
 * paper (extended version; sections cited per test). Written against our Raft, not ported code.
 */
import { describe, expect, it } from 'vitest';
import { newEntry, newMessage, None } from './messages';
import type { Entry, StateType } from './messages';
import type { Raft } from './raft';
import {
  acceptAndReply,
  commitNoopEntry,
  data,
  ents,
  hup,
  idsBySize,
  Network,
  newTestMemoryStorage,
  newTestRaft,
  sortMsgs,
} from './test-network';

function describeLog(r: Raft): { committed: number; entries: Array<[number, number]> } {
  return { committed: r.raftLog.committed, entries: r.raftLog.allEntries().map((e) => [e.term, e.index]) };
}

describe('§5.1 terms', () => {
  // A node receiving a message with a higher term adopts it and becomes follower.
  for (const state of ['StateFollower', 'StateCandidate', 'StateLeader'] as StateType[]) {
    it(`${state} updates its term from a higher-term message`, () => {
      const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2, 3]));
      if (state === 'StateFollower') r.becomeFollower(1, 2);
      if (state === 'StateCandidate') r.becomeCandidate();
      if (state === 'StateLeader') {
        r.becomeCandidate();
        r.becomeLeader();
      }
      r.step(newMessage({ type: 'MsgApp', from: 2, to: 1, term: 2 }));
      expect(r.term).toBe(2);
      expect(r.state).toBe('StateFollower');
    });
  }

  it('rejects (ignores) stale-term messages before the role-specific step', () => {
    const s = newTestMemoryStorage([1, 2, 3]);
    const r = newTestRaft(1, 10, 1, s);
    r.becomeFollower(2, None);
    r.step(newMessage({ type: 'MsgApp', from: 2, to: 1, term: 1, entries: [newEntry({ term: 1, index: 1 })] }));
    expect(r.raftLog.lastIndex()).toBe(0);
    expect(r.lead).toBe(None);
    expect(r.term).toBe(2);
    expect(r.readMessages()).toEqual([]);
  });
});

describe('§5.2 leader election', () => {
  it('starts as follower', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2, 3]));
    expect(r.state).toBe('StateFollower');
  });

  it('leader broadcasts heartbeats every heartbeat interval', () => {
    const hi = 1;
    const r = newTestRaft(1, 10, hi, newTestMemoryStorage([1, 2, 3]));
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < 10; i++) r.raftLog.append([newEntry({ index: r.raftLog.lastIndex() + 1, term: 1 })]);
    r.readMessages();
    for (let i = 0; i < hi; i++) r.tick();
    const msgs = sortMsgs(r.readMessages());
    expect(msgs).toEqual([
      newMessage({ type: 'MsgHeartbeat', from: 1, to: 2, term: 1 }),
      newMessage({ type: 'MsgHeartbeat', from: 1, to: 3, term: 1 }),
    ]);
  });

  for (const state of ['StateFollower', 'StateCandidate'] as StateType[]) {
    it(`${state} starts a new election after an election timeout`, () => {
      const et = 10;
      const r = newTestRaft(1, et, 1, newTestMemoryStorage([1, 2, 3]));
      if (state === 'StateFollower') r.becomeFollower(1, 2);
      else r.becomeCandidate();
      for (let i = 1; i < 2 * et; i++) r.tick();
      r.advanceMessagesAfterAppend();
      expect(r.term).toBe(2);
      expect(r.state).toBe('StateCandidate');
      expect(r.trk.votes.get(1)).toBe(true);
      expect(sortMsgs(r.readMessages())).toEqual([
        newMessage({ type: 'MsgVote', from: 1, to: 2, term: 2 }),
        newMessage({ type: 'MsgVote', from: 1, to: 3, term: 2 }),
      ]);
    });
  }

  const oneRound: Array<[number, Record<number, boolean>, StateType]> = [
    [1, {}, 'StateLeader'],
    [3, { 2: true, 3: true }, 'StateLeader'],
    [3, { 2: true }, 'StateLeader'],
    [5, { 2: true, 3: true, 4: true, 5: true }, 'StateLeader'],
    [5, { 2: true, 3: true, 4: true }, 'StateLeader'],
    [5, { 2: true, 3: true }, 'StateLeader'],
    [3, { 2: false, 3: false }, 'StateFollower'],
    [5, { 2: false, 3: false, 4: false, 5: false }, 'StateFollower'],
    [5, { 2: true, 3: false, 4: false, 5: false }, 'StateFollower'],
    [3, {}, 'StateCandidate'],
    [5, { 2: true }, 'StateCandidate'],
    [5, { 2: false, 3: false }, 'StateCandidate'],
    [5, {}, 'StateCandidate'],
  ];
  it.each(oneRound)('election in one round: size %i votes %j -> %s', (size, votes, want) => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage(idsBySize(size)));
    r.step(hup(1));
    r.advanceMessagesAfterAppend();
    for (const [id, v] of Object.entries(votes)) {
      r.step(newMessage({ type: 'MsgVoteResp', from: Number(id), to: 1, term: r.term, reject: !v }));
    }
    expect(r.state).toBe(want);
    expect(r.term).toBe(1);
  });

  const followerVote: Array<[number, number, boolean]> = [
    [None, 2, false],
    [None, 3, false],
    [2, 2, false],
    [3, 3, false],
    [2, 3, true],
    [3, 2, true],
  ];
  it.each(followerVote)('follower with vote %i asked by %i rejects=%s (one vote per term)', (vote, nvote, wreject) => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2, 3]));
    r.term = 1;
    r.vote = vote;
    r.step(newMessage({ type: 'MsgVote', from: nvote, to: 1, term: 1 }));
    expect(r.readMessages()).toEqual([newMessage({ type: 'MsgVoteResp', from: 1, to: nvote, term: 1, reject: wreject })]);
  });

  it.each([1, 2])('candidate falls back to follower on MsgApp of term %i', (term) => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2, 3]));
    r.step(hup(1));
    expect(r.state).toBe('StateCandidate');
    r.step(newMessage({ type: 'MsgApp', from: 2, to: 1, term }));
    expect(r.state).toBe('StateFollower');
    expect(r.term).toBe(term);
  });

  for (const state of ['StateFollower', 'StateCandidate'] as StateType[]) {
    it(`${state} election timeout is randomized over [et, 2et)`, () => {
      const et = 10;
      const r = newTestRaft(1, et, 1, newTestMemoryStorage([1, 2, 3]));
      const timeouts = new Set<number>();
      for (let round = 0; round < 50 * et; round++) {
        if (state === 'StateFollower') r.becomeFollower(r.term + 1, 2);
        else r.becomeCandidate();
        let time = 0;
        while (r.readMessages().length === 0) {
          r.tick();
          time++;
        }
        timeouts.add(time);
      }
      for (let d = et; d < 2 * et; d++) expect(timeouts.has(d), `timeout ${d}`).toBe(true);
      expect(Math.min(...timeouts)).toBe(et);
      expect(Math.max(...timeouts)).toBe(2 * et - 1);
    });

    it(`${state}s rarely time out on the same tick`, () => {
      const et = 10;
      const size = 5;
      const ids = idsBySize(size);
      const rs = ids.map((id) => newTestRaft(id, et, 1, newTestMemoryStorage(ids)));
      let conflicts = 0;
      for (let round = 0; round < 1000; round++) {
        for (const r of rs) {
          if (state === 'StateFollower') r.becomeFollower(r.term + 1, None);
          else r.becomeCandidate();
        }
        let timeoutNum = 0;
        while (timeoutNum === 0) {
          for (const r of rs) {
            r.tick();
            if (r.readMessages().length > 0) timeoutNum++;
          }
        }
        if (timeoutNum > 1) conflicts++;
      }
      expect(conflicts / 1000).toBeLessThanOrEqual(0.3);
    });
  }
});

describe('§5.3 log replication', () => {
  function leaderWithNoop(ids: number[]) {
    const s = newTestMemoryStorage(ids);
    const r = newTestRaft(1, 10, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    commitNoopEntry(r, s);
    return { r, s };
  }

  it('leader appends a proposal and sends MsgApp with the preceding index/term', () => {
    const { r } = leaderWithNoop([1, 2, 3]);
    const li = r.raftLog.lastIndex();
    r.step(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({ data: data('some data') })] }));
    expect(r.raftLog.lastIndex()).toBe(li + 1);
    expect(r.raftLog.committed).toBe(li);
    const wents = [newEntry({ index: li + 1, term: 1, data: data('some data') })];
    expect(sortMsgs(r.readMessages())).toEqual([
      newMessage({ type: 'MsgApp', from: 1, to: 2, term: 1, index: li, logTerm: 1, entries: wents, commit: li }),
      newMessage({ type: 'MsgApp', from: 1, to: 3, term: 1, index: li, logTerm: 1, entries: wents, commit: li }),
    ]);
    // The new entry is unstable: the host must persist it.
    expect(r.raftLog.nextUnstableEnts()).toEqual(wents);
  });

  it('leader commits once a majority acked and tells followers the new commit', () => {
    const { r } = leaderWithNoop([1, 2, 3]);
    const li = r.raftLog.lastIndex();
    r.step(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({ data: data('some data') })] }));
    for (const m of r.readMessages()) r.step(acceptAndReply(m));
    expect(r.raftLog.committed).toBe(li + 1);
    expect(r.raftLog.nextCommittedEnts(true)).toEqual([newEntry({ index: li + 1, term: 1, data: data('some data') })]);
    const msgs = sortMsgs(r.readMessages());
    expect(msgs.map((m) => [m.to, m.type, m.commit])).toEqual([
      [2, 'MsgApp', li + 1],
      [3, 'MsgApp', li + 1],
    ]);
  });

  const ack: Array<[number, number[], boolean]> = [
    [1, [], true],
    [3, [], false],
    [3, [2], true],
    [3, [2, 3], true],
    [5, [], false],
    [5, [2], false],
    [5, [2, 3], true],
    [5, [2, 3, 4], true],
    [5, [2, 3, 4, 5], true],
  ];
  it.each(ack)('size %i acceptors %j: committed=%s', (size, acceptors, wack) => {
    const { r } = leaderWithNoop(idsBySize(size));
    const li = r.raftLog.lastIndex();
    r.step(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({ data: data('some data') })] }));
    r.advanceMessagesAfterAppend();
    for (const m of r.readMessages()) if (acceptors.includes(m.to)) r.step(acceptAndReply(m));
    expect(r.raftLog.committed > li).toBe(wack);
  });

  const preceding: Entry[][] = [[], ents([2, 1]), ents([1, 1], [2, 2]), ents([1, 1])];
  it.each(preceding)('committing a current-term entry commits all preceding entries (%#)', (...tt) => {
    const s = newTestMemoryStorage([1, 2, 3]);
    s.append(tt);
    const r = newTestRaft(1, 10, 1, s);
    r.term = 2;
    r.becomeCandidate();
    r.becomeLeader();
    r.step(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({ data: data('some data') })] }));
    for (const m of r.readMessages()) r.step(acceptAndReply(m));
    const li = tt.length;
    const want = [...tt, newEntry({ term: 3, index: li + 1 }), newEntry({ term: 3, index: li + 2, data: data('some data') })];
    expect(r.raftLog.nextCommittedEnts(true)).toEqual(want);
  });

  const followerCommit: Array<[Entry[], number]> = [
    [[newEntry({ term: 1, index: 1, data: data('some data') })], 1],
    [[newEntry({ term: 1, index: 1, data: data('some data') }), newEntry({ term: 1, index: 2, data: data('some data2') })], 2],
    [[newEntry({ term: 1, index: 1, data: data('some data2') }), newEntry({ term: 1, index: 2, data: data('some data') })], 2],
    [[newEntry({ term: 1, index: 1, data: data('some data') }), newEntry({ term: 1, index: 2, data: data('some data2') })], 1],
  ];
  it.each(followerCommit)('follower applies exactly the committed prefix (%#)', (es, commit) => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2, 3]));
    r.becomeFollower(1, 2);
    r.step(newMessage({ type: 'MsgApp', from: 2, to: 1, term: 1, entries: es, commit }));
    expect(r.raftLog.committed).toBe(commit);
    expect(r.raftLog.nextCommittedEnts(true)).toEqual(es.slice(0, commit));
  });

  const check: Array<[number, number, number, boolean, number, number]> = [
    // match with committed entries
    [0, 0, 1, false, 0, 0],
    [1, 1, 1, false, 0, 0],
    // match with uncommitted entries
    [2, 2, 2, false, 0, 0],
    // mismatch with an existing entry
    [1, 2, 2, true, 1, 1],
    // entry does not exist
    [3, 3, 3, true, 2, 2],
  ];
  it.each(check)('follower consistency check: prev term %i index %i -> index %i reject %s hint %i/%i', (term, index, windex, wreject, whint, wlogterm) => {
    const s = newTestMemoryStorage([1, 2, 3]);
    s.append(ents([1, 1], [2, 2]));
    const r = newTestRaft(1, 10, 1, s);
    r.raftLog.commitTo(1);
    r.becomeFollower(2, 2);
    r.step(newMessage({ type: 'MsgApp', from: 2, to: 1, term: 2, logTerm: term, index }));
    expect(r.readMessages()).toEqual([
      newMessage({ type: 'MsgAppResp', from: 1, to: 2, term: 2, index: windex, reject: wreject, rejectHint: whint, logTerm: wlogterm }),
    ]);
  });

  const appendCases: Array<[number, number, Entry[], Entry[], Entry[]]> = [
    [2, 2, ents([3, 3]), ents([1, 1], [2, 2], [3, 3]), ents([3, 3])],
    [1, 1, ents([3, 2], [4, 3]), ents([1, 1], [3, 2], [4, 3]), ents([3, 2], [4, 3])],
    [0, 0, ents([1, 1]), ents([1, 1], [2, 2]), []],
    [0, 0, ents([3, 1]), ents([3, 1]), ents([3, 1])],
  ];
  it.each(appendCases)('follower appends after %i/%i: conflicts truncated, only new entries unstable (%#)', (index, term, es, wents, wunstable) => {
    const s = newTestMemoryStorage([1, 2, 3]);
    s.append(ents([1, 1], [2, 2]));
    const r = newTestRaft(1, 10, 1, s);
    r.becomeFollower(2, 2);
    r.step(newMessage({ type: 'MsgApp', from: 2, to: 1, term: 2, logTerm: term, index, entries: es }));
    expect(r.raftLog.allEntries()).toEqual(wents);
    expect(r.raftLog.nextUnstableEnts()).toEqual(wunstable);
  });

  // Figure 7: the leader brings six very different follower logs in line with its own.
  const fig7Leader = ents([1, 1], [1, 2], [1, 3], [4, 4], [4, 5], [5, 6], [5, 7], [6, 8], [6, 9], [6, 10]);
  const fig7: Entry[][] = [
    ents([1, 1], [1, 2], [1, 3], [4, 4], [4, 5], [5, 6], [5, 7], [6, 8], [6, 9]),
    ents([1, 1], [1, 2], [1, 3], [4, 4]),
    ents([1, 1], [1, 2], [1, 3], [4, 4], [4, 5], [5, 6], [5, 7], [6, 8], [6, 9], [6, 10], [6, 11]),
    ents([1, 1], [1, 2], [1, 3], [4, 4], [4, 5], [5, 6], [5, 7], [6, 8], [6, 9], [6, 10], [7, 11], [7, 12]),
    ents([1, 1], [1, 2], [1, 3], [4, 4], [4, 5], [4, 6], [4, 7]),
    ents([1, 1], [1, 2], [1, 3], [2, 4], [2, 5], [2, 6], [3, 7], [3, 8], [3, 9], [3, 10], [3, 11]),
  ];
  it.each(fig7.map((f, i) => [String.fromCharCode(97 + i), f] as const))('Figure 7 (%s): follower log converges to the leader log', (_name, follLog) => {
    const term = 8;
    const ls = newTestMemoryStorage([1, 2, 3]);
    ls.append(fig7Leader);
    const lead = newTestRaft(1, 10, 1, ls);
    lead.term = term;
    lead.raftLog.commitTo(lead.raftLog.lastIndex());
    const fs = newTestMemoryStorage([1, 2, 3]);
    fs.append(follLog);
    const follower = newTestRaft(2, 10, 1, fs);
    follower.term = term - 1;
    // Three nodes: the follower may have a more up-to-date log, so node 1 needs node 3's vote.
    const n = new Network([lead, follower, 'blackhole']);
    n.send(hup(1));
    n.send(newMessage({ type: 'MsgVoteResp', from: 3, to: 1, term: term + 1 }));
    n.send(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({})] }));
    expect(lead.state).toBe('StateLeader');
    expect(describeLog(follower)).toEqual(describeLog(lead));
  });
});

describe('§5.4 safety', () => {
  const voteReqs: Array<[Entry[], number]> = [
    [ents([1, 1]), 2],
    [ents([1, 1], [2, 2]), 3],
  ];
  it.each(voteReqs)('MsgVote carries the new term and the last log index/term (%#)', (es, wterm) => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2, 3]));
    r.step(newMessage({ type: 'MsgApp', from: 2, to: 1, term: wterm - 1, entries: es }));
    r.readMessages();
    for (let i = 1; i < r.electionTimeout * 2; i++) r.tick();
    const msgs = sortMsgs(r.readMessages());
    expect(msgs.length).toBe(2);
    const last = es[es.length - 1];
    msgs.forEach((m, i) => {
      expect(m).toMatchObject({ type: 'MsgVote', to: i + 2, term: wterm, index: last.index, logTerm: last.term });
    });
  });

  const voter: Array<[Entry[], number, number, boolean]> = [
    // same last term: longer or equal log wins
    [ents([1, 1]), 1, 1, false],
    [ents([1, 1]), 1, 2, false],
    [ents([1, 1], [1, 2]), 1, 1, true],
    // candidate has a higher last term
    [ents([1, 1]), 2, 1, false],
    [ents([1, 1]), 2, 2, false],
    [ents([1, 1], [1, 2]), 2, 1, false],
    // voter has a higher last term
    [ents([2, 1]), 1, 1, true],
    [ents([2, 1]), 1, 2, true],
    [ents([2, 1], [1, 2]), 1, 1, true],
  ];
  it.each(voter)('voter with log %j vs candidate last %i/%i: reject=%s', (es, logTerm, index, wreject) => {
    const s = newTestMemoryStorage([1, 2]);
    s.append(es);
    const r = newTestRaft(1, 10, 1, s);
    r.step(newMessage({ type: 'MsgVote', from: 2, to: 1, term: 3, logTerm, index }));
    const msgs = r.readMessages();
    expect(msgs.length).toBe(1);
    expect(msgs[0].type).toBe('MsgVoteResp');
    expect(msgs[0].reject).toBe(wreject);
  });

  it.each([
    [1, 0],
    [2, 0],
    [3, 3],
  ])('Figure 8: an ack up to %i commits %i (only current-term entries commit by counting)', (index, wcommit) => {
    const s = newTestMemoryStorage([1, 2]);
    s.append(ents([1, 1], [2, 2]));
    const r = newTestRaft(1, 10, 1, s);
    r.term = 2;
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    r.step(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({})] }));
    r.step(newMessage({ type: 'MsgAppResp', from: 2, to: 1, term: r.term, index }));
    r.advanceMessagesAfterAppend();
    expect(r.raftLog.committed).toBe(wcommit);
  });
});
