/**
 * The KV and lease requests of a member (etcd's v3_server.go): validation as etcd's gRPC layer
 * does it, the quota check, then a raft proposal (writes, compaction, lease grant/revoke) or a
 * local read (serializable) or a ReadIndex read (linearizable). Lease keep-alive and
 * time-to-live are answered by the leader's lessor; leaseTick is the leader's periodic lease work.
 * A learner serves only serializable ranges (etcd 3.4's isRPCSupportedForLearner); everything
 * else fails with `etcdserver: rpc not supported for learner`.
 */
import { ErrLeaseNotFound, ErrNotPrimary } from '../lease';
import { checkDeleteRequest, checkPutRequest, checkRangeRequest, checkTxnRequest } from '../mvcc';
import type {
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveRequest,
  LeaseTimeToLiveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  TxnResponse,
} from '../protocol/rpc';
import type { RequestOptions } from './api';
import { ErrLearnerNotSupported, ErrNoLeader, ErrNoSpace, ErrNotLeader, ErrStopped, ErrTimeout, toClientError } from './errors';
import { needsQuota, quotaCost } from './quota';
import type { InternalOp } from './request';
import type { EtcdServer } from './server';
import { requestSize } from './size';

/** Runs `f` and rejects with the client-shaped error it throws. */
async function guard<T>(s: EtcdServer, f: () => T | Promise<T>, learnerOk = false, opts?: RequestOptions): Promise<T> {
  if (s.stopped) throw new ErrStopped();
  if (opts?.requireLeader === true && s.lead === 0) throw new ErrNoLeader();
  if (!learnerOk && s.isLearner()) throw new ErrLearnerNotSupported();
  try {
    return await f();
  } catch (e) {
    throw toClientError(e);
  }
}

/**
 * etcd's quota check before proposing: while NOSPACE is active, or when this request would push
 * the backend past the quota, the request fails; in the second case the NOSPACE alarm is raised
 * through raft first.
 */
function checkQuota(s: EtcdServer, op: InternalOp): void {
  if (!needsQuota(op)) return;
  if (s.alarms.has('NOSPACE')) throw new ErrNoSpace();
  const size = s.be.stats().dbSize;
  if (size + quotaCost(requestSize(op.req)) <= s.cfg.quotaBackendBytes) return;
  s.propose({ type: 'alarm', req: { action: 'ACTIVATE', memberID: s.memberId, alarm: 'NOSPACE' } }).catch(() => {});
  throw new ErrNoSpace();
}

function write<T>(s: EtcdServer, op: InternalOp, opts?: RequestOptions): Promise<T> {
  return guard(
    s,
    () => {
      checkQuota(s, op);
      return s.propose<T>(op, opts);
    },
    false,
    opts,
  );
}

/** Range: serializable reads are local; linearizable ones wait for a ReadIndex first. */
export function range(s: EtcdServer, req: RangeRequest, opts?: RequestOptions): Promise<RangeResponse> {
  return guard(s, async () => {
    checkRangeRequest(req);
    if (req.serializable !== true) await s.reads.linearizableRead(opts);
    const resp = s.kv.range(req);
    resp.header = s.header(resp.header.revision);
    return resp;
  }, req.serializable === true, opts);
}

/** Put through raft. */
export function put(s: EtcdServer, req: PutRequest, opts?: RequestOptions): Promise<PutResponse> {
  return guard(s, () => {
    checkPutRequest(req);
    return write<PutResponse>(s, { type: 'put', req }, opts);
  });
}

/** DeleteRange through raft. */
export function deleteRange(s: EtcdServer, req: DeleteRangeRequest, opts?: RequestOptions): Promise<DeleteRangeResponse> {
  return guard(s, () => {
    checkDeleteRequest(req);
    return write<DeleteRangeResponse>(s, { type: 'deleteRange', req }, opts);
  });
}

function isReadOnlyTxn(t: TxnRequest): boolean {
  return [...t.success, ...t.failure].every((u) => 'requestRange' in u || ('requestTxn' in u && isReadOnlyTxn(u.requestTxn)));
}

/** Txn: a read-only txn is served like a range (etcd: IsTxnReadonly), others go through raft. */
export function txn(s: EtcdServer, req: TxnRequest, opts?: RequestOptions): Promise<TxnResponse> {
  return guard(s, async () => {
    checkTxnRequest(req, s.cfg.maxTxnOps);
    if (isReadOnlyTxn(req)) {
      const serializable = [...req.success, ...req.failure].every((u) => !('requestRange' in u) || u.requestRange.serializable === true);
      if (!serializable || req.success.length + req.failure.length === 0) await s.reads.linearizableRead(opts);
      const resp = s.kv.txn(req);
      resp.header = s.header(resp.header.revision);
      return resp;
    }
    return write<TxnResponse>(s, { type: 'txn', req }, opts);
  });
}

/** Compaction through raft; `physical` answers once the backend deletes are done. */
export function compact(s: EtcdServer, req: CompactionRequest, opts?: RequestOptions): Promise<CompactionResponse> {
  return guard(s, async () => {
    const resp = await s.propose<CompactionResponse>({ type: 'compaction', req }, opts);
    if (req.physical === true && s.kv.compactionPending()) {
      await new Promise<void>((done) => s.physicalWaits.push({ rev: req.revision, done }));
    }
    return resp;
  });
}

/** LeaseGrant through raft; the proposer picks the ID (etcd's idutil generator). */
export function leaseGrant(s: EtcdServer, req: LeaseGrantRequest, opts?: RequestOptions): Promise<LeaseGrantResponse> {
  const ID = req.ID !== undefined && req.ID !== 0n ? req.ID : s.ids.nextLeaseID();
  return write<LeaseGrantResponse>(s, { type: 'leaseGrant', req: { ID, TTL: req.TTL } }, opts);
}

/** LeaseRevoke through raft. */
export function leaseRevoke(s: EtcdServer, id: bigint, opts?: RequestOptions): Promise<LeaseRevokeResponse> {
  return write<LeaseRevokeResponse>(s, { type: 'leaseRevoke', req: { ID: id } }, opts);
}

function notLeader(s: EtcdServer): ErrNotLeader {
  return new ErrNotLeader(s.raftState === 'StateLeader' ? s.raftId : s.lead);
}

/**
 * A new leader's lessor becomes the primary once the leader applied its empty entry: until then
 * lease calls wait for it (tick-driven), instead of bouncing the client back to the same member.
 */
function waitPrimary(s: EtcdServer, opts?: RequestOptions): Promise<void> {
  if (s.lessor.isPrimary() || s.raftState !== 'StateLeader') return Promise.resolve();
  const deadline = s.nowMs + s.timeoutMs(opts);
  return new Promise<void>((resolve, reject) => {
    const off = s.onTickHook(() => {
      if (s.lessor.isPrimary() || s.raftState !== 'StateLeader') {
        off();
        resolve();
      } else if (s.stopped || s.nowMs >= deadline) {
        off();
        reject(s.stopped ? new ErrStopped() : new ErrTimeout());
      }
    });
  });
}

/** One keep-alive: the leader's lessor renews; a follower answers ErrNotLeader (see api.ts). */
export function leaseRenew(s: EtcdServer, id: bigint, opts?: RequestOptions): Promise<LeaseKeepAliveResponse> {
  return guard(s, async () => {
    await waitPrimary(s, opts);
    try {
      const TTL = s.lessor.renew(id, s.nowMs);
      return { header: s.header(), ID: id, TTL };
    } catch (e) {
      if (e instanceof ErrNotPrimary) throw notLeader(s);
      if (e instanceof ErrLeaseNotFound) return { header: s.header(), ID: id, TTL: 0 };
      throw e;
    }
  });
}

/** How far past its tick instant a request is taken to be served (leaseTimeToLive's remaining TTL). */
const SERVED_AFTER_TICK_MS = 1;

/**
 * TimeToLive from the leader's lessor (remaining TTL truncated to whole seconds, as etcd's);
 * unknown lease: TTL -1 (etcdctl prints "already expired").
 */
export function leaseTimeToLive(s: EtcdServer, req: LeaseTimeToLiveRequest, opts?: RequestOptions): Promise<LeaseTimeToLiveResponse> {
  return guard(s, async () => {
    await waitPrimary(s, opts);
    try {
      // The member clock moves in ticks; a request served at tick time T runs strictly after T
      // (and after any grant applied at T), so on etcd's continuous clock its remaining time is
      // just under expiry - T: a lease granted for 60 s reads remaining(59s) straight away.
      const t = s.lessor.timeToLive(req.ID, s.nowMs + SERVED_AFTER_TICK_MS, req.keys === true);
      return { header: s.header(), ID: t.ID, TTL: t.TTL, grantedTTL: t.grantedTTL, keys: t.keys };
    } catch (e) {
      if (e instanceof ErrNotPrimary) throw notLeader(s);
      if (e instanceof ErrLeaseNotFound) return { header: s.header(), ID: req.ID, TTL: -1, grantedTTL: 0, keys: [] };
      throw e;
    }
  });
}

/** Leases: every member knows every lease (IDs in expiry order). */
export function leaseLeases(s: EtcdServer): Promise<LeaseLeasesResponse> {
  return guard(s, () => ({ header: s.header(), leases: s.lessor.leases().map((l) => ({ ID: l.ID })) }));
}

/** The leader's lease work, every 500 ms of member time: revoke expired leases, checkpoint TTLs. */
export function leaseTick(s: EtcdServer): void {
  if (!s.lessor.isPrimary()) return;
  const every = Math.max(1, Math.round(500 / s.cfg.tickMs));
  if (s.ticks % every !== 0) return;
  for (const ID of s.lessor.findExpiredLeases(s.nowMs)) {
    s.propose({ type: 'leaseRevoke', req: { ID } }).catch(() => {});
  }
  const checkpoints = s.lessor.findDueCheckpoints(s.nowMs);
  if (checkpoints.length > 0) s.propose({ type: 'leaseCheckpoint', req: { checkpoints } }).catch(() => {});
}
