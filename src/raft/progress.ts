import { Inflights } from './inflights';

/**
 * ProgressStateType is how the leader currently replicates to a follower:
 *
 *            +-- reject / unreachable --+
 *            v                          |
 *   StateProbe --- ack (match) ---> StateReplicate
 *       ^   |                           |
 *       |   +-- needs compacted entries -----> StateSnapshot
 *       +--- snapshot done / failed / ack >= firstIndex-1 --+
 *
 * Probe: one MsgApp per heartbeat interval until the match point is found.
 * Replicate: optimistic pipelining, bounded by the Inflights window.
 * Snapshot: a MsgSnap is in flight; no MsgApp is sent.
 */
export type ProgressStateType = 'StateProbe' | 'StateReplicate' | 'StateSnapshot';

/** Progress is the leader's view of one follower (etcd's tracker.Progress). */
export class Progress {
  /** match is the highest index known to be replicated on the follower. */
  match = 0;
  /** next is the index of the next entry to send; invariant match < next. */
  next = 1;
  /** sentCommit is the highest commit index sent to the follower (to avoid redundant sends). */
  sentCommit = 0;
  /** state is the replication state (see ProgressStateType). */
  state: ProgressStateType = 'StateProbe';
  /** pendingSnapshot is the index of the snapshot in flight in StateSnapshot, else 0. */
  pendingSnapshot = 0;
  /** recentActive: heard from the follower since the last CheckQuorum round. */
  recentActive = false;
  /** msgAppFlowPaused: sending MsgApp is paused (probe sent, or inflight window full). */
  msgAppFlowPaused = false;
  /** inflights is the window of unacked MsgApps (used in StateReplicate). */
  inflights: Inflights;
  /** isLearner: the follower is a non-voting learner. */
  isLearner = false;

  constructor(init: { match?: number; next?: number; maxInflight: number; isLearner?: boolean; recentActive?: boolean }) {
    this.match = init.match ?? 0;
    this.next = init.next ?? 1;
    this.inflights = new Inflights(init.maxInflight);
    this.isLearner = init.isLearner ?? false;
    this.recentActive = init.recentActive ?? false;
  }

  /** resetState moves to `state`, clearing the pause flag, pending snapshot and inflights. */
  resetState(state: ProgressStateType): void {
    this.msgAppFlowPaused = false;
    this.pendingSnapshot = 0;
    this.state = state;
    this.inflights.reset();
  }

  /** becomeProbe enters StateProbe, probing from match+1 (or after a completed snapshot). */
  becomeProbe(): void {
    if (this.state === 'StateSnapshot') {
      const pendingSnapshot = this.pendingSnapshot;
      this.resetState('StateProbe');
      this.next = Math.max(this.match + 1, pendingSnapshot + 1);
    } else {
      this.resetState('StateProbe');
      this.next = this.match + 1;
    }
    this.sentCommit = Math.min(this.sentCommit, this.next - 1);
  }

  /** becomeReplicate enters StateReplicate with next = match+1. */
  becomeReplicate(): void {
    this.resetState('StateReplicate');
    this.next = this.match + 1;
  }

  /** becomeSnapshot enters StateSnapshot waiting for the snapshot at snapshoti. */
  becomeSnapshot(snapshoti: number): void {
    this.resetState('StateSnapshot');
    this.pendingSnapshot = snapshoti;
    this.next = snapshoti + 1;
    this.sentCommit = snapshoti;
  }

  /**
   * sentEntries updates the progress after a MsgApp with `entries` entries was sent: in
   * StateReplicate next moves optimistically and the message joins the inflight window; in
   * StateProbe a non-empty probe pauses the flow until a response or heartbeat response.
   */
  sentEntries(entries: number, lastIndex: number): void {
    if (this.state === 'StateReplicate') {
      if (entries > 0) {
        this.next = lastIndex + 1;
        this.inflights.add(lastIndex);
      }
      this.msgAppFlowPaused = this.inflights.full();
    } else if (this.state === 'StateProbe') {
      if (entries > 0) this.msgAppFlowPaused = true;
    } else {
      throw new Error(`sending append in unhandled state ${this.state}`);
    }
  }

  /** canBumpCommit reports whether a MsgApp would tell the follower a newer commit index. */
  canBumpCommit(index: number): boolean {
    return index > this.sentCommit && this.sentCommit < this.next - 1;
  }

  /** setSentCommit records the commit index sent to the follower. */
  setSentCommit(commit: number): void {
    this.sentCommit = commit;
  }

  /** maybeUpdate raises match (and next) to n; returns false for a stale ack. */
  maybeUpdate(n: number): boolean {
    if (n <= this.match) return false;
    this.match = n;
    this.next = Math.max(this.next, n + 1);
    this.msgAppFlowPaused = false;
    return true;
  }

  /**
   * maybeDecrTo handles a rejection of the MsgApp at `rejected`, with the follower's hint
   * `matchHint`. Returns false if the rejection is stale (out of order).
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === 'StateReplicate') {
      // A rejection at or below match is stale.
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      this.sentCommit = Math.min(this.sentCommit, this.next - 1);
      return true;
    }
    // In probe, only the rejection of the latest probe (next-1) is meaningful.
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.sentCommit = Math.min(this.sentCommit, this.next - 1);
    this.msgAppFlowPaused = false;
    return true;
  }

  /** isPaused reports whether the leader must not send MsgApp to this follower now. */
  isPaused(): boolean {
    switch (this.state) {
      case 'StateProbe':
      case 'StateReplicate':
        return this.msgAppFlowPaused;
      case 'StateSnapshot':
        return true;
    }
  }

  /** toString renders the progress like etcd's Progress.String(). */
  toString(): string {
    let s = `${this.state} match=${this.match} next=${this.next}`;
    if (this.isLearner) s += ' learner';
    if (this.isPaused()) s += ' paused';
    if (this.pendingSnapshot > 0) s += ` pendingSnap=${this.pendingSnapshot}`;
    if (!this.recentActive) s += ' inactive';
    const n = this.inflights.count();
    if (n > 0) {
      s += ` inflight=${n}`;
      if (this.inflights.full()) s += '[full]';
    }
    return s;
  }
}
