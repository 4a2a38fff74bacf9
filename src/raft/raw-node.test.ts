/**
 * RawNode and the Ready/Advance contract (etcd's rawnode_test.go behaviour): persist, send,
 * apply, advance; restart from storage; errors for local and unknown-peer messages; status.
 */
import { describe, expect, it } from 'vitest';
import { decodeConfChange } from './confchange-codec';
import { ErrProposalDropped, ErrStepLocalMsg, ErrStepPeerNotFound } from './errors';
import { newEntry, newMessage } from './messages';
import type { Entry, MessageType } from './messages';
import { createRand } from './rand';
import { RawNode } from './raw-node';
import type { Ready } from './raw-node';
import { MemoryStorage } from './storage';
import { data, newTestConfig, newTestMemoryStorage } from './test-network';
import type { TestOpts } from './test-network';

function rawNode(s: MemoryStorage, opts: TestOpts = {}): RawNode {
  return new RawNode(newTestConfig(1, 10, 1, s, opts));
}

/** handle persists and applies one Ready like a host would. */
function handle(rn: RawNode, s: MemoryStorage, rd: Ready): void {
  if (rd.hardState) s.setHardState(rd.hardState);
  if (rd.snapshot) s.applySnapshot(rd.snapshot);
  s.append(rd.entries);
  for (const e of rd.committedEntries) {
    if (e.type === 'EntryConfChange') rn.applyConfChange(decodeConfChange(e.data));
  }
  rn.advance(rd);
}

/** drain handles Readys until there are none; returns them. */
function drain(rn: RawNode, s: MemoryStorage): Ready[] {
  const out: Ready[] = [];
  for (let i = 0; i < 100 && rn.hasReady(); i++) {
    const rd = rn.ready();
    out.push(rd);
    handle(rn, s, rd);
  }
  return out;
}

describe('RawNode', () => {
  it('bootstraps, campaigns and commits a proposal on a single node', () => {
    const s = new MemoryStorage();
    const rn = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage: s, rand: createRand(1) });
    rn.bootstrap([1]);
    let rd = rn.ready();
    // The bootstrap Ready: the conf change entry, committed, to persist and apply.
    expect(rd.hardState).toEqual({ term: 1, vote: 0, commit: 1 });
    expect(rd.entries.map((e) => [e.index, e.type])).toEqual([[1, 'EntryConfChange']]);
    expect(rd.committedEntries.map((e) => e.index)).toEqual([1]);
    expect(rd.mustSync).toBe(true);
    handle(rn, s, rd);
    expect(rn.hasReady()).toBe(false);
    rn.campaign();
    const rds = drain(rn, s);
    expect(rn.status().raftState).toBe('StateLeader');
    expect(rds.map((r) => r.softState?.raftState).filter((x) => x !== undefined)).toEqual(['StatePreCandidate', 'StateCandidate', 'StateLeader']);
    expect(rds.flatMap((r) => r.committedEntries).map((e) => e.index)).toEqual([2]);
    rn.propose(data('foo'));
    rd = rn.ready();
    expect(rd.entries.map((e) => [e.term, e.index])).toEqual([[2, 3]]);
    // The leader's own ack only counts after this Ready was persisted: commit comes next.
    expect(rd.committedEntries).toEqual([]);
    handle(rn, s, rd);
    rd = rn.ready();
    expect(rd.hardState?.commit).toBe(3);
    expect(rd.committedEntries.map((e) => new TextDecoder().decode(e.data))).toEqual(['foo']);
    expect(rd.mustSync).toBe(false);
    handle(rn, s, rd);
    expect(rn.hasReady()).toBe(false);
    expect(rn.status()).toMatchObject({ id: 1, term: 2, vote: 1, commit: 3, applied: 3, lead: 1, raftState: 'StateLeader', leadTransferee: 0 });
  });

  it('bootstrap refuses a non-empty storage', () => {
    const s = newTestMemoryStorage([1]);
    s.append([newEntry({ index: 1, term: 1 })]);
    expect(() => rawNode(s).bootstrap([1])).toThrow();
  });

  it('restart re-delivers committed but unapplied entries, without a HardState', () => {
    const entries = [newEntry({ term: 1, index: 1 }), newEntry({ term: 1, index: 2, data: data('foo') })];
    const s = newTestMemoryStorage([1]);
    s.setHardState({ term: 1, vote: 0, commit: 1 });
    s.append(entries);
    const rn = rawNode(s);
    const rd = rn.ready();
    expect(rd.hardState).toBeUndefined();
    expect(rd.committedEntries).toEqual(entries.slice(0, 1));
    expect(rd.mustSync).toBe(false);
    rn.advance(rd);
    expect(rn.hasReady()).toBe(false);
  });

  it('restart from a snapshot delivers only entries after it', () => {
    const s = new MemoryStorage();
    s.setHardState({ term: 1, vote: 0, commit: 3 });
    s.applySnapshot({ data: new Uint8Array(0), metadata: { index: 2, term: 1, confState: { voters: [1, 2], learners: [] } } });
    const entries = [newEntry({ term: 1, index: 3, data: data('foo') })];
    s.append(entries);
    const rn = rawNode(s);
    const rd = rn.ready();
    expect(rd.hardState).toBeUndefined();
    expect(rd.committedEntries).toEqual(entries);
    rn.advance(rd);
    expect(rn.hasReady()).toBe(false);
  });

  it('config.applied skips entries the host already applied', () => {
    const s = newTestMemoryStorage([1]);
    s.setHardState({ term: 1, vote: 0, commit: 3 });
    s.append([1, 2, 3].map((i) => newEntry({ term: 1, index: i })));
    const rd = rawNode(s, { applied: 2 }).ready();
    expect(rd.committedEntries.map((e) => e.index)).toEqual([3]);
  });

  it('never skips an entry when paginating committed entries after a restart', () => {
    // A storage that ignores the size hint (returns more than asked).
    class IgnoreSizeHint extends MemoryStorage {
      override entries(lo: number, hi: number): Entry[] {
        return super.entries(lo, hi);
      }
    }
    const s = new IgnoreSizeHint();
    s.setConfState({ voters: [1], learners: [] });
    s.setHardState({ term: 1, vote: 1, commit: 10 });
    s.append(Array.from({ length: 10 }, (_, i) => newEntry({ term: 1, index: i + 1, data: data('a') })));
    s.append([newEntry({ term: 1, index: 11, data: data('boom') })]);
    const rn = rawNode(s, { maxSizePerMsg: 8, maxCommittedSizePerReady: 8 });
    let highestApplied = 0;
    for (let guard = 0; highestApplied !== 11 && guard < 20; guard++) {
      const rd = rn.ready();
      const n = rd.committedEntries.length;
      expect(n, `stopped applying at ${highestApplied}`).toBeGreaterThan(0);
      const next = rd.committedEntries[0].index;
      expect(highestApplied === 0 || highestApplied + 1 === next).toBe(true);
      highestApplied = rd.committedEntries[n - 1].index;
      rn.advance(rd);
      rn.step(newMessage({ type: 'MsgHeartbeat', to: 1, from: 2, term: 1, commit: 11 }));
    }
    expect(highestApplied).toBe(11);
  });

  it('maxCommittedSizePerReady paginates committed entries', () => {
    const s = newTestMemoryStorage([1]);
    s.setHardState({ term: 1, vote: 0, commit: 5 });
    s.append([1, 2, 3, 4, 5].map((i) => newEntry({ term: 1, index: i, data: new Uint8Array(10) })));
    const rn = rawNode(s, { maxCommittedSizePerReady: 25 });
    const sizes: number[] = [];
    while (rn.hasReady()) {
      const rd = rn.ready();
      sizes.push(rd.committedEntries.length);
      rn.advance(rd);
    }
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('bounds the log of a partitioned leader with maxUncommittedEntriesSize', () => {
    const maxEntries = 16;
    const payload = data('testdata');
    const s = newTestMemoryStorage([1]);
    const rn = rawNode(s, { maxUncommittedEntriesSize: maxEntries * payload.length });
    rn.campaign();
    for (;;) {
      const rd = rn.ready();
      s.append(rd.entries);
      rn.advance(rd);
      if (rd.committedEntries.length > 0) break;
    }
    let dropped = 0;
    for (let i = 0; i < 1024; i++) {
      try {
        rn.propose(payload);
      } catch (e) {
        expect(e).toBeInstanceOf(ErrProposalDropped);
        dropped++;
      }
    }
    expect(dropped).toBe(1024 - maxEntries);
    expect(rn.raft.uncommittedSize).toBe(maxEntries * payload.length);
    let rd = rn.ready();
    expect(rd.entries.length).toBe(maxEntries);
    s.append(rd.entries);
    rn.advance(rd);
    expect(rn.raft.uncommittedSize).toBe(maxEntries * payload.length);
    rd = rn.ready();
    expect(rd.entries).toEqual([]);
    expect(rd.committedEntries.length).toBe(maxEntries);
    rn.advance(rd);
    expect(rn.raft.uncommittedSize).toBe(0);
  });

  it('read states are delivered in a Ready and then cleared', () => {
    const s = newTestMemoryStorage([1]);
    const rn = rawNode(s);
    rn.campaign();
    drain(rn, s);
    rn.readIndex(data('somedata'));
    expect(rn.hasReady()).toBe(true);
    const rd = rn.ready();
    expect(rd.readStates.map((r) => [r.index, new TextDecoder().decode(r.requestCtx)])).toEqual([[1, 'somedata']]);
    rn.advance(rd);
    expect(rn.raft.readStates).toEqual([]);
    expect(rn.hasReady()).toBe(false);
  });

  it.each(['MsgHup', 'MsgBeat', 'MsgUnreachable', 'MsgSnapStatus', 'MsgCheckQuorum'] as MessageType[])(
    'stepping local message %s throws ErrStepLocalMsg',
    (type) => {
      const rn = rawNode(newTestMemoryStorage([1]));
      expect(() => rn.step(newMessage({ type, from: 1 }))).toThrow(ErrStepLocalMsg);
    },
  );

  it('a response from an unknown peer throws ErrStepPeerNotFound', () => {
    const rn = rawNode(newTestMemoryStorage([1]));
    expect(() => rn.step(newMessage({ type: 'MsgAppResp', from: 9, term: 1 }))).toThrow(ErrStepPeerNotFound);
  });

  it('proposals without a leader throw ErrProposalDropped', () => {
    const rn = rawNode(newTestMemoryStorage([1, 2, 3]));
    expect(() => rn.propose(data('x'))).toThrow(ErrProposalDropped);
    expect(() => rn.propose(data('x'))).toThrow('raft proposal dropped');
  });

  it('proposes and applies a conf change; adding a duplicate node is harmless', () => {
    const s = newTestMemoryStorage([1]);
    const rn = rawNode(s);
    rn.campaign();
    drain(rn, s);
    rn.proposeConfChange({ type: 'ConfChangeAddNode', nodeId: 2 });
    drain(rn, s);
    expect(rn.status().config).toEqual({ voters: [1, 2], learners: [] });
    // With 2 voters and 2 silent, nothing more commits; add 2 again is a no-op change.
    expect(rn.applyConfChange({ type: 'ConfChangeAddNode', nodeId: 2 })).toEqual({ voters: [1, 2], learners: [] });
    rn.proposeConfChange({ type: 'ConfChangeAddLearnerNode', nodeId: 3 });
    const rds = drain(rn, s);
    expect(rds.flatMap((r) => r.entries).some((e) => e.type === 'EntryConfChange')).toBe(true);
    // Not committed (2 never acks), so 3 is not a learner yet.
    expect(rn.status().config).toEqual({ voters: [1, 2], learners: [] });
  });

  it('status reports progress only on the leader', () => {
    const s = newTestMemoryStorage([1]);
    const rn = rawNode(s);
    expect(rn.status().progress.size).toBe(0);
    rn.campaign();
    drain(rn, s);
    const st = rn.status();
    expect([...st.progress.entries()]).toEqual([
      [1, { match: 1, next: 2, state: 'StateReplicate', recentActive: true, pendingSnapshot: 0, inflights: 0, isLearner: false }],
    ]);
  });

  it('mustSync only for new entries or a term/vote change', () => {
    const s = newTestMemoryStorage([1, 2]);
    const rn = rawNode(s);
    rn.step(newMessage({ type: 'MsgHeartbeat', from: 2, term: 1, commit: 0 }));
    let rd = rn.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: 0, commit: 0 });
    expect(rd.mustSync).toBe(true);
    handle(rn, s, rd);
    rn.step(newMessage({ type: 'MsgApp', from: 2, term: 1, entries: [newEntry({ term: 1, index: 1 })] }));
    rd = rn.ready();
    expect(rd.mustSync).toBe(true);
    handle(rn, s, rd);
    rn.step(newMessage({ type: 'MsgHeartbeat', from: 2, term: 1, commit: 1 }));
    rd = rn.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: 0, commit: 1 });
    expect(rd.mustSync).toBe(false);
  });

  it('durability-dependent replies are only released in the Ready (after persisting)', () => {
    const s = newTestMemoryStorage([1, 2]);
    const rn = rawNode(s);
    rn.step(newMessage({ type: 'MsgVote', from: 2, term: 1 }));
    // The vote response waits in the raft until the host takes the Ready with the new HardState.
    expect(rn.raft.msgs).toEqual([]);
    const rd = rn.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: 2, commit: 0 });
    expect(rd.messages.map((m) => m.type)).toEqual(['MsgVoteResp']);
  });

  it('reportUnreachable and reportSnapshot drive the leader progress', () => {
    const s = newTestMemoryStorage([1, 2]);
    const rn = rawNode(s);
    rn.campaign();
    drain(rn, s);
    rn.step(newMessage({ type: 'MsgVoteResp', from: 2, term: rn.status().term }));
    drain(rn, s);
    expect(rn.status().raftState).toBe('StateLeader');
    const pr = rn.raft.trk.progress.get(2)!;
    pr.becomeReplicate();
    rn.reportUnreachable(2);
    expect(pr.state).toBe('StateProbe');
    pr.becomeSnapshot(5);
    rn.reportSnapshot(2, 'failure');
    expect([pr.state, pr.pendingSnapshot]).toEqual(['StateProbe', 0]);
    pr.becomeSnapshot(5);
    rn.reportSnapshot(2, 'finish');
    expect([pr.state, pr.next]).toEqual(['StateProbe', 6]);
  });

  it('transferLeader on the leader sends MsgTimeoutNow to an up-to-date follower', () => {
    const s = newTestMemoryStorage([1, 2]);
    const rn = rawNode(s);
    rn.campaign();
    drain(rn, s);
    rn.step(newMessage({ type: 'MsgVoteResp', from: 2, term: rn.status().term }));
    drain(rn, s);
    rn.step(newMessage({ type: 'MsgAppResp', from: 2, term: rn.status().term, index: rn.raft.raftLog.lastIndex() }));
    drain(rn, s);
    rn.transferLeader(2);
    expect(rn.status().leadTransferee).toBe(2);
    const rd = rn.ready();
    expect(rd.messages.map((m) => [m.type, m.to])).toEqual([['MsgTimeoutNow', 2]]);
  });

  it('status reports the votes of a candidate; forceCampaign sends MsgVote with the transfer context', () => {
    const s = newTestMemoryStorage([1, 2, 3]);
    const rn = rawNode(s, { preVote: true });
    rn.forceCampaign();
    const rd = rn.ready();
    const votes = rd.messages.filter((m) => m.type === 'MsgVote');
    expect(votes.map((m) => m.to).sort()).toEqual([2, 3]);
    expect(new TextDecoder().decode(votes[0]!.context)).toBe('CampaignTransfer');
    handle(rn, s, rd);
    expect(rn.status().raftState).toBe('StateCandidate');
    expect(rn.status().votes).toEqual([{ id: 1, granted: true }]);
    rn.step(newMessage({ type: 'MsgVoteResp', from: 2, term: rn.status().term, reject: true }));
    expect(rn.status().votes).toEqual([{ id: 1, granted: true }, { id: 2, granted: false }]);
    rn.step(newMessage({ type: 'MsgVoteResp', from: 3, term: rn.status().term }));
    expect(rn.status().raftState).toBe('StateLeader');
    expect(rn.status().votes).toEqual([]);
  });
});
