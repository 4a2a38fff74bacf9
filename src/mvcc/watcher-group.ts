/**
 * Groups of watchers and the batching of events per watcher (etcd's watcher_group.go).
 *
 * A watcher watches one key (`end` undefined) or a range `[key, end)` (`end` '' = no upper
 * bound), keys in binary-string form. A group finds the watchers of a key: single-key watchers
 * by map lookup, range watchers by a scan of the (few) ranges.
 *
 * An {@link EventBatch} holds at most {@link WATCH_BATCH_MAX_REVS} distinct revisions: a watcher
 * catching up on a long history gets it in several responses, `moreRev` marking where the next
 * one starts.
 */
import type { Event } from '../protocol/rpc';
import type { Watcher } from './watcher';

/** Distinct revisions sent to an unsynced watcher in one response (etcd: 1000). */
export const WATCH_BATCH_MAX_REVS = 1000;

/** Revision-ordered events for one watcher. */
export class EventBatch {
  readonly evs: Event[] = [];
  /** Distinct revisions in `evs`. */
  revs = 0;
  /** First revision left out because the batch was full (0 = nothing left out). */
  moreRev = 0;

  /** Appends `ev` unless the batch already holds its maximum of revisions. */
  add(ev: Event): void {
    if (this.revs > WATCH_BATCH_MAX_REVS) return;
    if (this.evs.length === 0) {
      this.revs = 1;
      this.evs.push(ev);
      return;
    }
    const last = this.evs[this.evs.length - 1]!.kv.modRevision;
    if (ev.kv.modRevision > last) {
      this.revs++;
      if (this.revs > WATCH_BATCH_MAX_REVS) {
        this.moreRev = ev.kv.modRevision;
        return;
      }
    }
    this.evs.push(ev);
  }
}

/** A set of watchers indexed by what they watch. */
export class WatcherGroup {
  /** Every watcher of the group. */
  readonly watchers = new Set<Watcher>();
  private readonly keyWatchers = new Map<string, Set<Watcher>>();
  private readonly rangeWatchers = new Set<Watcher>();

  /** Number of watchers. */
  get size(): number {
    return this.watchers.size;
  }

  /** Adds a watcher. */
  add(w: Watcher): void {
    this.watchers.add(w);
    if (w.end !== undefined) {
      this.rangeWatchers.add(w);
      return;
    }
    let set = this.keyWatchers.get(w.key);
    if (set === undefined) this.keyWatchers.set(w.key, (set = new Set()));
    set.add(w);
  }

  /** Removes a watcher; false when it was not in the group. */
  delete(w: Watcher): boolean {
    if (!this.watchers.delete(w)) return false;
    if (w.end !== undefined) {
      this.rangeWatchers.delete(w);
      return true;
    }
    const set = this.keyWatchers.get(w.key)!;
    set.delete(w);
    if (set.size === 0) this.keyWatchers.delete(w.key);
    return true;
  }

  /** Whether some watcher of the group watches `key`. */
  contains(key: string): boolean {
    if (this.keyWatchers.has(key)) return true;
    for (const w of this.rangeWatchers) if (w.covers(key)) return true;
    return false;
  }

  /** The watchers that watch `key`. */
  watchersOf(key: string): Watcher[] {
    const out = [...(this.keyWatchers.get(key) ?? [])];
    for (const w of this.rangeWatchers) if (w.covers(key)) out.push(w);
    return out;
  }

  /** The batches of `evs` each watcher of the group should get (events at or after its minRev). */
  batches(evs: Event[], keyOf: (ev: Event) => string): Map<Watcher, EventBatch> {
    const wb = new Map<Watcher, EventBatch>();
    if (this.watchers.size === 0) return wb;
    for (const ev of evs) {
      for (const w of this.watchersOf(keyOf(ev))) {
        if (ev.kv.modRevision < w.minRev) continue; // don't double notify
        let eb = wb.get(w);
        if (eb === undefined) wb.set(w, (eb = new EventBatch()));
        eb.add(ev);
      }
    }
    return wb;
  }
}
