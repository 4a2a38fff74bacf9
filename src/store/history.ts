/**
 * SnapshotHistory: a bounded ring buffer of cluster snapshots, one per tick, so the page can look
 * back at any recent moment (the timeline scrubber's read-only rewind).
 *
 * ```
 *   slots:  [ t=812 | t=813 | t=814 | t=615 | t=616 | ... | t=811 ]
 *                             ▲ head (next write)  ▲ oldest
 * ```
 * A tick is stored once: later frames of the same tick overwrite its slot, so the entry for tick
 * N is the last picture of the cluster before tick N+1. Ticks only grow; a smaller one (the
 * cluster was reset and its clock restarted) empties the buffer first.
 */
import type { LinkView, MemberView } from './cluster-store';

/** What is kept of one moment: enough to redraw the ring, the member table and the raft log. */
export interface HistorySnapshot {
  tick: number;
  members: MemberView[];
  links?: LinkView[];
  leaderChanges: number;
}

const sameTerms = (a: MemberView['logTerms'], b: MemberView['logTerms']): boolean =>
  a === b || (!!a && !!b && a.first === b.first && a.terms.length === b.terms.length && a.terms.every((t, i) => t === b.terms[i]));

/**
 * `next` with each member's log terms shared with `prev` where they are equal: an idle cluster's
 * logs do not change for thousands of ticks, so most snapshots then cost a few small objects.
 */
function shareUnchanged(prev: HistorySnapshot | undefined, next: HistorySnapshot): HistorySnapshot {
  if (!prev) return next;
  let changed = false;
  const members = next.members.map((m) => {
    const p = prev.members.find((x) => x.id === m.id);
    if (!p || p.logTerms === m.logTerms || !sameTerms(p.logTerms, m.logTerms)) return m;
    changed = true;
    return { ...m, logTerms: p.logTerms };
  });
  return changed ? { ...next, members } : next;
}

/** Ticks kept by default: ten minutes of cluster time at etcd's 100 ms tick. */
export const DEFAULT_HISTORY_TICKS = 6000;

/** The ring buffer. Not reactive: the store tells the page when it grew (`liveTick`). */
export class SnapshotHistory {
  private readonly slots: (HistorySnapshot | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity = DEFAULT_HISTORY_TICKS) {
    if (!(capacity >= 1)) throw new RangeError(`history capacity must be at least 1, got ${capacity}`);
    this.slots = new Array<HistorySnapshot | undefined>(capacity);
  }

  /** Snapshots held. */
  get size(): number {
    return this.count;
  }

  /** Tick of the oldest snapshot held (undefined when empty). */
  get firstTick(): number | undefined {
    return this.at(0)?.tick;
  }

  /** Tick of the newest snapshot held (undefined when empty). */
  get lastTick(): number | undefined {
    return this.at(this.count - 1)?.tick;
  }

  /** The i-th snapshot, oldest first. */
  at(i: number): HistorySnapshot | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.slots[(this.head - this.count + i + this.capacity) % this.capacity];
  }

  /** Records the picture of `s.tick` (overwriting an earlier picture of the same tick). */
  push(snapshot: HistorySnapshot): void {
    const last = this.lastTick;
    if (last !== undefined && snapshot.tick < last) this.clear();
    const s = shareUnchanged(this.at(this.count - 1), snapshot);
    if (last === s.tick) {
      this.slots[(this.head - 1 + this.capacity) % this.capacity] = s;
      return;
    }
    this.slots[this.head] = s;
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /**
   * The snapshot that was current at `tick`: the newest one whose tick is <= `tick` (binary
   * search). Before the oldest one held, the oldest; undefined only when empty.
   */
  lookup(tick: number): HistorySnapshot | undefined {
    if (this.count === 0) return undefined;
    let lo = 0;
    let hi = this.count - 1;
    if (this.at(0)!.tick >= tick) return this.at(0);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.at(mid)!.tick <= tick) lo = mid;
      else hi = mid - 1;
    }
    return this.at(lo);
  }

  /** Forgets every snapshot after `tick` (the cluster was rewound to it and runs on from there). */
  truncateAfter(tick: number): void {
    while (this.count > 0 && this.at(this.count - 1)!.tick > tick) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.slots[this.head] = undefined;
      this.count--;
    }
  }

  /** Forgets everything (a new cluster). */
  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
