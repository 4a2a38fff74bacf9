/**
 * The face of one etcd member to its host: what the Web Worker host (workers/member.worker.ts)
 * and the simulator call. Requests take and return etcd's v3 shapes (src/protocol/rpc.ts);
 * failures reject with named Errors carrying etcd's exact text ("etcdserver: no leader",
 * "etcdserver: request timed out", "mvcc: required revision has been compacted", ...).
 *
 * The member is pure: it never reads a clock or sets a timer. The host calls `tick(nowMs)` every
 * `tickMs` of (possibly scaled) time and feeds every raft message the bus delivers to `step`.

 * Member events are defined in ./events (MemberEvent).
 */
import type { Message, Status as RaftStatus } from '../raft';
import type { MemberEvent } from './events';
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
  Member,
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

/** One member of the initial cluster, as `--initial-cluster` names it. */
export interface InitialMember {
  /** Raft node id (1..N). etcd's uint64 member ID is derived from the peer URLs and token. */
  raftId: number;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
}

/** Configuration of one member (etcd's flags, in etcdscope's units). */
export interface MemberConfig {
  /** This member's raft id; must appear in `initialCluster` unless it joins an existing cluster. */
  raftId: number;
  name: string;
  /** `--initial-cluster-token`, default `etcd-cluster-1`. */
  clusterToken: string;
  initialCluster: InitialMember[];
  /** `--initial-cluster-state`: 'new' bootstraps, 'existing' joins through `member add`. */
  initialClusterState: 'new' | 'existing';
  /** Milliseconds per tick (etcd's `--heartbeat-interval`, 100). */
  tickMs: number;
  /** Election timeout in ticks (etcd: 1000 ms / 100 ms = 10). */
  electionTicks: number;
  heartbeatTicks: number;
  /** `--snapshot-count`: applied entries between raft snapshots (small here so learners see it). */
  snapshotCount: number;
  /** `--quota-backend-bytes`; 0 means etcd's default 2 GiB. */
  quotaBackendBytes: number;
  /** Seed of this member's injected random source (election timeouts, request IDs). */
  seed: number;
  /** 'strict' acknowledges after the WAL write is durable; 'relaxed' may acknowledge sooner. */
  durability: 'strict' | 'relaxed';
}

/** Options of a client call. */
export interface RequestOptions {
  /** The call fails with `etcdserver: request timed out` if not answered within this many ms of member time. */
  timeoutMs?: number;
}

/** A server stream the member pushes responses into until cancelled. */
export interface ServerStream {
  cancel(): void;
}

/** A watch opened on a member. */
export interface WatchHandle extends ServerStream {
  requestProgress(): void;
}

/** What the UI shows of a member: raft state plus store positions. */
export interface MemberState {
  raftId: number;
  memberId: bigint;
  name: string;
  raft: RaftStatus;
  lastIndex: number;
  firstIndex: number;
  snapshotIndex: number;
  revision: number;
  compactRevision: number;
  dbSize: number;
  dbSizeInUse: number;
  alarms: AlarmMember[];
}

/** One etcd member: raft node, MVCC store, lessor, watch hub. */
export interface EtcdMember {
  readonly raftId: number;
  readonly memberId: bigint;
  readonly clusterId: bigint;

  /** Advances raft one tick and the member's clock to `nowMs` (lease expiry, request deadlines). */
  tick(nowMs: number): void;
  /** Delivers a raft message from a peer. */
  step(msg: Message): void;

  range(req: RangeRequest, opts?: RequestOptions): Promise<RangeResponse>;
  put(req: PutRequest, opts?: RequestOptions): Promise<PutResponse>;
  deleteRange(req: DeleteRangeRequest, opts?: RequestOptions): Promise<DeleteRangeResponse>;
  txn(req: TxnRequest, opts?: RequestOptions): Promise<TxnResponse>;
  compact(req: CompactionRequest, opts?: RequestOptions): Promise<CompactionResponse>;

  leaseGrant(req: LeaseGrantRequest, opts?: RequestOptions): Promise<LeaseGrantResponse>;
  leaseRevoke(id: bigint, opts?: RequestOptions): Promise<LeaseRevokeResponse>;
  /** One keep-alive renewal (forwarded to the leader as etcd does). TTL 0 when the lease is gone. */
  leaseRenew(id: bigint, opts?: RequestOptions): Promise<LeaseKeepAliveResponse>;
  leaseTimeToLive(req: LeaseTimeToLiveRequest, opts?: RequestOptions): Promise<LeaseTimeToLiveResponse>;
  leaseLeases(opts?: RequestOptions): Promise<LeaseLeasesResponse>;

  /** Opens a watch; `send` receives the created response, then events, then a final cancel if any. */
  watch(req: WatchCreateRequest, send: (resp: WatchResponse) => void): WatchHandle;

  memberList(opts?: RequestOptions): Promise<MemberListResponse>;
  memberAdd(peerURLs: string[], isLearner: boolean, opts?: RequestOptions): Promise<MemberAddResponse>;
  memberRemove(id: bigint, opts?: RequestOptions): Promise<MemberRemoveResponse>;
  memberUpdate(id: bigint, peerURLs: string[], opts?: RequestOptions): Promise<{ header: MemberListResponse['header']; members: Member[] }>;
  memberPromote(id: bigint, opts?: RequestOptions): Promise<{ header: MemberListResponse['header']; members: Member[] }>;

  status(): Promise<StatusResponse>;
  hashKV(revision: number): Promise<HashKVResponse>;
  moveLeader(transferee: bigint, opts?: RequestOptions): Promise<{ header: StatusResponse['header'] }>;
  defragment(): Promise<{ header: StatusResponse['header'] }>;
  alarmList(): Promise<AlarmResponse>;
  alarmDisarm(alarm: AlarmMember): Promise<AlarmResponse>;
  /** The backend as a snapshot image (`snapshot save`). */
  snapshot(): Promise<Uint8Array>;

  /** A snapshot of the member's state for the UI. */
  state(): MemberState;
  /** Subscribes to the member's events (raft trace, apply, mvcc, lease, backend); returns unsubscribe. */
  on(listener: (ev: MemberEvent) => void): () => void;
  /** Stops the member: pending requests fail, watches are cancelled, stores are closed. */
  close(): Promise<void>;
}

