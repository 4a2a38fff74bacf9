import { Progress } from './progress';
import { MajorityConfig } from './quorum';
import type { VoteResult } from './quorum';
import type { ConfState } from './messages';

/** TrackerConfig is the active membership: voters (a majority config) and learners. */
export interface TrackerConfig {
  voters: MajorityConfig;
  learners: ReadonlySet<number>;
}

/**
 * ProgressTracker tracks the membership, the leader's per-follower Progress and the votes of
 * the current election (etcd's tracker.ProgressTracker, without joint consensus).
 */
export class ProgressTracker {
  /** config is the current membership. */
  config: TrackerConfig = { voters: new MajorityConfig([]), learners: new Set() };
  /** progress has one entry per voter and learner (including this node). */
  progress: Map<number, Progress> = new Map();
  /** votes of the current (pre-)election: true = granted. */
  votes: Map<number, boolean> = new Map();
  /** maxInflight is the Inflights window size for new Progress entries. */
  readonly maxInflight: number;

  constructor(maxInflight: number) {
    this.maxInflight = maxInflight;
  }

  /** confState returns the membership as a ConfState (sorted ids). */
  confState(): ConfState {
    return { voters: this.config.voters.sorted(), learners: [...this.config.learners].sort((a, b) => a - b) };
  }

  /** isSingleton reports whether there is exactly one voter. */
  isSingleton(): boolean {
    return this.config.voters.size === 1;
  }

  /** committed returns the largest index replicated on a quorum of voters (by Match). */
  committed(): number {
    return this.config.voters.committedIndex((id) => this.progress.get(id)?.match);
  }

  /** visit calls f for every tracked node in increasing id order (deterministic output). */
  visit(f: (id: number, pr: Progress) => void): void {
    const ids = [...this.progress.keys()].sort((a, b) => a - b);
    for (const id of ids) f(id, this.progress.get(id) as Progress);
  }

  /** quorumActive reports whether a quorum of voters was recently active (CheckQuorum). */
  quorumActive(): boolean {
    const votes = new Map<number, boolean>();
    this.visit((id, pr) => {
      if (!pr.isLearner) votes.set(id, pr.recentActive);
    });
    return this.config.voters.voteResult(votes) === 'VoteWon';
  }

  /** voterNodes returns the sorted voter ids. */
  voterNodes(): number[] {
    return this.config.voters.sorted();
  }

  /** learnerNodes returns the sorted learner ids. */
  learnerNodes(): number[] {
    return [...this.config.learners].sort((a, b) => a - b);
  }

  /** resetVotes forgets the votes of the previous election. */
  resetVotes(): void {
    this.votes = new Map();
  }

  /** recordVote records id's vote unless it already voted in this election. */
  recordVote(id: number, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  /** tallyVotes counts granted and rejected votes among voters and the election outcome. */
  tallyVotes(): { granted: number; rejected: number; result: VoteResult } {
    let granted = 0;
    let rejected = 0;
    for (const [id, pr] of this.progress) {
      if (pr.isLearner) continue;
      const v = this.votes.get(id);
      if (v === undefined) continue;
      if (v) granted++;
      else rejected++;
    }
    return { granted, rejected, result: this.config.voters.voteResult(this.votes) };
  }
}
