import { AssertionError } from './assert';
import { ErrCompacted, ErrSnapshotTemporarilyUnavailable, ErrUnavailable } from './errors';
import { isEmptySnap, newMessage } from './messages';
import type { Entry } from './messages';
import type { Progress, ProgressStateType } from './progress';
import type { Raft } from './raft';

/**
 * Leader-side replication (Raft paper §5.3, thesis §10.2.2 batching and pipelining): building
 * MsgApp / MsgSnap / MsgHeartbeat for followers, appending the leader's own entries and the
 * commit rule.
 */

/** traceProgress emits a 'progress' event when a follower's replication state changed. */
export function traceProgress(r: Raft, id: number, pr: Progress, from: ProgressStateType): void {
  if (pr.state === from) return;
  r.emit(() => ({ type: 'progress', node: r.id, term: r.term, peer: id, from, to: pr.state, match: pr.match, next: pr.next }));
}

/** sendAppend sends a MsgApp (possibly empty, carrying the commit index) to `to`. */
export function sendAppend(r: Raft, to: number): void {
  maybeSendAppend(r, to, true);
}

/**
 * maybeSendAppend sends to `to` a MsgApp with the entries from pr.next (limited by
 * maxMsgSize), or a MsgSnap if those entries were compacted. With sendIfEmpty=false nothing is
 * sent when there are no entries. Returns whether a message was sent.
 */
export function maybeSendAppend(r: Raft, to: number, sendIfEmpty: boolean): boolean {
  const pr = r.trk.progress.get(to);
  if (pr === undefined || pr.isPaused()) return false;
  const prevIndex = pr.next - 1;
  const prevTerm = r.raftLog.termOrUndefined(prevIndex);
  if (prevTerm === undefined) {
    // The log was truncated at >= pr.next: only a snapshot can catch the follower up.
    return maybeSendSnapshot(r, to, pr);
  }
  let ents: Entry[] = [];
  // A full window in StateReplicate still lets an empty MsgApp through (after a heartbeat
  // response), so dropped MsgApps cannot stall the follower forever.
  if (pr.state !== 'StateReplicate' || !pr.inflights.full()) {
    try {
      ents = r.raftLog.entries(pr.next, r.maxMsgSize);
    } catch (e) {
      if (e instanceof ErrCompacted || e instanceof ErrUnavailable) return maybeSendSnapshot(r, to, pr);
      throw e;
    }
  }
  if (ents.length === 0 && !sendIfEmpty) return false;
  r.send(newMessage({ type: 'MsgApp', to, index: prevIndex, logTerm: prevTerm, entries: ents, commit: r.raftLog.committed }));
  pr.sentEntries(ents.length, ents.length > 0 ? ents[ents.length - 1].index : prevIndex);
  pr.setSentCommit(r.raftLog.committed);
  return true;
}

/** maybeSendSnapshot sends the latest snapshot to a recently active follower. */
export function maybeSendSnapshot(r: Raft, to: number, pr: Progress): boolean {
  if (!pr.recentActive) return false;
  let snapshot;
  try {
    snapshot = r.raftLog.snapshot();
  } catch (e) {
    if (e instanceof ErrSnapshotTemporarilyUnavailable) return false;
    throw e;
  }
  if (isEmptySnap(snapshot)) throw new AssertionError('need non-empty snapshot');
  const from = pr.state;
  pr.becomeSnapshot(snapshot.metadata.index);
  traceProgress(r, to, pr, from);
  r.send(newMessage({ type: 'MsgSnap', to, snapshot }));
  return true;
}

/** sendHeartbeat sends a heartbeat carrying commit = min(match, committed) (TestBcastBeat). */
export function sendHeartbeat(r: Raft, to: number, ctx: Uint8Array | undefined): void {
  const pr = r.trk.progress.get(to) as Progress;
  const commit = Math.min(pr.match, r.raftLog.committed);
  const m = newMessage({ type: 'MsgHeartbeat', to, commit });
  if (ctx !== undefined) m.context = ctx;
  r.send(m);
  pr.setSentCommit(commit);
}

/** bcastAppend sends MsgApp to every follower (learners included). */
export function bcastAppend(r: Raft): void {
  r.trk.visit((id) => {
    if (id !== r.id) sendAppend(r, id);
  });
}

/** bcastHeartbeat heartbeats every follower, carrying the newest unconfirmed read position. */
export function bcastHeartbeat(r: Raft): void {
  bcastHeartbeatWithCtx(r, r.readOnly.heartbeatCtx());
}

/** bcastHeartbeatWithCtx heartbeats every follower with the given context. */
export function bcastHeartbeatWithCtx(r: Raft, ctx: Uint8Array | undefined): void {
  r.trk.visit((id) => {
    if (id !== r.id) sendHeartbeat(r, id, ctx);
  });
}

/**
 * appendEntry stamps es with the leader's term and next indexes and appends them. The leader
 * acks its own append with a self-addressed MsgAppResp that is stepped only once the entries
 * are durable (after the Ready is persisted). Returns false if the uncommitted-size limit drops it.
 */
export function appendEntry(r: Raft, es: Entry[]): boolean {
  let li = r.raftLog.lastIndex();
  const stamped = es.map((e, i) => ({ ...e, term: r.term, index: li + 1 + i }));
  if (!r.increaseUncommittedSize(stamped)) return false;
  li = r.raftLog.append(stamped);
  r.emit(() => ({ type: 'append', node: r.id, term: r.term, from: stamped[0].index, to: li }));
  r.send(newMessage({ type: 'MsgAppResp', to: r.id, index: li }));
  return true;
}

/**
 * maybeCommit advances the commit index to the quorum-acked index if that entry is of the
 * current term: Figure 8 / §5.4.2, older entries only commit indirectly.
 */
export function maybeCommit(r: Raft): boolean {
  const mci = r.trk.committed();
  if (!r.raftLog.maybeCommit(mci, r.term)) return false;
  r.emit(() => ({ type: 'commit', node: r.id, term: r.term, commit: r.raftLog.committed }));
  return true;
}

/** sendTimeoutNow tells the transferee to campaign immediately. */
export function sendTimeoutNow(r: Raft, to: number): void {
  r.emit(() => ({ type: 'transfer-leader', node: r.id, term: r.term, transferee: to, action: 'timeout-now' }));
  r.send(newMessage({ type: 'MsgTimeoutNow', to }));
}
