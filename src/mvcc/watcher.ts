/**
 * A watcher: one watch of one stream, what it watches and how far it has seen (etcd's watcher
 * struct in watchable_store.go).
 *
 * ```
 *   startRev   the revision the client asked to start from
 *   minRev     the smallest revision this watcher will still accept: every event below it has
 *              been sent. A synced watcher has minRev = currentRev + 1 (or its future startRev);
 *              an unsynced one has minRev <= currentRev and catches up from the backend.
 * ```
 */
import type { Event } from '../protocol/rpc';

/** Event filters of a watch (etcd's WatchCreateRequest.FilterType). */
export type WatchFilter = 'NOPUT' | 'NODELETE';

/** What a watcher hands to its stream for delivery. */
export interface WatcherResponse {
  events: Event[];
  /** The store revision the response reports (0 for a compaction cancel, as etcd). */
  revision: number;
  compactRevision: number;
  /** Watch id to report, when it differs from the watcher's own (progress broadcast: -1). */
  watchId?: number;
}

/** The sink a watcher delivers to: its stream. */
export interface WatcherSink {
  deliver(w: Watcher, resp: WatcherResponse): void;
  /** The watcher caught up and joined the synced group. */
  watcherSynced(w: Watcher): void;
}

/** One watch. Keys are binary strings; `end` undefined = the single key, '' = no upper bound. */
export class Watcher {
  minRev: number;
  /** Set when the watcher was removed because its start revision was compacted. */
  compacted = false;

  constructor(
    readonly id: number,
    readonly key: string,
    readonly end: string | undefined,
    readonly startRev: number,
    readonly filters: readonly WatchFilter[],
    readonly sink: WatcherSink,
  ) {
    this.minRev = startRev;
  }

  /** Whether the watcher watches `k`. */
  covers(k: string): boolean {
    if (this.end === undefined) return k === this.key;
    return k >= this.key && (this.end === '' || k < this.end);
  }

  /**
   * Delivers a response after applying the filters; a response whose events were all filtered
   * out is dropped (an empty one is a progress notification and is delivered).
   */
  send(resp: WatcherResponse): void {
    const progress = resp.events.length === 0;
    let events = resp.events;
    if (this.filters.length > 0) {
      events = events.filter(
        (ev) => !((ev.type === 'PUT' && this.filters.includes('NOPUT')) || (ev.type === 'DELETE' && this.filters.includes('NODELETE'))),
      );
    }
    if (!progress && events.length === 0) return;
    this.sink.deliver(this, { ...resp, events });
  }
}
