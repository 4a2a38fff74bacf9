import { describe, expect, it } from 'vitest';
import { describeEntry, describeMessage } from './describe';
import { encodeConfChange } from './confchange-codec';
import { newEntry, newMessage } from './messages';
import { applyConfChange, restoreSnapshot } from './raft-conf';
import type { TraceEvent } from './trace';
import { hup, Network, newTestMemoryStorage, newTestRaft, prop } from './test-network';

function tracedNetwork(events: TraceEvent[], opts = {}): Network {
  const rs = [1, 2, 3].map((id) => newTestRaft(id, 10, 1, newTestMemoryStorage([1, 2, 3]), { ...opts, trace: (ev) => events.push(ev) }));
  return new Network(rs);
}

describe('trace events', () => {
  it('an election and a proposal emit the typed events the UI draws', () => {
    const events: TraceEvent[] = [];
    const n = tracedNetwork(events, { preVote: true });
    n.send(hup(1));
    n.send(prop(1, 'x'));
    const types = new Set(events.map((e) => e.type));
    for (const t of ['become-pre-candidate', 'become-candidate', 'become-leader', 'become-follower', 'election-timeout-reset', 'send', 'receive', 'vote', 'append', 'commit', 'progress'] as const) {
      expect(types.has(t), t).toBe(true);
    }
    for (const e of events) {
      expect(e.node).toBeGreaterThan(0);
      expect(e.term).toBeGreaterThanOrEqual(0);
    }
    const leader = events.find((e) => e.type === 'become-leader');
    expect(leader).toMatchObject({ node: 1, term: 1, lead: 1 });
    const votes = events.filter((e) => e.type === 'vote');
    expect(votes.map((v) => (v.type === 'vote' ? [v.node, v.to, v.pre, v.granted] : []))).toEqual([
      [2, 1, true, true],
      [3, 1, true, true],
      [2, 1, false, true],
      [3, 1, false, true],
    ]);
    const commits = events.filter((e) => e.type === 'commit' && e.node === 1).map((e) => (e.type === 'commit' ? e.commit : 0));
    expect(commits).toEqual([1, 2]);
    const resets = events.filter((e) => e.type === 'election-timeout-reset');
    for (const r of resets) if (r.type === 'election-timeout-reset') expect(r.timeoutTicks).toBeGreaterThanOrEqual(10);
  });

  it('drops, conflicts, transfers, read states and conf changes are traced', () => {
    const events: TraceEvent[] = [];
    const n = tracedNetwork(events, { checkQuorum: true });
    n.send(hup(1));
    // Lease: 3 ignores 2's vote request.
    n.send(hup(2));
    expect(events.some((e) => e.type === 'drop' && e.node === 3 && e.reason.startsWith('lease is not expired'))).toBe(true);
    n.send(newMessage({ type: 'MsgTransferLeader', from: 3, to: 1 }));
    expect(events.some((e) => e.type === 'transfer-leader' && e.action === 'timeout-now' && e.transferee === 3)).toBe(true);
    n.send(newMessage({ type: 'MsgReadIndex', from: 3, to: 3, entries: [newEntry({ data: new Uint8Array([7]) })] }));
    expect(events.some((e) => e.type === 'read-state' && e.node === 3)).toBe(true);
    const r = n.raft(3);
    expect(r.state).toBe('StateLeader');
    n.send(
      newMessage({
        type: 'MsgProp',
        from: 3,
        to: 3,
        entries: [newEntry({ type: 'EntryConfChange', data: encodeConfChange({ type: 'ConfChangeAddLearnerNode', nodeId: 4 }) })],
      }),
    );
    applyConfChange(r, { type: 'ConfChangeAddLearnerNode', nodeId: 4 });
    expect(events.some((e) => e.type === 'conf-change' && e.node === 3 && e.confState.learners.includes(4))).toBe(true);
    const g = newTestRaft(5, 10, 1, newTestMemoryStorage([1, 5]), { trace: (ev) => events.push(ev) });
    restoreSnapshot(g, { data: new Uint8Array(0), metadata: { index: 9, term: 2, confState: { voters: [1, 5], learners: [] } } });
    expect(events.some((e) => e.type === 'snapshot-restore' && e.node === 5 && e.index === 9 && e.snapTerm === 2)).toBe(true);
    // A stale-term leader's MsgApp with a conflicting entry shows up as a conflict on a follower.
    const f = newTestRaft(1, 10, 1, newTestMemoryStorage([1, 2]), { trace: (ev) => events.push(ev) });
    f.becomeFollower(1, 2);
    f.step(newMessage({ type: 'MsgApp', from: 2, term: 1, entries: [newEntry({ term: 1, index: 1 })] }));
    f.step(newMessage({ type: 'MsgApp', from: 2, term: 2, entries: [newEntry({ term: 2, index: 1 })] }));
    expect(events.some((e) => e.type === 'conflict' && e.node === 1 && e.index === 1)).toBe(true);
  });

  it('without a tracer, events are never even built', () => {
    const r = newTestRaft(1, 10, 1, newTestMemoryStorage([1]));
    expect(() =>
      r.emit(() => {
        throw new Error('built an event without a tracer');
      }),
    ).not.toThrow();
    r.step(hup(1));
    expect(r.state).toBe('StateCandidate');
  });
});

describe('describe', () => {
  it('renders messages and entries like etcd', () => {
    const m = newMessage({
      type: 'MsgApp',
      from: 1,
      to: 2,
      term: 3,
      logTerm: 2,
      index: 5,
      commit: 4,
      entries: [newEntry({ term: 3, index: 6, data: new TextEncoder().encode('foo') })],
    });
    expect(describeMessage(m)).toBe('1->2 MsgApp Term:3 Log:2/5 Commit:4 Entries:[3/6 EntryNormal "foo"]');
    expect(describeMessage(newMessage({ type: 'MsgAppResp', from: 2, to: 1, term: 3, index: 5, reject: true, rejectHint: 4, logTerm: 2 }))).toBe(
      '2->1 MsgAppResp Term:3 Log:2/5 Rejected (Hint: 4)',
    );
    expect(describeEntry(newEntry({ term: 1, index: 2, type: 'EntryConfChange', data: encodeConfChange({ type: 'ConfChangeRemoveNode', nodeId: 3 }) }))).toBe(
      '1/2 EntryConfChange RemoveNode 3',
    );
  });
});
