/**
 * SimClusterClient: the console's ClusterClient over the simulated members, so the simulator
 * runs etcdctl's own concurrency recipes (src/console/concurrency: Session, Mutex,
 * waitDeletes) unchanged. Only the calls those recipes make are served (KV, txn, lease grant,
 * keep-alive, revoke, watch); the rest reject.
 *
 * Time is the world's: deadlines and keep-alive sleeps are checked in `onTick()`, which the run
 * calls once per tick. A call to a member that is down fails at once ("member down"); a call
 * whose member crashes while it is pending, or that outlives its deadline, fails with
 * "context deadline exceeded"; a watch on a member that crashed fails like a closed gRPC
 * transport. Everything is promises resolved at the world's settle points: deterministic.
 */
import type { ClusterClient } from '../console/client';
import type { CallOptions, WatchStream } from '../console/client-types';
import type * as rpc from '../protocol/rpc';
import { ErrNotLeader, type EtcdServer } from '../server';
import type { ClientHost } from './etcd-clients';
import { ClientQueue } from '../console/client-queue';

interface Deadline {
  at: number;
  server: EtcdServer | undefined;
  fail: (e: Error) => void;
}

/** DEADLINE_EXCEEDED is the transport's timeout text (grpc's context deadline). */
export const DEADLINE_EXCEEDED = 'context deadline exceeded';

/** SimClusterClient is one clientv3-like connection pinned to member `endpoint`. */
export class SimClusterClient implements ClusterClient {
  private deadlines: Deadline[] = [];
  private sleeps: { at: number; wake: () => void }[] = [];
  private watches: { server: EtcdServer; q: ClientQueue<rpc.WatchResponse> }[] = [];
  /** renewals: every successful keep-alive, with the tick its request was sent and the TTL granted. */
  readonly renewals: { lease: bigint; sentAt: number; ttl: number }[] = [];

  constructor(
    private readonly host: ClientHost,
    /** endpoint is the raft id of the member this client talks to. */
    readonly endpoint: number,
    private readonly tickMs: number,
    /** defaultTimeoutTicks bounds every unary call (etcdctl's --command-timeout). */
    private readonly defaultTimeoutTicks: number,
  ) {}

  endpoints(): string[] {
    return [`infra${this.endpoint}`];
  }

  /** onTick fails overdue calls and calls whose member crashed, wakes sleepers, fails dead watches. */
  onTick(): void {
    const now = this.host.now;
    const live = (s: EtcdServer | undefined): boolean => s !== undefined && this.host.server(s.raftId) === s;
    const due = this.deadlines.filter((d) => now >= d.at || !live(d.server));
    this.deadlines = this.deadlines.filter((d) => !due.includes(d));
    for (const d of due) d.fail(new Error(DEADLINE_EXCEEDED));
    const awake = this.sleeps.filter((s) => now >= s.at);
    this.sleeps = this.sleeps.filter((s) => now < s.at);
    for (const s of awake) s.wake();
    for (const w of this.watches.filter((x) => x.q.closed || !live(x.server))) {
      this.watches.splice(this.watches.indexOf(w), 1);
      w.q.fail(new Error('rpc error: code = Unavailable desc = transport is closing'));
    }
  }

  /** close cancels every open watch and keep-alive sleep (the client process went away). */
  close(): void {
    for (const w of this.watches.splice(0)) w.q.cancel();
    for (const s of this.sleeps.splice(0)) s.wake();
  }

  /** sleep resolves after `ms` of world time (at a tick). */
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleeps.push({ at: this.host.now + Math.ceil(ms / this.tickMs), wake }));
  }

  private call<T>(id: number, f: (s: EtcdServer, timeoutMs: number) => Promise<T>, opts?: CallOptions): Promise<T> {
    const s = this.host.server(id);
    if (s === undefined) return Promise.reject(new Error('member down'));
    const ticks = opts?.timeoutMs !== undefined ? Math.ceil(opts.timeoutMs / this.tickMs) : this.defaultTimeoutTicks;
    return new Promise<T>((resolve, reject) => {
      const d: Deadline = { at: this.host.now + ticks, server: s, fail: reject };
      this.deadlines.push(d);
      const done = (): void => {
        const i = this.deadlines.indexOf(d);
        if (i >= 0) this.deadlines.splice(i, 1);
      };
      f(s, ticks * this.tickMs).then(
        (v) => (done(), resolve(v)),
        (e: unknown) => (done(), reject(e)),
      );
    });
  }

  /** leaderCall runs a leader-only call (keep-alive) here, then once more at the leader it names. */
  private async leaderCall<T>(f: (s: EtcdServer, timeoutMs: number) => Promise<T>, opts?: CallOptions): Promise<T> {
    try {
      return await this.call(this.endpoint, f, opts);
    } catch (e) {
      if (!(e instanceof ErrNotLeader) || e.leaderRaftId === 0) throw e;
      return this.call(e.leaderRaftId, f, opts);
    }
  }

  range(req: rpc.RangeRequest, opts?: CallOptions): Promise<rpc.RangeResponse> {
    return this.call(this.endpoint, (s, timeoutMs) => s.range(req, { timeoutMs }), opts);
  }
  put(req: rpc.PutRequest, opts?: CallOptions): Promise<rpc.PutResponse> {
    return this.call(this.endpoint, (s, timeoutMs) => s.put(req, { timeoutMs }), opts);
  }
  deleteRange(req: rpc.DeleteRangeRequest, opts?: CallOptions): Promise<rpc.DeleteRangeResponse> {
    return this.call(this.endpoint, (s, timeoutMs) => s.deleteRange(req, { timeoutMs }), opts);
  }
  txn(req: rpc.TxnRequest, opts?: CallOptions): Promise<rpc.TxnResponse> {
    return this.call(this.endpoint, (s, timeoutMs) => s.txn(req, { timeoutMs }), opts);
  }
  compact(req: rpc.CompactionRequest, opts?: CallOptions): Promise<rpc.CompactionResponse> {
    return this.call(this.endpoint, (s, timeoutMs) => s.compact(req, { timeoutMs }), opts);
  }
  leaseGrant(req: rpc.LeaseGrantRequest, opts?: CallOptions): Promise<rpc.LeaseGrantResponse> {
    return this.call(this.endpoint, (s, timeoutMs) => s.leaseGrant(req, { timeoutMs }), opts);
  }
  leaseRevoke(id: bigint, opts?: CallOptions): Promise<rpc.LeaseRevokeResponse> {
    return this.call(this.endpoint, (s, timeoutMs) => s.leaseRevoke(id, { timeoutMs }), opts);
  }
  async leaseKeepAliveOnce(id: bigint, opts?: CallOptions): Promise<rpc.LeaseKeepAliveResponse> {
    const resp = await this.leaderCall((s, timeoutMs) => s.leaseRenew(id, { timeoutMs }), opts);
    if (resp.TTL <= 0) throw new Error('etcdserver: requested lease not found');
    return resp;
  }

  /** leaseKeepAlive renews every TTL/3; one failed renewal or TTL 0 ends the stream (as the console's client does). */
  leaseKeepAlive(id: bigint, opts?: CallOptions): WatchStream<rpc.LeaseKeepAliveResponse> {
    const q = new ClientQueue<rpc.LeaseKeepAliveResponse>();
    const loop = async (): Promise<void> => {
      while (!q.closed) {
        let resp: rpc.LeaseKeepAliveResponse;
        const sentAt = this.host.now;
        try {
          resp = await this.leaderCall((s, timeoutMs) => s.leaseRenew(id, { timeoutMs }), { timeoutMs: opts?.timeoutMs });
        } catch (e) {
          q.fail(e);
          return;
        }
        if (resp.TTL <= 0) return q.close();
        this.renewals.push({ lease: id, sentAt, ttl: resp.TTL });
        q.push(resp);
        await this.sleep((resp.TTL * 1000) / 3);
      }
    };
    void loop();
    return q;
  }

  /** watch opens a server watch at the endpoint; the stream fails when that member crashes. */
  watch(req: rpc.WatchCreateRequest, opts?: CallOptions): WatchStream<rpc.WatchResponse> {
    const q = new ClientQueue<rpc.WatchResponse>();
    const s = this.host.server(this.endpoint);
    if (s === undefined) {
      q.fail(new Error(DEADLINE_EXCEEDED));
      return q;
    }
    const handle = s.watch(req, (resp) => {
      if (resp.created && !resp.canceled) return;
      q.push(resp);
      if (resp.canceled) q.close();
    }, { requireLeader: opts?.requireLeader ?? false });
    q.onCancel = () => handle.cancel();
    q.onProgress = () => handle.requestProgress();
    if (!q.closed) this.watches.push({ server: s, q });
    return q;
  }

  private unsupported(what: string): Promise<never> {
    return Promise.reject(new Error(`${what}: not served by the simulator's client`));
  }
  leaseTimeToLive(): Promise<rpc.LeaseTimeToLiveResponse> { return this.unsupported('leaseTimeToLive'); }
  leaseLeases(): Promise<rpc.LeaseLeasesResponse> { return this.unsupported('leaseLeases'); }
  memberList(): Promise<rpc.MemberListResponse> { return this.unsupported('memberList'); }
  memberAdd(): Promise<rpc.MemberAddResponse> { return this.unsupported('memberAdd'); }
  memberRemove(): Promise<rpc.MemberRemoveResponse> { return this.unsupported('memberRemove'); }
  memberUpdate(): Promise<never> { return this.unsupported('memberUpdate'); }
  memberPromote(): Promise<never> { return this.unsupported('memberPromote'); }
  status(): Promise<rpc.StatusResponse> { return this.unsupported('status'); }
  hashKV(): Promise<rpc.HashKVResponse> { return this.unsupported('hashKV'); }
  moveLeader(): Promise<never> { return this.unsupported('moveLeader'); }
  defragment(): Promise<never> { return this.unsupported('defragment'); }
  alarmList(): Promise<rpc.AlarmResponse> { return this.unsupported('alarmList'); }
  alarmDisarm(): Promise<rpc.AlarmResponse> { return this.unsupported('alarmDisarm'); }
  snapshot(): Promise<Uint8Array> { return this.unsupported('snapshot'); }
  snapshotStatus(): Promise<never> { return this.unsupported('snapshotStatus'); }
}
