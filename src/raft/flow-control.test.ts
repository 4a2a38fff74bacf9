/**
 * Leader-side progress handling, fast log rejection and the inflights window (raft_test.go
 * §1c and raft_flow_control_test.go).
 */
import { describe, expect, it } from 'vitest';
import { ErrProposalDropped } from './errors';
import { newEntry, newMessage } from './messages';
import type { Entry, Message } from './messages';
import type { Raft } from './raft';
import { appendEntry, sendAppend } from './raft-replicate';
import { MemoryStorage } from './storage';
import {
  data,
  newTestConfig,
  newTestMemoryStorage,
  newTestRaft,
  nextEnts,
  prop,
} from './test-network';
import { Raft as RaftClass } from './raft';

/** terms builds entries with the given terms at indexes from, from+1, ... */
function terms(from: number, ...ts: number[]): Entry[] {
  return ts.map((term, i) => newEntry({ term, index: from + i }));
}

function expectOne(r: Raft): Message {
  const msgs = r.readMessages();
  expect(msgs.length).toBe(1);
  return msgs[0];
}

function mustAppend(r: Raft, e: Partial<Entry> = {}): void {
  expect(appendEntry(r, [newEntry(e)])).toBe(true);
}

describe('leader progress handling', () => {
  it('heartbeat responses from a lagging follower resend MsgApp until it acks', () => {
    const s = newTestMemoryStorage([1, 2]);
    s.append(terms(1, 1, 2, 3));
    const r = newTestRaft(1, 5, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    r.raftLog.commitTo(r.raftLog.lastIndex());
    r.step(newMessage({ type: 'MsgHeartbeatResp', from: 2 }));
    let m = expectOne(r);
    expect(m.type).toBe('MsgApp');
    r.step(newMessage({ type: 'MsgHeartbeatResp', from: 2 }));
    m = expectOne(r);
    expect(m.type).toBe('MsgApp');
    r.step(newMessage({ type: 'MsgAppResp', from: 2, index: m.index + m.entries.length }));
    r.readMessages();
    r.step(newMessage({ type: 'MsgHeartbeatResp', from: 2 }));
    expect(r.readMessages()).toEqual([]);
  });

  it('only followers that acked receive the next proposal', () => {
    const s = newTestMemoryStorage([1, 2, 3]);
    const r = newTestRaft(1, 5, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    nextEnts(r, s);
    r.step(newMessage({ type: 'MsgAppResp', from: 2, index: 1 }));
    expect(r.raftLog.committed).toBe(1);
    r.readMessages();
    r.step(newMessage({ type: 'MsgProp', from: 1, entries: [newEntry({})] }));
    let m = expectOne(r);
    expect([m.type, m.to, m.entries.length, m.entries[0].index]).toEqual(['MsgApp', 2, 1, 2]);
    r.step(newMessage({ type: 'MsgAppResp', from: 3, index: 1 }));
    m = expectOne(r);
    expect([m.type, m.to, m.entries.length, m.entries[0].index]).toEqual(['MsgApp', 3, 1, 2]);
  });

  it.each([
    [3, true, 0, 3, 0, 0, 0], // stale rejection: no reply
    [2, true, 0, 2, 1, 1, 0], // rejection: decrease next and probe
    [2, false, 2, 4, 2, 2, 2], // ack: commit and broadcast
    [0, false, 0, 4, 1, 0, 0],
  ])('MsgAppResp index %i reject %s -> match %i next %i, %i msgs (index %i commit %i)', (index, reject, wmatch, wnext, wmsgNum, windex, wcommitted) => {
    const s = newTestMemoryStorage([1, 2, 3]);
    s.append(terms(1, 1, 1));
    const r = newTestRaft(1, 10, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    r.step(newMessage({ type: 'MsgAppResp', from: 2, index, term: r.term, reject, rejectHint: index }));
    const p = r.trk.progress.get(2)!;
    expect([p.match, p.next]).toEqual([wmatch, wnext]);
    const msgs = r.readMessages();
    expect(msgs.length).toBe(wmsgNum);
    for (const m of msgs) {
      expect(m.index).toBe(windex);
      expect(m.commit).toBe(wcommitted);
    }
  });

  it('heartbeats carry commit = min(match, committed) and no entries', () => {
    const storage = new MemoryStorage();
    storage.applySnapshot({ data: new Uint8Array(0), metadata: { index: 1000, term: 1, confState: { voters: [1, 2, 3], learners: [] } } });
    const r = newTestRaft(1, 10, 1, storage);
    r.term = 1;
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < 10; i++) mustAppend(r);
    r.advanceMessagesAfterAppend();
    const p2 = r.trk.progress.get(2)!;
    p2.match = 5;
    p2.next = 6;
    const p3 = r.trk.progress.get(3)!;
    p3.match = r.raftLog.lastIndex();
    p3.next = r.raftLog.lastIndex() + 1;
    r.step(newMessage({ type: 'MsgBeat' }));
    const msgs = r.readMessages();
    expect(msgs.length).toBe(2);
    const want = new Map([
      [2, Math.min(r.raftLog.committed, 5)],
      [3, Math.min(r.raftLog.committed, p3.match)],
    ]);
    for (const m of msgs) {
      expect(m.type).toBe('MsgHeartbeat');
      expect([m.index, m.logTerm, m.entries.length]).toEqual([0, 0, 0]);
      expect(m.commit).toBe(want.get(m.to));
    }
  });

  it.each(['StateFollower', 'StateCandidate', 'StatePreCandidate', 'StateLeader'] as const)('MsgBeat in %s: only a leader heartbeats', (state) => {
    const s = newTestMemoryStorage([1, 2, 3]);
    s.append(terms(1, 0, 1));
    const r = newTestRaft(1, 10, 1, s);
    r.term = 1;
    r.state = state;
    r.step(newMessage({ type: 'MsgBeat', from: 1, to: 1 }));
    const msgs = r.readMessages();
    expect(msgs.length).toBe(state === 'StateLeader' ? 2 : 0);
    for (const m of msgs) expect(m.type).toBe('MsgHeartbeat');
  });

  it.each([
    ['StateReplicate', 2, 3 + 1 + 1 + 1],
    ['StateProbe', 2, 2],
  ] as const)('in %s next moves optimistically or not (next %i -> %i)', (state, next, wnext) => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    r.raftLog.append(terms(1, 1, 2, 3));
    r.becomeCandidate();
    r.becomeLeader();
    const p = r.trk.progress.get(2)!;
    p.state = state;
    p.next = next;
    r.step(prop(1));
    expect(p.next).toBe(wnext);
  });

  it('probe: one MsgApp, then paused until a heartbeat response', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    r.trk.progress.get(2)!.becomeProbe();
    for (let i = 0; i < 3; i++) {
      if (i === 0) {
        mustAppend(r, { data: data('somedata') });
        sendAppend(r, 2);
        expect(expectOne(r).index).toBe(0);
      }
      expect(r.trk.progress.get(2)!.msgAppFlowPaused).toBe(true);
      for (let j = 0; j < 10; j++) {
        mustAppend(r, { data: data('somedata') });
        sendAppend(r, 2);
        expect(r.readMessages()).toEqual([]);
      }
      // Heartbeats go out but do not unpause.
      for (let j = 0; j < r.heartbeatTimeout; j++) r.step(newMessage({ type: 'MsgBeat', from: 1, to: 1 }));
      expect(r.trk.progress.get(2)!.msgAppFlowPaused).toBe(true);
      expect(expectOne(r).type).toBe('MsgHeartbeat');
    }
    // A heartbeat response unpauses: one more probe goes out, and pauses again.
    r.step(newMessage({ type: 'MsgHeartbeatResp', from: 2, to: 1 }));
    expect(expectOne(r).index).toBe(0);
    expect(r.trk.progress.get(2)!.msgAppFlowPaused).toBe(true);
  });

  it('replicate: one MsgApp per proposal', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    r.trk.progress.get(2)!.becomeReplicate();
    for (let i = 0; i < 10; i++) {
      mustAppend(r, { data: data('somedata') });
      sendAppend(r, 2);
      expect(r.readMessages().length).toBe(1);
    }
  });

  it('snapshot state: no MsgApp', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    r.trk.progress.get(2)!.becomeSnapshot(10);
    for (let i = 0; i < 10; i++) {
      mustAppend(r, { data: data('somedata') });
      sendAppend(r, 2);
      expect(r.readMessages()).toEqual([]);
    }
  });

  it('MsgUnreachable turns replicate into probe from match+1', () => {
    const s = newTestMemoryStorage([1, 2]);
    s.append(terms(1, 1, 2, 3));
    const r = newTestRaft(1, 10, 1, s);
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    const p = r.trk.progress.get(2)!;
    p.match = 3;
    p.becomeReplicate();
    p.next = 6;
    r.step(newMessage({ type: 'MsgUnreachable', from: 2, to: 1 }));
    expect(p.state).toBe('StateProbe');
    expect(p.next).toBe(p.match + 1);
  });

  it('a reordered stale rejection does not move next below match+1', () => {
    const r1 = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]));
    r1.becomeCandidate();
    r1.becomeLeader();
    r1.readMessages();
    r1.trk.progress.get(2)!.becomeReplicate();
    const r2 = newTestRaft(2, 10, 1, newTestMemoryStorage([1, 2]));
    mustAppend(r1, { data: data('somedata') });
    sendAppend(r1, 2);
    const req1 = expectOne(r1);
    mustAppend(r1, { data: data('somedata') });
    sendAppend(r1, 2);
    const req2 = expectOne(r1);
    // req2 arrives first and is rejected (r2 lacks index 2).
    r2.step(req2);
    const resp2 = expectOne(r2);
    expect([resp2.reject, resp2.rejectHint, resp2.index]).toEqual([true, 0, 2]);
    r2.step(req1);
    const m = expectOne(r2);
    expect([m.reject, m.index]).toEqual([false, 2]);
    r1.step(m);
    expectOne(r1);
    expect(r1.trk.progress.get(2)!.match).toBe(2);
    r1.step(newMessage({ type: 'MsgUnreachable', from: 2, to: 1 }));
    expect(r1.trk.progress.get(2)!.state).toBe('StateProbe');
    // The stale rejection: the probe must start at match, not below.
    r1.step(resp2);
    expect(expectOne(r1).index).toBe(r1.trk.progress.get(2)!.match);
  });

  it('maxUncommittedEntriesSize drops proposals; empty entries always pass', () => {
    const maxEntries = 1024;
    const testData = data('testdata');
    const cfg = newTestConfig(1, 5, 1, newTestMemoryStorage([1, 2, 3]), {
      maxUncommittedEntriesSize: maxEntries * testData.length,
      maxInflightMsgs: 2 * 1024,
    });
    const r = new RaftClass(cfg);
    r.becomeCandidate();
    r.becomeLeader();
    expect(r.uncommittedSize).toBe(0);
    r.trk.progress.get(2)!.becomeReplicate();
    r.trk.progress.get(3)!.becomeReplicate();
    const propMsg = () => newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({ data: testData })] });
    for (let i = 0; i < maxEntries; i++) r.step(propMsg());
    expect(() => r.step(propMsg())).toThrow(ErrProposalDropped);
    expect(r.readMessages().length).toBe(maxEntries * 2);
    r.reduceUncommittedSize(maxEntries * testData.length);
    expect(r.uncommittedSize).toBe(0);
    // One large batch is accepted when the uncommitted size was below the limit.
    const large = Array.from({ length: 2 * maxEntries }, () => newEntry({ data: testData }));
    r.step(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: large }));
    expect(() => r.step(propMsg())).toThrow(ErrProposalDropped);
    r.step(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({})] }));
    expect(r.readMessages().length).toBe(4);
    r.reduceUncommittedSize(2 * maxEntries * testData.length);
    expect(r.uncommittedSize).toBe(0);
  });

  it("the leader's own progress advances only once its entries are persisted", () => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1, 2]));
    r.becomeCandidate();
    r.becomeLeader();
    r.trk.progress.get(2)!.becomeReplicate();
    for (let i = 0; i < 5; i++) r.step(prop(1, 'foo'));
    expect(r.trk.progress.get(1)!.match).toBe(0);
    const ents = r.raftLog.nextUnstableEnts();
    expect(ents.length).toBe(6);
    expect(ents[0].data.length).toBe(0);
    expect(new TextDecoder().decode(ents[5].data)).toBe('foo');
    r.advanceMessagesAfterAppend();
    expect(r.trk.progress.get(1)!.match).toBe(6);
    expect(r.trk.progress.get(1)!.next).toBe(7);
  });

  it('maxSizePerMsg batches entries: a probing follower gets one message, then pipelining', () => {
    const r = new RaftClass(newTestConfig(1, 5, 1, newTestMemoryStorage([1, 2]), { maxInflightMsgs: 3, maxSizePerMsg: 2048 }));
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    r.trk.progress.get(2)!.becomeProbe();
    const blob = data('a'.repeat(1000));
    for (let i = 0; i < 10; i++) r.step(newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({ data: blob })] }));
    let ms = r.readMessages();
    // Probe: only the first proposal's MsgApp went out (empty entry + one blob); then paused.
    expect(ms.length).toBe(1);
    expect(ms[0].entries.length).toBe(2);
    // The ack moves the follower to replicate; the window of 3 fills with 2-entry messages.
    r.step(newMessage({ type: 'MsgAppResp', from: 2, to: 1, index: ms[0].entries[1].index }));
    ms = r.readMessages();
    expect(ms.map((m) => m.entries.length)).toEqual([2, 2, 2]);
    expect(r.trk.progress.get(2)!.isPaused()).toBe(true);
    // Acking the first frees one slot: exactly one more message (the last 2 entries).
    r.step(newMessage({ type: 'MsgAppResp', from: 2, to: 1, index: ms[0].entries[1].index }));
    ms = r.readMessages();
    expect(ms.map((m) => m.entries.length)).toEqual([2]);
  });
});

describe('fast log rejection', () => {
  const cases: Array<[Entry[], Entry[], number, number, number, number, number]> = [
    [terms(1, 1, 2, 2, 4, 4, 4, 4), terms(1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3), 0, 3, 7, 2, 3],
    [terms(1, 1, 2, 2, 3, 4, 4, 4, 5), terms(1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3), 0, 3, 8, 3, 4],
    [terms(1, 1, 1, 1, 1), terms(1, 1, 2, 2, 4), 0, 1, 1, 1, 1],
    [terms(1, 1, 1, 1, 1, 1, 1), terms(1, 1, 2, 2, 4), 0, 1, 1, 1, 1],
    [terms(1, 1, 1, 1, 1), terms(1, 1, 2, 2, 4, 4, 4), 0, 1, 1, 1, 1],
    [terms(1, 1, 1, 1, 4, 5), terms(1, 1, 1, 1, 4), 0, 4, 4, 4, 4],
    [terms(1, 2, 5, 5, 5, 5, 5, 5, 5, 5), terms(1, 2, 4, 4, 4, 4, 4), 0, 4, 6, 2, 1],
    [terms(1, 2, 2, 2, 2, 2), terms(1, 2, 4, 4, 4, 4, 4, 4, 4), 0, 2, 1, 2, 1],
    // A stale MsgApp reaching a follower that compacted past it: hint term 0, back off by one.
    [terms(1, 1, 1, 3), terms(1, 1, 1, 3, 3, 3), 5, 0, 3, 1, 2],
  ];
  it.each(cases)('case %#', (leaderLog, followerLog, followerCompact, hintTerm, hintIndex, nextTerm, nextIndex) => {
    const s1 = newTestMemoryStorage([1, 2, 3]);
    s1.append(leaderLog);
    const last = leaderLog[leaderLog.length - 1];
    s1.setHardState({ term: last.term - 1, commit: last.index, vote: 0 });
    const n1 = newTestRaft(1, 10, 1, s1);
    n1.becomeCandidate();
    n1.becomeLeader();
    const s2 = newTestMemoryStorage([1, 2, 3]);
    s2.append(followerLog);
    s2.setHardState({ term: last.term, vote: 1, commit: 0 });
    const n2 = newTestRaft(2, 10, 1, s2);
    if (followerCompact !== 0) s2.compact(followerCompact);
    n2.step(newMessage({ type: 'MsgHeartbeat', from: 1, to: 2 }));
    let m = expectOne(n2);
    expect(m.type).toBe('MsgHeartbeatResp');
    n1.step(m);
    m = expectOne(n1);
    expect(m.type).toBe('MsgApp');
    n2.step(m);
    m = expectOne(n2);
    expect([m.type, m.reject, m.logTerm, m.rejectHint]).toEqual(['MsgAppResp', true, hintTerm, hintIndex]);
    n1.step(m);
    const msgs = n1.readMessages();
    expect([msgs[0].logTerm, msgs[0].index]).toEqual([nextTerm, nextIndex]);
  });
});

describe('flow control (inflights window)', () => {
  function leaderReplicating(): Raft {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1, 2]));
    r.becomeCandidate();
    r.becomeLeader();
    r.trk.progress.get(2)!.becomeReplicate();
    return r;
  }
  const maxInflight = 256;

  it('a full window stops MsgApps', () => {
    const r = leaderReplicating();
    const pr2 = r.trk.progress.get(2)!;
    for (let i = 0; i < maxInflight; i++) {
      r.step(prop(1));
      const ms = r.readMessages();
      expect(ms.length).toBe(1);
      expect(ms[0].type).toBe('MsgApp');
    }
    expect(pr2.isPaused()).toBe(true);
    for (let i = 0; i < 10; i++) {
      r.step(prop(1));
      expect(r.readMessages()).toEqual([]);
    }
  });

  it('acks free the window; out-of-date acks change nothing', () => {
    const r = leaderReplicating();
    const pr2 = r.trk.progress.get(2)!;
    for (let i = 0; i < maxInflight; i++) {
      r.step(prop(1));
      r.readMessages();
    }
    // 1 is the empty entry, 2..maxInflight+1 the proposals.
    for (let tt = 2; tt < maxInflight; tt++) {
      r.step(newMessage({ type: 'MsgAppResp', from: 2, to: 1, index: tt }));
      r.readMessages();
      r.step(prop(1));
      const ms = r.readMessages();
      expect(ms.length).toBe(1);
      expect(ms[0].type).toBe('MsgApp');
      expect(pr2.isPaused()).toBe(true);
      for (let i = 0; i < tt; i++) {
        r.step(newMessage({ type: 'MsgAppResp', from: 2, to: 1, index: i }));
        expect(pr2.isPaused()).toBe(true);
      }
    }
  });

  it('a heartbeat response on a full window lets exactly one empty MsgApp through', () => {
    const r = leaderReplicating();
    const pr2 = r.trk.progress.get(2)!;
    for (let i = 0; i < maxInflight; i++) {
      r.step(prop(1));
      r.readMessages();
    }
    for (let tt = 1; tt < 5; tt++) {
      for (let i = 0; i < tt; i++) {
        expect(pr2.isPaused()).toBe(true);
        r.step(newMessage({ type: 'MsgHeartbeatResp', from: 2, to: 1 }));
        const ms = r.readMessages();
        expect(ms.length).toBe(1);
        expect(ms[0].type).toBe('MsgApp');
        expect(ms[0].entries).toEqual([]);
      }
      for (let i = 0; i < 10; i++) {
        expect(pr2.isPaused()).toBe(true);
        r.step(prop(1));
        expect(r.readMessages()).toEqual([]);
      }
      r.step(newMessage({ type: 'MsgHeartbeatResp', from: 2, to: 1 }));
      r.readMessages();
    }
  });
});
