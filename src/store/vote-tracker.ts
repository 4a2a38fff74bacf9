/**
 * VoteTracker: the tally of each member's latest election, read off the bus. An election is
 * over in a few ms of cluster time (faster than a frame, and between the per-tick summaries),
 * so the ring reconstructs it from the messages themselves: a member that sends MsgPreVote or
 * MsgVote for term T runs that election (its own vote counts at once: raft steps it locally);
 * each MsgPreVoteResp / MsgVoteResp delivered to it adds a granted or rejected vote. The tally
 * stays drawn for `lingerMs` of wall time after its last change, so the learner can read how
 * it ended.
 *
 * ```
 *  sent MsgVote 2->1 t5, 2->3 t5 ──► infra2: vote t5, granted {2}
 *  delivered MsgVoteResp 1->2 ─────► granted {2,1}      (reject=true: rejected {1})
 *  ... lingerMs of no change ─────► gone
 * ```
 * Pure: wall time is passed in. No React, no DOM.
 */

/** One member's election as drawn. */
export interface Tally {
  kind: 'pre-vote' | 'vote';
  /** The term the votes are for (a pre-vote asks for term+1 without taking it). */
  term: number;
  votes: { id: number; granted: boolean }[];
}

interface Election extends Tally {
  changedAt: number;
}

const REQUEST: Record<string, Tally['kind']> = { MsgPreVote: 'pre-vote', MsgVote: 'vote' };
const RESPONSE: Record<string, Tally['kind']> = { MsgPreVoteResp: 'pre-vote', MsgVoteResp: 'vote' };

/** Tallies of the members' latest elections. */
export class VoteTracker {
  private readonly elections = new Map<number, Election>();
  /** Vote responses in flight: envelope id -> its term and whether it rejects (known at send time). */
  private readonly pending = new Map<number, { term: number; reject: boolean }>();

  constructor(private readonly lingerMs = 2500) {}

  /** A message left `from` (only vote requests and responses matter). */
  sent(e: { id: number; from: number; to: number; type: string; term?: number; reject?: boolean }, wallNow: number): void {
    const kind = REQUEST[e.type];
    if (kind) {
      const term = e.term ?? 0;
      const cur = this.elections.get(e.from);
      if (!cur || cur.kind !== kind || cur.term !== term) {
        this.elections.set(e.from, { kind, term, votes: [{ id: e.from, granted: true }], changedAt: wallNow });
      }
      return;
    }
    if (RESPONSE[e.type]) {
      this.pending.set(e.id, { term: e.term ?? 0, reject: e.reject === true });
      if (this.pending.size > 1000) this.pending.delete(this.pending.keys().next().value!);
    }
  }

  /** A message arrived: a vote response counts for its receiver's current election of that kind. */
  delivered(e: { id: number; from: number; to: number; type: string }, wallNow: number): void {
    const kind = RESPONSE[e.type];
    if (!kind) return;
    const resp = this.pending.get(e.id);
    this.pending.delete(e.id);
    const cur = this.elections.get(e.to);
    if (resp === undefined || !cur || cur.kind !== kind || cur.votes.some((v) => v.id === e.from)) return;
    // A late answer to an earlier election does not count (raft ignores lower terms). A pre-vote
    // asks for term+1 and a voter that refuses answers with its own term, one lower.
    if (resp.term < cur.term - (kind === 'pre-vote' ? 1 : 0)) return;
    cur.votes.push({ id: e.from, granted: !resp.reject });
    cur.changedAt = wallNow;
  }

  /** A vote response that never arrives counts for nothing. */
  dropped(id: number): void {
    this.pending.delete(id);
  }

  /** Forgets a member's election (it was killed). */
  forget(member: number): void {
    this.elections.delete(member);
  }

  /** The tally to draw on `member` at `wallNow`, if its latest election is recent enough. */
  tally(member: number, wallNow: number): Tally | undefined {
    const e = this.elections.get(member);
    if (!e) return undefined;
    if (wallNow - e.changedAt > this.lingerMs) {
      this.elections.delete(member);
      return undefined;
    }
    return { kind: e.kind, term: e.term, votes: e.votes.slice() };
  }
}
