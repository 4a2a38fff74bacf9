/**
 * Building a member's RawNode over its MemoryStorage, at open and when a WAL write is refused for
 * lack of space (the member's raft then restarts in place from what is durable).
 *
 * ```
 *   Ready k: send early msgs ─► wal.save ✗ ErrNoSpaceLeft (nothing of it landed)
 *        │   not sent: MsgAppResp / MsgVoteResp (they would promise what is not durable)
 *        │   not done: MemoryStorage update, apply, advance
 *        ▼
 *   restartRaftInPlace: a new RawNode over the same MemoryStorage, which mirrors exactly what the
 *   WAL holds; applied = the snapshot index, so conf changes after it reach the new config again
 *   (their KV effects are not re-applied: they are at or below the consistent index)
 * ```
 * This is the crash-restart of raft (its in-memory term, vote, log tail, role and progress are
 * dropped) without losing the process, the backend in memory, watches or leases.
 */
import { createRand, RawNode, type MemoryStorage, type Tracer } from '../raft';
import { RaftNode } from './raft-node';
import type { EtcdServer } from './server';

/** A RawNode for the member `s` over `storage`, applied up to `applied`. `salt` varies its election timeouts. */
export function newRawNode(s: EtcdServer, storage: MemoryStorage, applied: number, salt = 0): RawNode {
  const cfg = s.cfg;
  const node = new RawNode({
    id: cfg.raftId,
    electionTick: cfg.electionTicks,
    heartbeatTick: cfg.heartbeatTicks,
    storage,
    applied,
    checkQuorum: true,
    preVote: cfg.preVote,
    rand: createRand(salt === 0 ? cfg.seed : (cfg.seed + salt * 7919) >>> 0),
  });
  // raft builds a trace event only when it has a tracer: expose one only while someone listens,
  // so an unobserved member pays nothing for tracing
  const tracer: Tracer = (ev) => s.emit({ kind: 'raft', member: cfg.raftId, ev });
  Object.defineProperty(node.raft, 'tracer', { get: () => (s.tracing ? tracer : undefined) });
  return node;
}

/**
 * Replaces the member's raft with one restarted from its durable state (see the file comment).
 * The member becomes a follower that knows no leader; it learns the current one from its next
 * message. Reads in flight at the old raft fail with "leader changed"; proposals it had
 * accepted but not persisted are gone (their clients time out unless a quorum had them).
 */
export function restartRaftInPlace(s: EtcdServer): void {
  const storage = s.r.storage;
  const snap = storage.snapshot().metadata;
  s.restarts++;
  s.appliedIndex = snap.index;
  s.appliedTerm = snap.term;
  s.confState = snap.confState;
  s.r = new RaftNode(newRawNode(s, storage, snap.index, s.restarts), storage, s.wal, s.transport, s);
  s.onSoftState({ lead: 0, raftState: 'StateFollower' });
}
