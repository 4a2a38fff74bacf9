/**
 * Log replication, commit rules and flow control: the behaviour of etcd-raft's raft_test.go
 * §1c cases and raft_flow_control_test.go.
 */
import { describe, expect, it } from 'vitest';
import { applyConfChange } from './raft-conf';
import { ErrProposalDropped } from './errors';
import { newEntry, newMessage } from './messages';
import type { Entry, Message } from './messages';
import { maybeCommit } from './raft-replicate';
import {
  data,
  hup,
  Network,
  newTestMemoryStorage,
  newTestRaft,
  nextEnts,
  prop,
} from './test-network';

/** terms builds entries with the given terms at indexes from, from+1, ... */
function terms(from: number, ...ts: number[]): Entry[] {
  return ts.map((term, i) => newEntry({ term, index: from + i }));
}



describe('replication through a network', () => {
  it('replicates and commits proposals via the leader and via a new leader', () => {
    const cases: Array<[Message[], number]> = [
      [[prop(1, 'somedata')], 2],
      [[prop(1, 'somedata'), hup(2), prop(1, 'somedata')], 4],
    ];
    for (const [msgs, wcommitted] of cases) {
      const n = new Network([undefined, undefined, undefined]);
      n.send(hup(1));
      for (const m of msgs) n.send(m);
      for (let id = 1; id <= 3; id++) {
        const r = n.raft(id);
        expect(r.raftLog.committed).toBe(wcommitted);
        const applied = nextEnts(r, n.storage.get(id)!).filter((e) => e.data.length > 0);
        const props = msgs.filter((m) => m.type === 'MsgProp');
        expect(applied.map((e) => new TextDecoder().decode(e.data))).toEqual(props.map(() => 'somedata'));
      }
    }
  });

  it('single node commits immediately', () => {
    const n = new Network([undefined]);
    n.send(hup(1));
    n.send(prop(1, 'some data'));
    n.send(prop(1, 'some data'));
    expect(n.raft(1).raftLog.committed).toBe(3);
  });

  it('a new leader cannot commit old-term entries until an entry of its term replicates', () => {
    const n = new Network([undefined, undefined, undefined, undefined, undefined]);
    n.send(hup(1));
    n.cut(1, 3);
    n.cut(1, 4);
    n.cut(1, 5);
    n.send(prop(1, 'some data'));
    n.send(prop(1, 'some data'));
    expect(n.raft(1).raftLog.committed).toBe(1);
    n.recover();
    // Keep the new leader's empty entry from being replicated.
    n.ignore('MsgApp');
    n.send(hup(2));
    const sm = n.raft(2);
    expect(sm.raftLog.committed).toBe(1);
    n.recover();
    n.send(newMessage({ type: 'MsgBeat', from: 2, to: 2 }));
    n.send(prop(2, 'some data'));
    expect(sm.raftLog.committed).toBe(5);
  });

  it("a new leader commits old-term entries through its empty entry", () => {
    const n = new Network([undefined, undefined, undefined, undefined, undefined]);
    n.send(hup(1));
    n.cut(1, 3);
    n.cut(1, 4);
    n.cut(1, 5);
    n.send(prop(1, 'some data'));
    n.send(prop(1, 'some data'));
    expect(n.raft(1).raftLog.committed).toBe(1);
    n.recover();
    n.send(hup(2));
    expect(n.raft(1).raftLog.committed).toBe(4);
  });

  it("a deposed leader's stale MsgApp is ignored", () => {
    const n = new Network([undefined, undefined, undefined]);
    n.send(hup(1));
    n.send(hup(2));
    n.send(hup(1));
    // Stale MsgApp from leader 2 (term 2) after 1 won term 3.
    n.send(newMessage({ type: 'MsgApp', from: 2, to: 1, term: 2, entries: [newEntry({ index: 3, term: 2 })] }));
    n.send(prop(1, 'somedata'));
    for (let id = 1; id <= 3; id++) {
      const r = n.raft(id);
      expect(r.raftLog.allEntries().map((e) => e.term)).toEqual([1, 2, 3, 3]);
      expect(r.raftLog.committed).toBe(4);
    }
  });

  it.each([
    ['all alive', [undefined, undefined, undefined], true],
    ['one dead', [undefined, undefined, 'blackhole'], true],
    ['two dead', [undefined, 'blackhole', 'blackhole'], false],
    ['two of four dead', [undefined, 'blackhole', 'blackhole', undefined], false],
    ['two of five dead', [undefined, 'blackhole', 'blackhole', undefined, undefined], true],
  ] as const)('proposal succeeds iff a quorum is alive (%s)', (_name, peers, success) => {
    const n = new Network([...peers]);
    // Proposals without a leader are dropped.
    expect(() => n.raft(1).step(prop(1))).toThrow(ErrProposalDropped);
    n.send(hup(1));
    n.send(prop(1, 'somedata'));
    const r = n.raft(1);
    expect(r.raftLog.committed).toBe(success ? 2 : 0);
  });

  it.each([
    ['all alive', [undefined, undefined, undefined]],
    ['one dead', [undefined, undefined, 'blackhole']],
  ] as const)('a proposal to a follower is forwarded to the leader (%s)', (_name, peers) => {
    const n = new Network([...peers]);
    n.send(hup(1));
    n.send(prop(2, 'somedata'));
    for (let id = 1; id <= 2; id++) {
      const r = n.raft(id);
      expect(r.raftLog.committed).toBe(2);
      expect(r.raftLog.allEntries()).toEqual([newEntry({ term: 1, index: 1 }), newEntry({ term: 1, index: 2, data: data('somedata') })]);
    }
  });

  it('disableProposalForwarding makes followers drop proposals', () => {
    const n = new Network([undefined, undefined, undefined], { disableProposalForwarding: true });
    n.send(hup(1));
    expect(() => n.raft(2).step(prop(2))).toThrow(ErrProposalDropped);
    n.raft(1).step(prop(1));
  });
});

describe('commit rule', () => {
  const cases: Array<[number[], Entry[], number, number]> = [
    [[1], terms(1, 1), 1, 1],
    [[1], terms(1, 1), 2, 0],
    [[2], terms(1, 1, 2), 2, 2],
    [[1], terms(1, 2), 2, 1],
    [[2, 1, 1], terms(1, 1, 2), 1, 1],
    [[2, 1, 1], terms(1, 1, 1), 2, 0],
    [[2, 1, 2], terms(1, 1, 2), 2, 2],
    [[2, 1, 2], terms(1, 1, 1), 2, 0],
    [[2, 1, 1, 1], terms(1, 1, 2), 1, 1],
    [[2, 1, 1, 1], terms(1, 1, 1), 2, 0],
    [[2, 1, 1, 2], terms(1, 1, 2), 1, 1],
    [[2, 1, 1, 2], terms(1, 1, 1), 2, 0],
    [[2, 1, 2, 2], terms(1, 1, 2), 2, 2],
    [[2, 1, 2, 2], terms(1, 1, 1), 2, 0],
  ];
  it.each(cases)('matches %j log %# at term %i commit %i', (matches, logs, smTerm, w) => {
    const s = newTestMemoryStorage([1]);
    s.append(logs);
    s.setHardState({ term: smTerm, vote: 0, commit: 0 });
    const r = newTestRaft(1, 10, 2, s);
    matches.forEach((m, j) => {
      const id = j + 1;
      if (id > 1) applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: id });
      const pr = r.trk.progress.get(id)!;
      pr.match = m;
      pr.next = m + 1;
    });
    maybeCommit(r);
    expect(r.raftLog.committed).toBe(w);
  });
});

describe('follower handling', () => {
  const cases: Array<[Partial<Message>, number, number, boolean]> = [
    [{ term: 2, logTerm: 3, index: 2, commit: 3 }, 2, 0, true], // previous log mismatch
    [{ term: 2, logTerm: 3, index: 3, commit: 3 }, 2, 0, true], // previous log non-exist
    [{ term: 2, logTerm: 1, index: 1, commit: 1 }, 2, 1, false],
    [{ term: 2, logTerm: 0, index: 0, commit: 1, entries: terms(1, 2) }, 1, 1, false],
    [{ term: 2, logTerm: 2, index: 2, commit: 3, entries: terms(3, 2, 2) }, 4, 3, false],
    [{ term: 2, logTerm: 2, index: 2, commit: 4, entries: terms(3, 2) }, 3, 3, false],
    [{ term: 2, logTerm: 1, index: 1, commit: 4, entries: terms(2, 2) }, 2, 2, false],
    // commit = min(leader commit, index of the last NEW entry)
    [{ term: 1, logTerm: 1, index: 1, commit: 3 }, 2, 1, false],
    [{ term: 1, logTerm: 1, index: 1, commit: 3, entries: terms(2, 2) }, 2, 2, false],
    [{ term: 2, logTerm: 2, index: 2, commit: 3 }, 2, 2, false],
    [{ term: 2, logTerm: 2, index: 2, commit: 4 }, 2, 2, false],
  ];
  it.each(cases)('MsgApp %j -> last %i commit %i reject %s', (m, wIndex, wCommit, wReject) => {
    const s = newTestMemoryStorage([1]);
    s.append(terms(1, 1, 2));
    const r = newTestRaft(1, 10, 1, s);
    r.becomeFollower(2, 0);
    r.step(newMessage({ type: 'MsgApp', ...m, term: 2 }));
    expect(r.raftLog.lastIndex()).toBe(wIndex);
    expect(r.raftLog.committed).toBe(wCommit);
    const msgs = r.readMessages();
    expect(msgs.length).toBe(1);
    expect(msgs[0].reject).toBe(wReject);
  });

  it.each([
    [3, 5, 5],
    [3, 1, 3],
  ])('heartbeat with commit %i->%i raises commit (never lowers it) to %i', (commit, mCommit, wCommit) => {
    const s = newTestMemoryStorage([1, 2]);
    s.append(terms(1, 1, 2, 3));
    const r = newTestRaft(1, 5, 1, s);
    r.becomeFollower(2, 2);
    r.raftLog.commitTo(commit);
    // The follower's log is long enough for commit 5 only if it has 5 entries.
    r.raftLog.append(terms(4, 3, 3));
    r.step(newMessage({ type: 'MsgHeartbeat', from: 2, to: 1, term: 2, commit: mCommit }));
    expect(r.raftLog.committed).toBe(wCommit);
    const msgs = r.readMessages();
    expect(msgs.length).toBe(1);
    expect(msgs[0].type).toBe('MsgHeartbeatResp');
  });
});
