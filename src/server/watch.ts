/**
 * WatchHub: the watches clients opened on this member (etcd's api/v3rpc/watch.go serverWatchStream
 * over the mvcc watchable store). Each watch has its own mvcc WatchStream; the hub fills response
 * headers, remembers the next revision each watch expects (so a watch survives the store being
 * replaced by a snapshot from the leader), sends progress notifications, and cancels
 * require-leader watches when the member has had no leader for 3 election timeouts
 * (etcd's monitorLeader).
 */
import type { WatchStream } from '../mvcc';
import type { WatchCreateRequest, WatchResponse } from '../protocol/rpc';
import type { WatchHandle, WatchOptions } from './api';
import type { EtcdServer } from './server';

/** etcd's maxNoLeaderCnt. */
const MAX_NO_LEADER_ELECTIONS = 3;
const NO_LEADER = 'etcdserver: no leader';

interface ServerWatch {
  id: number;
  req: WatchCreateRequest;
  stream: WatchStream;
  send: (resp: WatchResponse) => void;
  requireLeader: boolean;
  /** The first revision whose events this watch has not received yet. */
  nextRev: number;
  closed: boolean;
}

/** Every watch of one member. */
export class WatchHub {
  private readonly watches = new Set<ServerWatch>();
  private noLeaderSinceMs: number | undefined;
  private lastProgressMs: number | undefined;

  constructor(private readonly s: EtcdServer) {}

  /** Opens a watch (EtcdMember.watch). */
  open(req: WatchCreateRequest, send: (resp: WatchResponse) => void, opts?: WatchOptions): WatchHandle {
    const s = this.s;
    const requireLeader = opts?.requireLeader === true;
    if (s.stopped || s.isLearner() || (requireLeader && s.lead === 0)) {
      const reason = s.stopped ? 'etcdserver: server stopped' : s.isLearner() ? 'etcdserver: rpc not supported for learner' : NO_LEADER;
      send(this.cancelResponse(req.watchId ?? 0, reason));
      return { cancel() {}, requestProgress() {} };
    }
    const w: ServerWatch = {
      id: -1,
      req,
      stream: undefined as unknown as WatchStream,
      send,
      requireLeader,
      nextRev: req.startRevision !== undefined && req.startRevision > 0 ? req.startRevision : s.kv.rev() + 1,
      closed: false,
    };
    w.stream = s.kv.newWatchStream((resp) => this.deliver(w, resp));
    w.id = w.stream.watch(req);
    if (w.id < 0) return { cancel() {}, requestProgress() {} };
    this.watches.add(w);
    return {
      cancel: () => {
        if (w.closed) return;
        w.stream.cancel(w.id);
        this.drop(w);
      },
      requestProgress: () => {
        if (!w.closed) w.stream.requestProgressAll();
      },
    };
  }

  private deliver(w: ServerWatch, resp: WatchResponse): void {
    if (w.closed) return;
    resp.header = this.s.header(resp.header.revision);
    const last = resp.events[resp.events.length - 1];
    if (last !== undefined) w.nextRev = last.kv.modRevision + 1;
    if (resp.canceled && !resp.created) this.drop(w);
    w.send(resp);
  }

  private drop(w: ServerWatch): void {
    w.closed = true;
    this.watches.delete(w);
    w.stream.close();
  }

  private cancelResponse(watchId: number, reason: string): WatchResponse {
    return { header: this.s.header(), watchId, created: false, canceled: true, compactRevision: 0, cancelReason: reason, events: [] };
  }

  /** Per tick: leader monitoring for require-leader watches and periodic progress notifications. */
  onTick(): void {
    const s = this.s;
    if (this.watches.size === 0) return;
    if (s.lead !== 0) this.noLeaderSinceMs = undefined;
    else this.noLeaderSinceMs ??= s.nowMs;
    const electionMs = s.cfg.electionTicks * s.cfg.tickMs;
    if (this.noLeaderSinceMs !== undefined && s.nowMs - this.noLeaderSinceMs >= MAX_NO_LEADER_ELECTIONS * electionMs) {
      for (const w of [...this.watches]) if (w.requireLeader) this.cancel(w, NO_LEADER);
    }
    this.lastProgressMs ??= s.nowMs;
    if (s.nowMs - this.lastProgressMs >= s.cfg.watchProgressNotifyIntervalMs) {
      this.lastProgressMs = s.nowMs;
      for (const w of this.watches) w.stream.progressNotifyTick();
    }
  }

  private cancel(w: ServerWatch, reason: string): void {
    this.drop(w);
    w.send(this.cancelResponse(w.id, reason));
  }

  /**
   * The store was replaced (snapshot installed): every watch is re-registered on the new store
   * from the next revision it expects, so no event is lost or repeated.
   */
  rebind(): void {
    for (const w of this.watches) {
      w.stream.close();
      let created = false;
      w.stream = this.s.kv.newWatchStream((resp) => {
        if (!created && resp.created) {
          created = true;
          return;
        }
        this.deliver(w, resp);
      });
      w.stream.watch({ ...w.req, watchId: w.id, startRevision: w.nextRev });
    }
  }

  /** Cancels every watch with `reason` (member stopped). */
  closeAll(reason: string): void {
    for (const w of [...this.watches]) this.cancel(w, reason);
  }

  /** Number of open watches. */
  get size(): number {
    return this.watches.size;
  }
}
