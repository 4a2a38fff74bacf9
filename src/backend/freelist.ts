/**
 * The freelist: page ids that hold no live data, as bbolt's `freelist`.
 *
 * ```
 *  tx N releases page p (copy-on-write replaced it) ──► pending   (not reusable in tx N:
 *                                                                 the committed tree N-1 uses p)
 *  commit N computed                                ──► free      (reusable from tx N+1 on)
 * ```
 * Why N+1 may already overwrite p: commits reach the store one at a time and atomically, so
 * when N+1's pages land, N is durable and nothing (not even the fallback meta N) points at p.
 * Readers are in-memory views of the live tree, so no older version needs to stay readable.
 */
import { assert } from './assert';

/** Free and pending page ids of one backend. */
export class Freelist {
  /** Reusable page ids, ascending. */
  private free: number[];
  /** Page ids released by the current transaction. */
  private pending: number[] = [];

  /** Starts with the ids read from the committed freelist page. */
  constructor(ids: readonly number[] = []) {
    this.free = [...ids].sort((a, b) => a - b);
  }

  /**
   * Takes `n` contiguous free ids and returns the first, or 0 when no run is long enough
   * (the caller then grows the database at its high-water mark).
   */
  allocate(n: number): number {
    const f = this.free;
    for (let i = 0; i + n <= f.length; i++) {
      if (f[i + n - 1]! - f[i]! === n - 1) {
        const first = f[i]!;
        f.splice(i, n);
        return first;
      }
    }
    return 0;
  }

  /** Releases `1 + overflow` ids starting at `pgid`; they become free after this commit. */
  release(pgid: number, overflow: number): void {
    for (let id = pgid; id <= pgid + overflow; id++) this.pending.push(id);
  }

  /** Moves the pending ids into the free list (called once a commit's pages are allocated). */
  releasePending(): void {
    if (this.pending.length === 0) return;
    this.free = this.free.concat(this.pending).sort((a, b) => a - b);
    this.pending = [];
    for (let i = 1; i < this.free.length; i++) assert(this.free[i - 1] !== this.free[i], `page ${this.free[i]} freed twice`);
  }

  /** Free plus pending ids. */
  count(): number {
    return this.free.length + this.pending.length;
  }

  /** Number of pending ids (released by the current transaction). */
  pendingCount(): number {
    return this.pending.length;
  }

  /** Free plus pending ids, ascending: what the next committed freelist page records. */
  all(): number[] {
    return this.free.concat(this.pending).sort((a, b) => a - b);
  }
}
