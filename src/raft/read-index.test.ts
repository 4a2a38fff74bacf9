/**
 * ReadIndex (Raft thesis §6.4), the safe variant: the leader records its commit index, then
 * confirms leadership with a heartbeat round before answering (raft_test.go §1d).
 */
import { describe, expect, it } from 'vitest';
import { newEntry, newMessage } from './messages';
import type { Message } from './messages';
import type { Raft } from './raft';
import { decodeReadPosition, encodeReadPosition } from './read-only';
import { data, hup, Network, newTestConfig, newTestMemoryStorage, newTestRaft, nextEnts } from './test-network';
import { Raft as RaftClass } from './raft';

function readIndex(id: number, ctx: string): Message {
  return newMessage({ type: 'MsgReadIndex', from: id, to: id, entries: [newEntry({ data: data(ctx) })] });
}

function emptyProp(): Message {
  return newMessage({ type: 'MsgProp', from: 1, to: 1, entries: [newEntry({})] });
}

function ctxOf(r: Raft, i = 0): string {
  return new TextDecoder().decode(r.readStates[i].requestCtx);
}

describe('ReadIndex', () => {
  it('on the leader and via followers returns the leader commit, echoing the ctx', () => {
    const rs = [1, 2, 3].map((id) => newTestRaft(id, 10, 1, newTestMemoryStorage([1, 2, 3])));
    const [a, b, c] = rs;
    const nt = new Network(rs);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.send(hup(1));
    expect(a.state).toBe('StateLeader');
    const cases: Array<[Raft, number, number, string]> = [
      [a, 10, 11, 'ctx1'],
      [b, 10, 21, 'ctx2'],
      [c, 10, 31, 'ctx3'],
      [a, 10, 41, 'ctx4'],
      [b, 10, 51, 'ctx5'],
      [c, 10, 61, 'ctx6'],
    ];
    for (const [sm, proposals, wri, wctx] of cases) {
      for (let j = 0; j < proposals; j++) nt.send(emptyProp());
      nt.send(readIndex(sm.id, wctx));
      expect(sm.readStates.length).toBe(1);
      expect(sm.readStates[0].index).toBe(wri);
      expect(ctxOf(sm)).toBe(wctx);
      sm.readStates = [];
    }
  });

  it('works from a learner (forwarded; the learner does not count for the quorum)', () => {
    const s = newTestMemoryStorage([1], [2]);
    const a = newTestRaft(1, 10, 1, s);
    const b = newTestRaft(2, 10, 1, newTestMemoryStorage([1], [2]));
    const nt = new Network([a, b]);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.send(hup(1));
    expect(a.state).toBe('StateLeader');
    const cases: Array<[Raft, number, number, string]> = [
      [a, 10, 11, 'ctx1'],
      [b, 10, 21, 'ctx2'],
      [a, 10, 31, 'ctx3'],
      [b, 10, 41, 'ctx4'],
    ];
    for (const [sm, proposals, wri, wctx] of cases) {
      for (let j = 0; j < proposals; j++) {
        nt.send(emptyProp());
        nextEnts(a, s);
      }
      nt.send(readIndex(sm.id, wctx));
      expect(sm.readStates.length).toBeGreaterThan(0);
      expect(sm.readStates[0].index).toBe(wri);
      expect(ctxOf(sm)).toBe(wctx);
      sm.readStates = [];
    }
  });

  it('a new leader defers reads until it committed an entry of its term', () => {
    const nodes: Array<[number, number, number, number]> = [
      [1, 1, 1, 0],
      [2, 2, 2, 2],
      [3, 2, 2, 2],
    ];
    const peers = nodes.map(([id, committed, applied, compactIndex]) => {
      const storage = newTestMemoryStorage([1, 2, 3]);
      storage.append([newEntry({ index: 1, term: 1 }), newEntry({ index: 2, term: 1 })]);
      storage.setHardState({ term: 1, commit: committed, vote: 0 });
      if (compactIndex !== 0) storage.compact(compactIndex);
      return new RaftClass(newTestConfig(id, 10, 1, storage, { applied }));
    });
    const nt = new Network(peers);
    // Keep the new leader from committing in its term.
    nt.ignore('MsgApp');
    nt.send(hup(1));
    const sm = nt.raft(1);
    expect(sm.state).toBe('StateLeader');
    nt.send(readIndex(1, 'ctx'));
    expect(sm.readStates).toEqual([]);
    nt.recover();
    for (let i = 0; i < sm.heartbeatTimeout; i++) sm.tick();
    nt.send(emptyProp());
    expect(sm.raftLog.committed).toBe(4);
    expect(sm.raftLog.term(sm.raftLog.committed)).toBe(sm.term);
    expect(sm.readStates.length).toBe(1);
    expect(sm.readStates[0].index).toBe(4);
    expect(ctxOf(sm)).toBe('ctx');
    nt.send(readIndex(1, 'ctx'));
    expect(sm.readStates.length).toBe(2);
    expect(sm.readStates[1].index).toBe(4);
  });

  it('a duplicated request ctx around a leader change never yields a stale read index', () => {
    const rs = [1, 2, 3].map((id) => newTestRaft(id, 10, 1, newTestMemoryStorage([1, 2, 3])));
    const [r1, r2, r3] = rs;
    const net = new Network(rs);
    const delayed: Message[] = [];
    net.send(hup(1));
    const readA = newMessage({ type: 'MsgReadIndex', from: 2, to: 1, entries: [newEntry({ data: data('A') })] });
    const minA = r1.raftLog.committed;
    delayed.push(readA);
    net.msgHook = (m) => {
      if (m.type === 'MsgHeartbeatResp') {
        delayed.push(m);
        return false;
      }
      return true;
    };
    net.send(readA);
    net.msgHook = undefined;
    r1.tick();
    net.send(...r1.readMessages());
    net.isolate(1);
    net.send(hup(2));
    net.send(newMessage({ type: 'MsgProp', from: 2, to: 2, entries: [newEntry({ data: data('someOp') })] }));
    const readB = newMessage({ type: 'MsgReadIndex', from: 1, to: 1, entries: [newEntry({ data: data('B') })] });
    const minB = r2.raftLog.committed;
    net.send(readB);
    net.recover();
    net.send(...delayed);
    let checked = 0;
    for (const rd of [...r1.readStates, ...r2.readStates, ...r3.readStates]) {
      const ctx = new TextDecoder().decode(rd.requestCtx);
      if (ctx === 'A') expect(rd.index).toBeGreaterThanOrEqual(minA);
      if (ctx === 'B') expect(rd.index).toBeGreaterThanOrEqual(minB);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('confirmed reads are removed from the pending queue', () => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1, 2]));
    r.becomeCandidate();
    r.becomeLeader();
    r.raftLog.commitTo(r.raftLog.lastIndex());
    const ctx = data('ctx');
    r.step(newMessage({ type: 'MsgReadIndex', from: 2, entries: [newEntry({ data: ctx })] }));
    expect(r.readOnly.unconfirmedReads.length).toBe(1);
    const hb = r.readMessages().find((m) => m.type === 'MsgHeartbeat')!;
    expect(decodeReadPosition(hb.context!)).toBe(1);
    r.step(newMessage({ type: 'MsgHeartbeatResp', from: 2, term: r.term, context: hb.context }));
    expect(r.readOnly.unconfirmedReads.length).toBe(0);
    const resp = r.readMessages().filter((m) => m.type === 'MsgReadIndexResp');
    expect(resp.map((m) => [m.to, m.index])).toEqual([[2, r.raftLog.committed]]);
  });

  it('a single-voter leader answers at once', () => {
    const r = newTestRaft(1, 5, 1, newTestMemoryStorage([1]));
    r.becomeCandidate();
    r.becomeLeader();
    r.step(readIndex(1, 'x'));
    expect(r.readStates.map((rs) => rs.index)).toEqual([r.raftLog.committed]);
  });

  it('a follower forwards MsgReadIndex to the leader without attaching its term', () => {
    const r = newTestRaft(2, 10, 1, newTestMemoryStorage([1, 2, 3]));
    r.becomeFollower(3, 1);
    r.step(readIndex(2, 'x'));
    const msgs = r.readMessages();
    expect(msgs.map((m) => [m.type, m.to, m.term])).toEqual([['MsgReadIndex', 1, 0]]);
  });

  it('a follower without a leader drops MsgReadIndex', () => {
    const r = newTestRaft(2, 10, 1, newTestMemoryStorage([1, 2, 3]));
    r.step(readIndex(2, 'x'));
    expect(r.readMessages()).toEqual([]);
  });

  it('read positions round-trip through heartbeat contexts', () => {
    for (const p of [0, 1, 255, 2 ** 32 + 7, 2 ** 40]) expect(decodeReadPosition(encodeReadPosition(p))).toBe(p);
    expect(decodeReadPosition(new Uint8Array(3))).toBe(0);
  });

  it('a deposed leader forwards ReadIndex requests to the new leader without attaching a term', () => {
    const rs = [1, 2, 3].map((id) => newTestRaft(id, 10, 1, newTestMemoryStorage([1, 2, 3])));
    const [r1, r2, r3] = rs;
    const nt = new Network(rs);
    nt.send(hup(1));
    const ents = [newEntry({ data: data('testdata') })];
    r2.step(newMessage({ type: 'MsgReadIndex', from: 2, to: 2, entries: ents }));
    const m1 = r2.readMessages();
    expect(m1).toEqual([newMessage({ type: 'MsgReadIndex', from: 2, to: 1, entries: ents })]);
    r3.step(newMessage({ type: 'MsgReadIndex', from: 3, to: 3, entries: ents }));
    const m2 = r3.readMessages();
    expect(m2).toEqual([newMessage({ type: 'MsgReadIndex', from: 3, to: 1, entries: ents })]);
    nt.send(hup(3));
    expect(r1.state).toBe('StateFollower');
    r1.step(m1[0]);
    r1.step(m2[0]);
    expect(r1.readMessages()).toEqual([
      newMessage({ type: 'MsgReadIndex', from: 2, to: 3, entries: ents }),
      newMessage({ type: 'MsgReadIndex', from: 3, to: 3, entries: ents }),
    ]);
  });
});
