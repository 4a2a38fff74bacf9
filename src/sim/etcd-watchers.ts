/**
 * The watch workload of etcd mode: W watcher slots open watches on random members and record
 * every response for the watch checker (checkers/watch-checker.ts), and a compactor compacts
 * the store now and then, so watches from a compacted revision are exercised too.
 *
 * A watch (one WatchRecord) asks for one key, a prefix (`k`, `k1`) or a range of the clients'
 * keys, from now or from a past revision, with or without prev_kv, some with require-leader
 * (as etcdctl sets it). It behaves like a clientv3 watch:
 *
 *   open on member A ──A crashes / cancels (not compaction)──► reopen on a random member
 *        │                from nextRev (last event + 1, or created revision + 1)
 *        ├─ canceled with compactRevision ──► recorded, the watch ends (clientv3 returns ErrCompacted)
 *        └─ lifetime over ──► cancel; half the time the user opens a new watch from nextRev
 *
 * so each record is one continuous stream across members, which must stay ordered, unique,
 * atomic and gap-free. Now and then a watcher asks for a progress notification.
 */
import { prefixEnd } from '../console/commands/kv-ops';
import type { Event, WatchCreateRequest, WatchResponse } from '../protocol/rpc';
import type { EtcdServer, WatchHandle } from '../server';
import type { WatchEventRecord, WatchRecord, WatchRequest } from './checkers';
import type { ClientHost } from './etcd-clients';
import type { SimRand } from './prng';

/** WatchOptions configure the watch workload. */
export interface WatcherOptions {
  watchers: number;
  /** rate is the per-tick chance an idle slot opens a watch. */
  rate: number;
  /** lifetime of a watch in ticks: 1..lifetimeTicksMax. */
  lifetimeTicksMax: number;
  /** compactRate is the per-tick chance of a compaction (0: never). */
  compactRate: number;
  /** keys returns the clients' current key set. */
  keys: () => string[];
  tickMs: number;
}

/** WatchStats count what the watchers did. */
export interface WatchStats {
  opened: number;
  /** reopened: resumed on another member after a crash or a non-compaction cancel. */
  reopened: number;
  /** resumed: a new watch opened from the last seen revision after a cancel. */
  resumed: number;
  compactedWatches: number;
  progressRequests: number;
  compactions: number;
  events: number;
}

interface OpenWatch {
  rec: WatchRecord;
  server: EtcdServer | undefined;
  handle: WatchHandle | undefined;
  requireLeader: boolean;
  /** nextRev is the first revision not yet delivered (0: from now, not created yet). */
  nextRev: number;
  endAt: number;
  ended: boolean;
  /** lost: the member cancelled the watch (not for compaction); it reopens at the next tick. */
  lost: boolean;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** EtcdWatchers runs the watch workload and the compactor. */
export class EtcdWatchers {
  readonly records: WatchRecord[] = [];
  /** compactedRevisions: every revision the compactor asked for (the watch checker's prev_kv leeway). */
  readonly compactedRevisions: number[] = [];
  readonly stats: WatchStats = { opened: 0, reopened: 0, resumed: 0, compactedWatches: 0, progressRequests: 0, compactions: 0, events: 0 };
  private readonly slots: (OpenWatch | undefined)[];

  constructor(
    private readonly rand: SimRand,
    private readonly host: ClientHost,
    readonly opts: WatcherOptions,
  ) {
    this.slots = Array.from({ length: opts.watchers }, () => undefined);
  }

  /** step keeps watches alive across crashes, ends old ones, opens new ones (unless stopped), compacts. */
  step(stopped: boolean): void {
    for (let slot = 0; slot < this.slots.length; slot++) {
      const w = this.slots[slot];
      if (w !== undefined && w.ended) this.slots[slot] = undefined;
      else if (w !== undefined) this.tend(slot, w, stopped);
      else if (!stopped && this.rand.chance(this.opts.rate)) this.slots[slot] = this.open(this.newRecord(), 0);
    }
    if (!stopped && this.opts.compactRate > 0 && this.rand.chance(this.opts.compactRate)) this.compact();
  }

  /** stop cancels every open watch (the end of the run). */
  stop(): void {
    for (const w of this.slots) if (w !== undefined) this.end(w);
    this.slots.fill(undefined);
  }

  private tend(slot: number, w: OpenWatch, stopped: boolean): void {
    const live = w.server !== undefined && this.host.server(w.server.raftId) === w.server;
    if (!live) {
      // the member crashed or cancelled the watch (or it was never placed): clientv3 reconnects elsewhere
      if (w.server !== undefined || w.rec.responses.length > 0 || w.lost) this.stats.reopened++;
      w.lost = false;
      this.place(w);
      return;
    }
    if (stopped || this.host.now >= w.endAt) {
      this.end(w);
      this.slots[slot] = undefined;
      if (!stopped && w.nextRev > 0 && this.rand.chance(0.5)) {
        this.stats.resumed++;
        const rec = this.newRecord(w.rec.request, w.nextRev);
        this.slots[slot] = this.open(rec, w.nextRev);
      }
      return;
    }
    if (this.rand.chance(0.02)) {
      this.stats.progressRequests++;
      w.handle?.requestProgress();
    }
  }

  private end(w: OpenWatch): void {
    w.ended = true;
    w.handle?.cancel();
    w.handle = undefined;
  }

  /** newRecord draws a request (or reuses `like` from revision `from`) and records it. */
  private newRecord(like?: WatchRequest, from?: number): WatchRecord {
    let request: WatchRequest;
    if (like !== undefined) {
      request = { ...like, startRevision: from };
    } else {
      const keys = this.opts.keys();
      const shape = this.rand.intn(4);
      const a = this.rand.pick(keys);
      const b = this.rand.pick(keys);
      request =
        shape === 0 ? { key: a } :
        shape === 1 ? { key: this.rand.pick(['k', a.slice(0, 2)]), prefix: true } :
        shape === 2 && a !== b ? { key: a < b ? a : b, rangeEnd: a < b ? b : a } :
        { key: 'k', prefix: true };
      if (this.rand.chance(0.5)) request.prevKv = true;
      const rev = this.currentRev();
      if (this.rand.chance(0.5) && rev > 1) request.startRevision = this.rand.between(Math.max(1, rev - 300), rev);
    }
    const rec: WatchRecord = { id: `w${this.records.length}`, request, responses: [] };
    this.records.push(rec);
    return rec;
  }

  private open(rec: WatchRecord, nextRev: number): OpenWatch {
    this.stats.opened++;
    const start = rec.request.startRevision ?? 0;
    const w: OpenWatch = {
      rec, server: undefined, handle: undefined, requireLeader: this.rand.chance(0.5),
      nextRev: start > 0 ? start : nextRev, endAt: this.host.now + this.rand.between(1, this.opts.lifetimeTicksMax), ended: false, lost: false,
    };
    this.place(w);
    return w;
  }

  /** place opens the watch on a random running member from w.nextRev. */
  private place(w: OpenWatch): void {
    w.handle?.cancel();
    w.handle = undefined;
    w.server = undefined;
    const up = this.host.ids.filter((id) => this.host.server(id) !== undefined);
    if (up.length === 0) return;
    const s = this.host.server(this.rand.pick(up))!;
    const r = w.rec.request;
    const key = enc.encode(r.key);
    const req: WatchCreateRequest = { key };
    if (r.prefix) req.rangeEnd = prefixEnd(key);
    else if (r.rangeEnd !== undefined) req.rangeEnd = enc.encode(r.rangeEnd);
    if (w.nextRev > 0) req.startRevision = w.nextRev;
    if (r.prevKv) req.prevKv = true;
    w.server = s;
    w.handle = s.watch(req, (resp) => this.onResponse(w, s, resp), { requireLeader: w.requireLeader });
  }

  private onResponse(w: OpenWatch, s: EtcdServer, resp: WatchResponse): void {
    if (w.ended || w.server !== s) return;
    if (resp.created && !resp.canceled) {
      if (w.nextRev === 0) {
        w.rec.createdRevision = resp.header.revision;
        w.nextRev = resp.header.revision + 1;
      }
      return;
    }
    if (resp.canceled) {
      if (resp.compactRevision > 0) {
        this.stats.compactedWatches++;
        w.rec.responses.push({ events: [], compactRevision: resp.compactRevision, headerRevision: resp.header.revision });
        w.ended = true;
      } else {
        w.server = undefined; // reopened elsewhere at the next tick
        w.handle = undefined;
        w.lost = true;
      }
      return;
    }
    if (resp.events.length === 0) {
      w.rec.responses.push({ events: [], progressNotify: true, headerRevision: resp.header.revision });
      return;
    }
    w.rec.responses.push({ events: resp.events.map((e) => eventRecord(e, w.rec.request.prevKv === true)), headerRevision: resp.header.revision });
    this.stats.events += resp.events.length;
    w.nextRev = resp.events[resp.events.length - 1]!.kv.modRevision + 1;
  }

  private currentRev(): number {
    return Math.max(0, ...this.host.ids.map((id) => this.host.server(id)?.kv.rev() ?? 0));
  }

  /** compact compacts at a random member, some way behind the current revision. */
  private compact(): void {
    const up = this.host.ids.filter((id) => this.host.server(id) !== undefined);
    if (up.length === 0) return;
    const s = this.host.server(this.rand.pick(up))!;
    const rev = s.kv.rev() - this.rand.between(5, 100);
    if (rev <= 1) return;
    this.compactedRevisions.push(rev);
    s.compact({ revision: rev }, { timeoutMs: 30 * this.opts.tickMs }).then(
      () => this.stats.compactions++,
      () => undefined,
    );
  }
}

function eventRecord(e: Event, prevKv: boolean): WatchEventRecord {
  const type = e.type === 'PUT' ? 'put' : 'delete';
  const r: WatchEventRecord = { type, key: dec.decode(e.kv.key), modRevision: e.kv.modRevision };
  if (type === 'put') {
    r.value = dec.decode(e.kv.value);
    r.createRevision = e.kv.createRevision;
    r.version = e.kv.version;
    r.isCreate = e.kv.createRevision === e.kv.modRevision;
  }
  if (prevKv) r.prevKv = e.prevKv === undefined ? null : { value: dec.decode(e.prevKv.value), modRevision: e.prevKv.modRevision };
  return r;
}
