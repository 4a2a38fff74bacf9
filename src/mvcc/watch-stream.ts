/**
 * A watch stream: the watches of one client stream and the responses it gets (etcd's
 * mvcc/watcher.go watchStream together with the parts of api/v3rpc/watch.go that shape
 * responses: created/canceled replies, prev_kv lookup, progress notifications).
 *
 * Every response goes to the sink given at creation, synchronously and in order: a `created`
 * reply always precedes the events of its watch. Headers carry only the revision; the server
 * fills cluster id, member id and raft term.
 */
import type { Event, WatchCreateRequest, WatchResponse } from '../protocol/rpc';
import { bytesToStr, compareBytes } from './bytes';
import { EtcdError, ErrEmptyWatcherRange, ErrWatcherDuplicateID, ErrWatcherNotExist } from './errors';
import { header } from './range';
import type { WatchableStore } from './watchable-store';
import type { Watcher, WatcherResponse, WatcherSink } from './watcher';

/** Where a stream's responses go. */
export type WatchResponseSink = (resp: WatchResponse) => void;

/** clientv3.InvalidWatchID: the id of a failed create and of a broadcast progress reply. */
export const INVALID_WATCH_ID = -1;

interface WatchState {
  w: Watcher;
  prevKv: boolean;
  progressNotify: boolean;
  /** No events sent since the last progress tick (etcd's sws.progress[id]). */
  idle: boolean;
}

/** The watches of one client stream. */
export class WatchStream implements WatcherSink {
  private nextID = 0;
  private readonly watches = new Map<number, WatchState>();
  private closed = false;
  private deferredProgress = false;

  constructor(
    private readonly s: WatchableStore,
    private readonly send: WatchResponseSink,
  ) {}

  private reply(watchId: number, revision: number, fields: Partial<WatchResponse> = {}): void {
    this.send({ header: header(revision), watchId, created: false, canceled: false, compactRevision: 0, cancelReason: '', events: [], ...fields });
  }

  /**
   * Creates a watch and sends its `created` reply; returns its id, or -1 when it failed (the
   * reply then has `canceled` and the reason, as etcd's server sends it).
   */
  watch(req: WatchCreateRequest): number {
    const wsrev = this.s.rev();
    try {
      const id = this.create(req, wsrev);
      this.reply(id, wsrev, { created: true });
      return id;
    } catch (err) {
      if (!(err instanceof EtcdError)) throw err;
      this.reply(INVALID_WATCH_ID, wsrev, { created: true, canceled: true, cancelReason: err.message });
      return INVALID_WATCH_ID;
    }
  }

  private create(req: WatchCreateRequest, wsrev: number): number {
    // as etcd's server: an empty key is \0, the smallest key; a \0 range end means "no end"
    const key = req.key.length === 0 ? new Uint8Array([0]) : req.key;
    const re = req.rangeEnd;
    let end: string | undefined;
    if (re !== undefined && re.length > 0) {
      end = re.length === 1 && re[0] === 0 ? '' : bytesToStr(re);
      if (end !== '' && compareBytes(key, re) >= 0) throw new ErrEmptyWatcherRange();
    }
    if (this.closed) throw new ErrEmptyWatcherRange();
    let id = req.watchId ?? 0;
    if (id === 0) {
      while (this.watches.has(this.nextID)) this.nextID++;
      id = this.nextID++;
    } else if (this.watches.has(id)) {
      throw new ErrWatcherDuplicateID();
    }
    const startRev = req.startRevision ?? 0;
    const rev = startRev === 0 ? wsrev + 1 : startRev;
    const w = this.s.watch(id, bytesToStr(key), end, rev, req.filters ?? [], this);
    this.watches.set(id, { w, prevKv: req.prevKv ?? false, progressNotify: req.progressNotify ?? false, idle: true });
    this.s.emit({ type: 'watch-created', watchId: id, key, rangeEnd: re, startRevision: rev, synced: this.s.isSynced(w) });
    return id;
  }

  /** Cancels a watch and sends its `canceled` reply. @throws ErrWatcherNotExist */
  cancel(id: number): void {
    const st = this.watches.get(id);
    if (st === undefined || this.closed) throw new ErrWatcherNotExist();
    this.s.cancelWatcher(st.w);
    this.watches.delete(id);
    this.reply(id, this.s.rev(), { canceled: true });
    this.s.emit({ type: 'watch-cancelled', watchId: id, reason: 'client', compactRevision: 0 });
  }

  /** Ids of the open watches. */
  ids(): number[] {
    return [...this.watches.keys()];
  }

  /** Sends a progress notification for one watch if it is synced. */
  requestProgress(id: number): void {
    const st = this.watches.get(id);
    if (st !== undefined) this.progressIfSync([st.w], id);
  }

  /**
   * The client's ProgressRequest: one reply with watch id -1 at the current revision, sent once
   * every watch of the stream is synced (deferred until then, as etcd 3.5 does, so that it never
   * claims a revision whose events are still on their way).
   */
  requestProgressAll(): boolean {
    if (this.progressIfSync([...this.watches.values()].map((st) => st.w), INVALID_WATCH_ID)) return true;
    this.deferredProgress = true;
    return false;
  }

  /**
   * The periodic progress notification (etcd's --experimental-watch-progress-notify-interval,
   * 10 minutes by default): the host calls this each interval; every progress-notify watch that
   * got no events since the previous tick gets an empty reply at the current revision.
   */
  progressNotifyTick(): void {
    for (const [id, st] of this.watches) {
      if (!st.progressNotify) continue;
      if (st.idle) this.requestProgress(id);
      st.idle = true;
    }
  }

  /** A watcher of this stream just became synced: send a deferred progress reply if due. Internal. */
  watcherSynced(): void {
    if (this.deferredProgress) this.requestProgressAll();
  }

  private progressIfSync(ws: Watcher[], watchId: number): boolean {
    const rev = this.s.rev();
    // etcd 3.4 sends progress to any synced watcher (3.5 also skips watchers whose start
    // revision is still ahead; 3.4's behaviour is kept, as the reference transcripts show it)
    for (const w of ws) if (!this.s.isSynced(w)) return false;
    this.deferredProgress = false;
    if (ws.length === 0) return true;
    this.reply(watchId, rev);
    this.s.emit({ type: 'watch-progress', watchId, revision: rev });
    return true;
  }

  /** Cancels every watch; the stream accepts no new ones. */
  close(): void {
    for (const [id, st] of this.watches) {
      this.s.cancelWatcher(st.w);
      this.s.emit({ type: 'watch-cancelled', watchId: id, reason: 'closed', compactRevision: 0 });
    }
    this.watches.clear();
    this.closed = true;
  }

  /** Called by a watcher with filtered events (or a progress / compaction notice). Internal. */
  deliver(w: Watcher, resp: WatcherResponse): void {
    const st = this.watches.get(w.id);
    if (st === undefined || st.w !== w) return;
    if (resp.compactRevision !== 0) {
      this.watches.delete(w.id);
      this.reply(w.id, 0, { canceled: true, compactRevision: resp.compactRevision });
      this.s.emit({ type: 'watch-cancelled', watchId: w.id, reason: 'compacted', compactRevision: resp.compactRevision });
      return;
    }
    const events = resp.events.map((ev) => this.withPrevKv(st, ev));
    st.idle = false;
    this.reply(w.id, resp.revision, { events });
    const last = events[events.length - 1]?.kv.modRevision ?? resp.revision;
    this.s.emit({ type: 'watch-events-sent', watchId: w.id, revision: last, count: events.length, fromHistory: resp.fromHistory });
  }

  private withPrevKv(st: WatchState, ev: Event): Event {
    const out: Event = { type: ev.type, kv: ev.kv };
    const isCreate = ev.type === 'PUT' && ev.kv.createRevision === ev.kv.modRevision;
    if (!st.prevKv || isCreate) return out;
    try {
      const prev = this.s.read().range(ev.kv.key, undefined, { rev: ev.kv.modRevision - 1 }).kvs[0];
      if (prev !== undefined) out.prevKv = prev;
    } catch {
      // the previous revision was compacted: no prev_kv, as in etcd
    }
    return out;
  }
}
