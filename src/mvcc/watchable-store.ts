/**
 * The watchable store: the KV store plus its watchers (etcd's watchable_store.go).
 *
 * ```
 *            watch(startRev <= currentRev)          watch(startRev = 0 or > currentRev)
 *                       │                                         │
 *                       ▼                                         ▼
 *   ┌──────── unsynced ────────┐   syncWatchers(): read    ┌──────── synced ────────┐
 *   │ minRev <= currentRev     │──[minRev, currentRev] ───▶│ minRev = currentRev+1  │
 *   │ (catching up on history) │   from the backend,       │ gets each new revision │
 *   └──────────────────────────┘   <= 1000 revs per reply  │ as it commits (notify) │
 *        │ minRev < compactRev                            └────────────────────────┘
 *        ▼
 *   cancelled with compactRevision
 * ```
 *
 * There are no timers: the host calls {@link WatchableStore.syncWatchers} (etcd does every
 * 100 ms) while {@link WatchableStore.unsyncedCount} is not zero. Delivery is a synchronous
 * callback per stream, so etcd's "victim" path for blocked channels does not exist here.
 */
import type { Event } from '../protocol/rpc';
import { bytesToStr } from './bytes';
import { decodeKeyValue, decodeKeyValueKey } from './kv-codec';
import type { StoreConfig } from './kv-store';
import { KVStore } from './kv-store';
import type { TxnWrite } from './kv-store-txn';
import type { Backend } from '../backend/backend';
import { bytesToBucketKey, revToBytes } from './revision';
import { WatchStream, type WatchResponseSink } from './watch-stream';
import { Watcher, type WatchFilter, type WatcherSink } from './watcher';
import { WatcherGroup } from './watcher-group';

/** etcd's maxWatchersPerSync: unsynced watchers served by one syncWatchers step. */
export const MAX_WATCHERS_PER_SYNC = 512;

const keyOfEvent = (ev: Event): string => bytesToStr(ev.kv.key);

/** The KV store with watch support. Open it on a backend like {@link KVStore}. */
export class WatchableStore extends KVStore {
  /** Watchers that have seen everything up to the current revision. */
  readonly synced = new WatcherGroup();
  /** Watchers catching up on history. */
  readonly unsynced = new WatcherGroup();

  constructor(b: Backend, cfg: StoreConfig = {}) {
    super(b, cfg);
  }

  /** A new watch stream whose responses go to `send` (the server forwards them to the client). */
  newWatchStream(send: WatchResponseSink): WatchStream {
    return new WatchStream(this, send);
  }

  /** Number of watchers still catching up. */
  unsyncedCount(): number {
    return this.unsynced.size;
  }

  /** Registers a watcher (internal: streams call this). `startRev` 0 means "from now". */
  watch(id: number, key: string, end: string | undefined, startRev: number, filters: readonly WatchFilter[], sink: WatcherSink): Watcher {
    const w = new Watcher(id, key, end, startRev, filters, sink);
    const synced = startRev > this.currentRev || startRev === 0;
    if (synced) {
      w.minRev = Math.max(this.currentRev + 1, startRev);
      this.synced.add(w);
    } else {
      this.unsynced.add(w);
    }
    return w;
  }

  /**
   * Restores from another backend (snapshot install): every synced watcher becomes unsynced, so
   * the next syncWatchers steps send it what the new backend holds beyond what it has seen (or
   * cancel it if that history was compacted), as etcd's watchableStore.Restore does.
   */
  override restoreFrom(b: Backend): void {
    super.restoreFrom(b);
    for (const w of [...this.synced.watchers]) {
      this.synced.delete(w);
      this.unsynced.add(w);
    }
  }

  /** Removes a watcher from whichever group holds it. */
  cancelWatcher(w: Watcher): void {
    if (!this.unsynced.delete(w)) this.synced.delete(w);
  }

  /** Whether `w` is synced (progress notifications only go to synced watchers). */
  isSynced(w: Watcher): boolean {
    return this.synced.watchers.has(w);
  }

  protected override notify(rev: number, tw: TxnWrite): void {
    if (this.synced.size === 0) return;
    const evs: Event[] = tw.changes.map((c) => ({ type: c.tombstone ? 'DELETE' : 'PUT', kv: c.kv }));
    for (const [w, eb] of this.synced.batches(evs, keyOfEvent)) {
      w.send({ events: eb.evs, revision: rev, compactRevision: 0, fromHistory: false });
      w.minRev = rev + 1;
    }
  }

  /**
   * One catch-up step: picks up to 512 unsynced watchers, cancels those whose minRev was
   * compacted, reads the events since the smallest minRev from the backend, sends each watcher
   * at most 1000 revisions, and moves those that are done to the synced group.
   * Returns the number of watchers still unsynced.
   */
  syncWatchers(): number {
    if (this.unsynced.size === 0) return 0;
    const curRev = this.currentRev;
    const compactRev = this.compactMainRev;
    const chosen = [...this.unsynced.watchers].slice(0, MAX_WATCHERS_PER_SYNC);
    const group = new WatcherGroup();
    let minRev = Number.MAX_SAFE_INTEGER;
    for (const w of chosen) {
      if (w.minRev < compactRev) {
        this.unsynced.delete(w);
        w.compacted = true;
        w.send({ events: [], revision: 0, compactRevision: compactRev, fromHistory: true });
        continue;
      }
      group.add(w);
      minRev = Math.min(minRev, w.minRev);
    }
    if (group.size === 0) return this.unsynced.size;
    const wb = group.batches(this.rangeEvents(minRev, curRev + 1, group), keyOfEvent);
    for (const w of group.watchers) {
      w.minRev = Math.max(curRev + 1, w.minRev);
      const eb = wb.get(w);
      if (eb === undefined) {
        this.moveToSynced(w);
        continue;
      }
      if (eb.moreRev !== 0) w.minRev = eb.moreRev;
      w.send({ events: eb.evs, revision: curRev, compactRevision: 0, fromHistory: true });
      if (eb.moreRev === 0) this.moveToSynced(w);
    }
    return this.unsynced.size;
  }

  private moveToSynced(w: Watcher): void {
    if (!this.unsynced.delete(w)) return; // cancelled while being served
    this.synced.add(w);
    this.emit({ type: 'watch-synced', watchId: w.id, revision: this.currentRev });
    w.sink.watcherSynced(w);
  }

  /** Events of revisions [minRev, maxRev) on keys some watcher of `group` watches. */
  private rangeEvents(minRev: number, maxRev: number, group: WatcherGroup): Event[] {
    const { keys, values } = this.b.readTx().unsafeRange('key', revToBytes({ main: Math.max(minRev, 0), sub: 0 }), revToBytes({ main: maxRev, sub: 0 }), 0);
    const evs: Event[] = [];
    for (let i = 0; i < keys.length; i++) {
      if (!group.contains(bytesToStr(decodeKeyValueKey(values[i]!)))) continue;
      const kv = decodeKeyValue(values[i]!);
      const { rev, tombstone } = bytesToBucketKey(keys[i]!);
      if (tombstone) kv.modRevision = rev.main; // patch in mod revision so watchers won't skip
      evs.push({ type: tombstone ? 'DELETE' : 'PUT', kv });
    }
    return evs;
  }
}
