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
  /** Non-zero: the watcher was cancelled because its start revision was compacted. */
  compactRevision: number;
  /** Whether the events were read from the backend history (catch-up) rather than just committed. */
  fromHistory: boolean;
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
   * out is dropped. A compaction notice is always delivered.
   */
  send(resp: WatcherResponse): void {
    if (resp.compactRevision !== 0 || this.filters.length === 0) {
      this.sink.deliver(this, resp);
      return;
    }
    const noPut = this.filters.includes('NOPUT');
    const noDelete = this.filters.includes('NODELETE');
    const events = resp.events.filter((ev) => !((ev.type === 'PUT' && noPut) || (ev.type === 'DELETE' && noDelete)));
    if (events.length > 0) this.sink.deliver(this, { ...resp, events });
  }
}
