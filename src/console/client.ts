/**
 * ClusterClient: what the console needs from a cluster, shaped on etcd's clientv3 (KV, Lease,
 * Watcher, Cluster, Maintenance). The console never imports the cluster; the page (or a test)
 * injects an implementation.
 *
 * Errors: every method rejects with an `Error` whose `message` is exactly the text etcdctl would
 * print after `Error: ` - a server error (`etcdserver: mvcc: required revision has been
 * compacted`) or a transport error (`context deadline exceeded`). Nothing else is parsed.
 */
import type {
  AlarmMember,
  AlarmResponse,
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  HashKVResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveRequest,
  LeaseTimeToLiveResponse,
  MemberAddResponse,
  MemberListResponse,
  MemberRemoveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  StatusResponse,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
  WatchResponse,
} from '../protocol/rpc';
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
} from './client-types';

/** The injected cluster connection every console command runs against (clientv3 in spirit). */
export interface ClusterClient {
  /** Client URLs of the members the console may talk to, e.g. `127.0.0.1:2379` (etcdctl's default `--endpoints`). */
  endpoints(): string[];

  // --- KV ---------------------------------------------------------------------------------
  range(req: RangeRequest, opts?: CallOptions): Promise<RangeResponse>;
  put(req: PutRequest, opts?: CallOptions): Promise<PutResponse>;
  deleteRange(req: DeleteRangeRequest, opts?: CallOptions): Promise<DeleteRangeResponse>;
  txn(req: TxnRequest, opts?: CallOptions): Promise<TxnResponse>;
  compact(req: CompactionRequest, opts?: CallOptions): Promise<CompactionResponse>;

  // --- Lease -------------------------------------------------------------------------------
  leaseGrant(req: LeaseGrantRequest, opts?: CallOptions): Promise<LeaseGrantResponse>;
  leaseRevoke(id: bigint, opts?: CallOptions): Promise<LeaseRevokeResponse>;
  leaseTimeToLive(req: LeaseTimeToLiveRequest, opts?: CallOptions): Promise<LeaseTimeToLiveResponse>;
  leaseLeases(opts?: CallOptions): Promise<LeaseLeasesResponse>;
  /** One renewal; rejects with `etcdserver: requested lease not found` if the lease is gone. */
  leaseKeepAliveOnce(id: bigint, opts?: CallOptions): Promise<LeaseKeepAliveResponse>;
  /**
   * Renews `id` every TTL/3 until cancelled, yielding each response. The stream ends (done) when
   * the lease is gone (a renewal answered TTL <= 0), as clientv3's channel closes.
   */
  leaseKeepAlive(id: bigint, opts?: CallOptions): ClientStream<LeaseKeepAliveResponse>;

  // --- Watch -------------------------------------------------------------------------------
  /**
   * Opens a watch. Yields every WatchResponse the server sends after creation (the `created`
   * acknowledgement is not yielded), including a final `canceled` one (compaction, no leader).
   */
  watch(req: WatchCreateRequest, opts?: CallOptions): WatchStream<WatchResponse>;

  // --- Cluster -----------------------------------------------------------------------------
  memberList(opts?: CallOptions): Promise<MemberListResponse>;
  memberAdd(peerURLs: string[], isLearner: boolean, opts?: CallOptions): Promise<MemberAddResponse>;
  memberRemove(id: bigint, opts?: CallOptions): Promise<MemberRemoveResponse>;
  memberUpdate(id: bigint, peerURLs: string[], opts?: CallOptions): Promise<MemberUpdateResponse>;
  memberPromote(id: bigint, opts?: CallOptions): Promise<MemberPromoteResponse>;

  // --- Maintenance (addressed to one endpoint) ---------------------------------------------
  status(endpoint: string, opts?: EndpointCallOptions): Promise<StatusResponse>;
  hashKV(endpoint: string, revision: number, opts?: EndpointCallOptions): Promise<HashKVResponse>;
  /** Asks the leader at `endpoint` to hand leadership to `transfereeID`. */
  moveLeader(endpoint: string, transfereeID: bigint, opts?: EndpointCallOptions): Promise<MoveLeaderResponse>;
  defragment(endpoint: string, opts?: EndpointCallOptions): Promise<DefragmentResponse>;
  alarmList(opts?: CallOptions): Promise<AlarmResponse>;
  /** Deactivates `alarm` (etcdctl disarms each alarm that `alarmList` returned). */
  alarmDisarm(alarm: AlarmMember, opts?: CallOptions): Promise<AlarmResponse>;
  /** The member's backend as a bolt-file image (what `snapshot save` writes). */
  snapshot(endpoint: string, opts?: EndpointCallOptions): Promise<Uint8Array>;
  /** Reads a snapshot image like `snapshot status` reads a file (a local computation, no RPC). */
  snapshotStatus(image: Uint8Array): Promise<SnapshotStatus>;
}
