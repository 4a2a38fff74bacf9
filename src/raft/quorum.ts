/** VoteResult is the outcome of counting votes in a configuration. */
export type VoteResult = 'VotePending' | 'VoteLost' | 'VoteWon';

/**
 * MajorityConfig is a set of voters; decisions need a strict majority (Raft paper §5.2).
 */
export class MajorityConfig {
  /** ids are the voters. */
  readonly ids: ReadonlySet<number>;

  constructor(ids: Iterable<number>) {
    this.ids = new Set(ids);
  }

  /** size is the number of voters. */
  get size(): number {
    return this.ids.size;
  }

  /** sorted returns the voter ids in increasing order. */
  sorted(): number[] {
    return [...this.ids].sort((a, b) => a - b);
  }

  /**
   * committedIndex returns the largest index acked by a majority: the quorum-th highest of the
   * voters' acked indexes (missing voters count as 0). An empty config commits everything.
   */
  committedIndex(acked: (id: number) => number | undefined): number {
    const n = this.ids.size;
    if (n === 0) return Infinity;
    const srt: number[] = [];
    for (const id of this.ids) srt.push(acked(id) ?? 0);
    srt.sort((a, b) => a - b);
    return srt[n - (Math.floor(n / 2) + 1)];
  }

  /**
   * voteResult tallies `votes` (true = granted; absent = not yet voted): won once a majority
   * granted, lost once a majority is out of reach, else pending. An empty config wins.
   */
  voteResult(votes: ReadonlyMap<number, boolean>): VoteResult {
    if (this.ids.size === 0) return 'VoteWon';
    let yes = 0;
    let missing = 0;
    for (const id of this.ids) {
      const v = votes.get(id);
      if (v === undefined) missing++;
      else if (v) yes++;
    }
    const q = Math.floor(this.ids.size / 2) + 1;
    if (yes >= q) return 'VoteWon';
    if (yes + missing >= q) return 'VotePending';
    return 'VoteLost';
  }
}
