/**
 * WorkerClusterClient: the console's ClusterClient over the worker cluster, behaving like
 * clientv3 against a real cluster on 127.0.0.1:
 *
 * - endpoints are client URLs (`127.0.0.1:2379` or `http://127.0.0.1:22379`); a call goes to the
 *   first allowed endpoint whose member runs, and fails over while the deadline lasts;
 * - deadlines (`timeoutMs`, etcdctl's --command-timeout) run in cluster time and end the call
 *   with `context deadline exceeded` (a dead endpoint, a member without quorum); a call without
 *   one (etcdctl's context.Background() calls) is ended by the member's own request timeout
 *   (`rpc error: code = Unknown desc = context deadline exceeded`) or, when no member is
 *   reachable, by the dial timeout; no reply beats a deadline shorter than one round trip;
 * - a call a follower rejects as `etcdserver: not leader` (keep-alive, promote...) is retried at
 *   the leader, as clientv3 / etcd's peer forwarding would;
 * - read-only calls are retried on Unavailable errors (`no leader`, `leader changed`, request
 *   timeouts) until the deadline, like clientv3's retry interceptor; mutations are not, and a
 *   mutation whose member dies while it is in flight ends in `transport is closing` (retried
 *   at the restarted member, an already proposed put could apply twice).
 */
import type { ClusterClient } from '../console/client';
import type {
  CallOptions,
  ClientStream,
  DefragmentResponse,
  EndpointCallOptions,
  MemberPromoteResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  SnapshotStatus,
  WatchStream,
} from '../console/client-types';
import type * as rpc from '../protocol/rpc';
import type { MemberAddResult } from '../server/api';
import type { CallableMethod } from '../../workers/host-protocol';
import type { WorkerCluster } from './cluster';
import { stripScheme } from './layout';
import type { MemberHandle } from './member-handle';
import { UNREACHABLE } from './member-handle';
import { snapshotStatusOf } from './snapshot-status';
import { ClientQueue } from '../console/client-queue';

/**
 * Read-only calls clientv3 retries on gRPC Unavailable (its retry interceptor's "repeatable"
 * RPCs); mutations are not retried, as a retried put could apply twice.
 */
const REPEATABLE = new Set<CallableMethod>(['range', 'leaseTimeToLive', 'leaseLeases', 'memberList', 'status', 'hashKV', 'alarmList']);

/** Whether a server error has gRPC code Unavailable (etcd's rpctypes). */
export function isUnavailable(message: string): boolean {
  return (
    message.startsWith('etcdserver: request timed out') ||
    message === 'etcdserver: no leader' ||
    message === 'etcdserver: leader changed' ||
    message === 'etcdserver: server stopped' ||
    message === 'etcdserver: unhealthy cluster'
  );
}

/** Default per-call deadline (etcdctl's --command-timeout). */
export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * A call made without a deadline (etcdctl's context.Background() calls: txn, lease timetolive,
 * lock/elect sessions; the HTTP gateway) is bounded by the member's own request timeout (5 s +
 * 2 election timeouts); this cap only guards against a member that never answers.
 */
export const NO_DEADLINE_CAP_MS = 60_000;

/** etcdctl's default --dial-timeout: how long a call without a deadline looks for a reachable member. */
export const DEFAULT_DIAL_TIMEOUT_MS = 2000;

/**
 * A gRPC round trip on loopback, in ms: a deadline shorter than this ends before any reply can
 * arrive (`--command-timeout=1ms get foo` fails on etcd), though the request itself still runs.
 */
export const MIN_ROUND_TRIP_MS = 2;

const deadlineError = (): Error => new Error('context deadline exceeded');

/**
 * The error etcdctl prints for a server's reply: the member's own request context expiring is
 * not one of etcd's named errors, so gRPC carries it as code Unknown and clientv3 prints it whole.
 */
export function serverError(message: string): Error {
  return new Error(message === 'context deadline exceeded' ? `rpc error: code = Unknown desc = ${message}` : message);
}
const canceledError = (): Error => new Error('context canceled');

/** A ClusterClient over a WorkerCluster. */
export class WorkerClusterClient implements ClusterClient {
  /**
   * @param cluster the worker cluster
   * @param pinned endpoints this client is limited to (window.etcdscope.client(endpoint))
   */
  constructor(
    private readonly cluster: WorkerCluster,
    private readonly pinned?: readonly string[],
  ) {}

  endpoints(): string[] {
    return this.pinned ? this.pinned.map(stripScheme) : this.cluster.handles.flatMap((h) => h.slot.clientURLs.map(stripScheme));
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /** The first running member among `eps`, in order. */
  private pick(eps: readonly string[]): MemberHandle | undefined {
    for (const ep of eps) {
      const h = this.cluster.handles.find((x) => x.slot.clientURLs.some((u) => stripScheme(u) === stripScheme(ep)));
      if (h?.running) return h;
    }
    return undefined;
  }

  /** Runs `attempt` until it settles, the cluster-time deadline passes, or the signal aborts. */
  private withDeadline<T>(opts: { timeoutMs?: number; signal?: AbortSignal } | undefined, attempt: (expired: () => boolean) => Promise<T>): Promise<T> {
    const timeoutMs = opts?.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : NO_DEADLINE_CAP_MS;
    // Below one round trip the deadline always wins (its timer below ends the call).
    const replyInTime = timeoutMs >= MIN_ROUND_TRIP_MS;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        cancelTimer();
        opts?.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = (): void => finish(() => reject(canceledError()));
      if (opts?.signal?.aborted) return reject(canceledError());
      opts?.signal?.addEventListener('abort', onAbort);
      const cancelTimer = this.cluster.after(timeoutMs, () => finish(() => reject(deadlineError())));
      attempt(() => done).then(
        (v) => replyInTime && finish(() => resolve(v)),
        (e) => replyInTime && finish(() => reject(e)),
      );
    });
  }

  /**
   * One unary RPC: picks an endpoint, calls, follows not-leader hints, and retries on an
   * unreachable member until the deadline.
   */
  private unary<T>(method: CallableMethod, args: unknown[], opts?: CallOptions, endpoints?: readonly string[]): Promise<T> {
    const eps = endpoints ?? opts?.endpoints ?? this.endpoints();
    // Without a deadline, only the dial timeout bounds the search for a reachable member.
    const dialBound = opts?.timeoutMs && opts.timeoutMs > 0 ? Infinity : (opts?.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS);
    return this.withDeadline(opts, async (expired) => {
      let target: MemberHandle | undefined;
      let unreachableSince: number | undefined;
      while (!expired()) {
        target ??= this.pick(eps);
        if (!target) {
          unreachableSince ??= this.cluster.now();
          if (this.cluster.now() - unreachableSince >= dialBound) break;
          await this.cluster.sleep(50);
          continue;
        }
        unreachableSince = undefined;
        const sent = target.running;
        const r = await target.call(method, args);
        if (r.ok) return r.value as T;
        if (r === UNREACHABLE) {
          // The member died with the request in hand: a mutation may have been proposed
          // already, and clientv3 never retries one then (a retried put could apply twice).
          if (sent && !REPEATABLE.has(method)) throw new Error('rpc error: code = Unavailable desc = transport is closing');
          target = undefined;
          await this.cluster.sleep(50);
          continue;
        }
        if (r.leaderRaftId !== undefined) {
          const l = this.cluster.handles.find((h) => h.raftId === r.leaderRaftId && h.running);
          target = l;
          if (!l) await this.cluster.sleep(50);
          continue;
        }
        if (REPEATABLE.has(method) && isUnavailable(r.message)) {
          target = undefined;
          await this.cluster.sleep(50);
          continue;
        }
        throw serverError(r.message);
      }
      throw deadlineError();
    });
  }

  // ---- KV -----------------------------------------------------------------------------------

  range(req: rpc.RangeRequest, opts?: CallOptions): Promise<rpc.RangeResponse> {
    return this.unary('range', [req], opts);
  }
  put(req: rpc.PutRequest, opts?: CallOptions): Promise<rpc.PutResponse> {
    return this.unary('put', [req], opts);
  }
  deleteRange(req: rpc.DeleteRangeRequest, opts?: CallOptions): Promise<rpc.DeleteRangeResponse> {
    return this.unary('deleteRange', [req], opts);
  }
  txn(req: rpc.TxnRequest, opts?: CallOptions): Promise<rpc.TxnResponse> {
    return this.unary('txn', [req], opts);
  }
  compact(req: rpc.CompactionRequest, opts?: CallOptions): Promise<rpc.CompactionResponse> {
    return this.unary('compact', [req], opts);
  }

  // ---- Lease --------------------------------------------------------------------------------

  leaseGrant(req: rpc.LeaseGrantRequest, opts?: CallOptions): Promise<rpc.LeaseGrantResponse> {
    return this.unary('leaseGrant', [req], opts);
  }
  leaseRevoke(id: bigint, opts?: CallOptions): Promise<rpc.LeaseRevokeResponse> {
    return this.unary('leaseRevoke', [id], opts);
  }
  leaseTimeToLive(req: rpc.LeaseTimeToLiveRequest, opts?: CallOptions): Promise<rpc.LeaseTimeToLiveResponse> {
    return this.unary('leaseTimeToLive', [req], opts);
  }
  leaseLeases(opts?: CallOptions): Promise<rpc.LeaseLeasesResponse> {
    return this.unary('leaseLeases', [], opts);
  }
  async leaseKeepAliveOnce(id: bigint, opts?: CallOptions): Promise<rpc.LeaseKeepAliveResponse> {
    const resp = await this.unary<rpc.LeaseKeepAliveResponse>('leaseRenew', [id], opts);
    if (resp.TTL <= 0) throw new Error('etcdserver: requested lease not found');
    return resp;
  }
  leaseKeepAlive(id: bigint, opts?: CallOptions): ClientStream<rpc.LeaseKeepAliveResponse> {
    const q = new ClientQueue<rpc.LeaseKeepAliveResponse>();
    let stopSleep: () => void = () => {};
    q.onCancel = () => stopSleep();
    const loop = async (): Promise<void> => {
      while (!q.closed) {
        let resp: rpc.LeaseKeepAliveResponse;
        try {
          resp = await this.unary<rpc.LeaseKeepAliveResponse>('leaseRenew', [id], { ...opts, signal: undefined });
        } catch (e) {
          // clientv3 keeps retrying a failed keep-alive until the lease would have expired; the
          // console only needs the stream to end, so one failure ends it.
          q.fail(e);
          return;
        }
        if (resp.TTL <= 0) return q.close();
        q.push(resp);
        await new Promise<void>((resolve) => {
          const cancelTimer = this.cluster.after((resp.TTL * 1000) / 3, resolve);
          stopSleep = () => {
            cancelTimer();
            resolve();
          };
        });
      }
    };
    void loop();
    return q;
  }

  // ---- Watch --------------------------------------------------------------------------------

  watch(req: rpc.WatchCreateRequest, opts?: CallOptions): WatchStream<rpc.WatchResponse> {
    const q = new ClientQueue<rpc.WatchResponse>();
    const eps = opts?.endpoints ?? this.endpoints();
    const open = async (): Promise<void> => {
      const h = await this.withDeadline({ timeoutMs: opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: opts?.signal }, async (expired) => {
        for (;;) {
          const x = this.pick(eps);
          if (x?.proc) return x;
          if (expired()) throw deadlineError();
          await this.cluster.sleep(50);
        }
      });
      const proc = h.proc!;
      const handle = await proc.watch(req, { requireLeader: opts?.requireLeader ?? false }, (resp) => {
        if (resp.created && !resp.canceled) return;
        q.push(resp);
        if (resp.canceled) q.close();
      });
      q.onCancel = () => void proc.watchCancel(handle).catch(() => undefined);
      q.onProgress = () => void proc.watchProgress(handle).catch(() => undefined);
      void h.whenDead().then(() => q.fail(new Error('rpc error: code = Unavailable desc = transport is closing')));
      if (q.closed) void proc.watchCancel(handle).catch(() => undefined);
    };
    open().catch((e) => q.fail(e));
    return q;
  }

  // ---- Cluster ------------------------------------------------------------------------------

  memberList(opts?: CallOptions): Promise<rpc.MemberListResponse> {
    return this.unary('memberList', [], opts);
  }
  /** Adds a member and, as the operator would next, starts its worker (in the background). */
  async memberAdd(peerURLs: string[], isLearner: boolean, opts?: CallOptions): Promise<rpc.MemberAddResponse> {
    const added = await this.unary<MemberAddResult>('memberAdd', [peerURLs, isLearner], opts);
    void this.cluster.adopt(added).catch(() => undefined);
    const { raftId: _raftId, ...resp } = added;
    return resp;
  }
  /** Removes a member; its worker stops (etcd's removed member exits) and its slot is forgotten. */
  async memberRemove(id: bigint, opts?: CallOptions): Promise<rpc.MemberRemoveResponse> {
    const resp = await this.unary<rpc.MemberRemoveResponse>('memberRemove', [id], opts);
    void this.cluster.forget(id).catch(() => undefined);
    return resp;
  }
  memberUpdate(id: bigint, peerURLs: string[], opts?: CallOptions): Promise<MemberUpdateResponse> {
    return this.unary('memberUpdate', [id, peerURLs], opts);
  }
  memberPromote(id: bigint, opts?: CallOptions): Promise<MemberPromoteResponse> {
    return this.unary('memberPromote', [id], opts);
  }

  // ---- Maintenance --------------------------------------------------------------------------

  private one<T>(endpoint: string, method: CallableMethod, args: unknown[], opts?: EndpointCallOptions): Promise<T> {
    return this.unary(method, args, { timeoutMs: opts?.timeoutMs ?? opts?.dialTimeoutMs, signal: opts?.signal }, [endpoint]);
  }
  status(endpoint: string, opts?: EndpointCallOptions): Promise<rpc.StatusResponse> {
    return this.one(endpoint, 'status', [], opts);
  }
  hashKV(endpoint: string, revision: number, opts?: EndpointCallOptions): Promise<rpc.HashKVResponse> {
    return this.one(endpoint, 'hashKV', [revision], opts);
  }
  moveLeader(endpoint: string, transfereeID: bigint, opts?: EndpointCallOptions): Promise<MoveLeaderResponse> {
    return this.one(endpoint, 'moveLeader', [transfereeID], opts);
  }
  defragment(endpoint: string, opts?: EndpointCallOptions): Promise<DefragmentResponse> {
    return this.one(endpoint, 'defragment', [], opts);
  }
  alarmList(opts?: CallOptions): Promise<rpc.AlarmResponse> {
    return this.unary('alarmList', [], opts);
  }
  alarmDisarm(alarm: rpc.AlarmMember, opts?: CallOptions): Promise<rpc.AlarmResponse> {
    return this.unary('alarmDisarm', [alarm], opts);
  }
  snapshot(endpoint: string, opts?: EndpointCallOptions): Promise<Uint8Array> {
    return this.one(endpoint, 'snapshot', [], opts);
  }
  async snapshotStatus(image: Uint8Array): Promise<SnapshotStatus> {
    return snapshotStatusOf(image);
  }
}
