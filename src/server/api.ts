/**
 * The face of one etcd member to its host: what the Web Worker host (workers/member.worker.ts)
 * and the simulator call. Requests take and return etcd's v3 shapes (src/protocol/rpc.ts);
 * failures reject with named Errors carrying etcd's exact text ("etcdserver: no leader",
 * "etcdserver: request timed out", "mvcc: required revision has been compacted", ...).
 *
 * The member is pure: it never reads a clock or sets a timer. The host calls `tick(nowMs)` every
 * `tickMs` of (possibly scaled) time and feeds every raft message the bus delivers to `step`.
 * See src/server/index.ts for the host notes (leader-only calls, timeouts, watches, joining).

 * Member events are defined in ./events (MemberEvent).
 */
import type { Message, Status as RaftStatus } from '../raft';
import type { MemberEvent } from './events';
import type { MvccView, MvccViewOptions } from './mvcc-view';
import type { BackendView, BackendViewOptions } from './backend-view';
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
  /** Seed of this member's injected random source (election timeouts). */
  seed: number;
  /**
   * 'strict' acknowledges after the WAL write is durable; 'relaxed' may acknowledge sooner.
   * The server layer treats both as 'strict' (it always awaits `wal.save` before sending and
   * applying); a host may use 'relaxed' to skip its own fsync-like waits inside `save`.
   */
  durability: 'strict' | 'relaxed';
  /** Interval of watch progress notifications (etcd's --experimental-watch-progress-notify-interval, 10 min). */
  watchProgressNotifyIntervalMs?: number;
  /**
   * `--initial-election-tick-advance` (etcd's default true): on start, fast-forward the election
   * timer (electionTicks - 2 ticks with peers, electionTicks - 1 alone) so the first election
   * comes after a fraction of a timeout instead of a whole one.
   */
  initialElectionTickAdvance?: boolean;
  /** `--pre-vote`: false in etcd 3.4 (a partitioned member keeps bumping its term). Default false. */
  preVote?: boolean;
  /** The host's wall clock (Unix ms) at start: seeds request and lease IDs (etcd's idutil). Default 0. */
  startMs?: number;
  /** Server-side request timeout in ms (etcd: 5 s + 2 election timeouts). */
  requestTimeoutMs?: number;
  /** `--max-request-bytes`, default 1.5 MiB. */
  maxRequestBytes?: number;
  /** `--max-txn-ops`, default 128. */
  maxTxnOps?: number;
  /** Raft entries kept behind a snapshot for slow followers (etcd: 5000). Default snapshotCount / 2. */
  snapshotCatchUpEntries?: number;
  /** Backend batch interval and limit (etcd: 100 ms, 10,000). */
  batchIntervalMs?: number;
  batchLimit?: number;
  /** Interval between lease checkpoints (etcd: 5 min). */
  leaseCheckpointIntervalMs?: number;
  /**
   * Joining an existing cluster (`initialClusterState: 'existing'`): the cluster ID and this
   * member's ID, as `memberAdd` returned them (etcd fetches them from the peers).
   */
  clusterId?: bigint;
  memberId?: bigint;
}

/** Options of a watch. */
export interface WatchOptions {
  /**
   * clientv3's WithRequireLeader (etcdctl sets it): the watch is cancelled with
   * `etcdserver: no leader` when created without a leader, or when the member has had no
   * leader for 3 election timeouts.
   */
  requireLeader?: boolean;
}

/** `memberAdd`'s answer: etcd's MemberAddResponse plus the raft id the host starts the new member with. */
export interface MemberAddResult extends MemberAddResponse {
  raftId: number;
}

/** Options of a client call. */
export interface RequestOptions {
  /** The call fails with `etcdserver: request timed out` if not answered within this many ms of member time. */
  timeoutMs?: number;
  /** clientv3's WithRequireLeader: fail at once with `etcdserver: no leader` when the member has no leader. */
  requireLeader?: boolean;
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
  /** Index of the last entry applied to the state machine. */
  appliedIndex: number;
  /** The leader's etcd member ID, 0n when none. */
  leaderId: bigint;
  /** Whether the lessor is the primary (this member expires leases). */
  leasePrimary: boolean;
  /** The membership as this member has applied it, with raft ids. */
  members: (Member & { raftId: number })[];
  /** True once `close()` ran or the member was removed from the cluster. */
  stopped: boolean;
  /** True when a conf change removed this member. */
  removed: boolean;
  /**
   * Terms of the last entries of the log (at most 40), for drawing the raft log:
   * `terms[i]` is the term of entry `first + i`. Empty when the log is empty.
   */
  logTerms: { first: number; terms: number[] };
  /** Set while a store of this member refuses writes for lack of space (ErrNoSpaceLeft's text). */
  noSpace?: string;
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
  /**
   * One keep-alive renewal, served by the leader only. TTL 0 when the lease is gone. On a
   * follower it rejects with ErrNotLeader (`leaderRaftId` says where to retry): members have no
   * peer HTTP channel to forward it as etcd does, so the cluster layer retries at the leader.
   * leaseTimeToLive does the same.
   */
  leaseRenew(id: bigint, opts?: RequestOptions): Promise<LeaseKeepAliveResponse>;
  leaseTimeToLive(req: LeaseTimeToLiveRequest, opts?: RequestOptions): Promise<LeaseTimeToLiveResponse>;
  leaseLeases(opts?: RequestOptions): Promise<LeaseLeasesResponse>;

  /** Opens a watch; `send` receives the created response, then events, then a final cancel if any. */
  watch(req: WatchCreateRequest, send: (resp: WatchResponse) => void, opts?: WatchOptions): WatchHandle;

  memberList(opts?: RequestOptions): Promise<MemberListResponse>;
  memberAdd(peerURLs: string[], isLearner: boolean, opts?: RequestOptions): Promise<MemberAddResult>;
  memberRemove(id: bigint, opts?: RequestOptions): Promise<MemberRemoveResponse>;
  memberUpdate(id: bigint, peerURLs: string[], opts?: RequestOptions): Promise<{ header: MemberListResponse['header']; members: Member[] }>;
  memberPromote(id: bigint, opts?: RequestOptions): Promise<{ header: MemberListResponse['header']; members: Member[] }>;

  status(): Promise<StatusResponse>;
  hashKV(revision: number): Promise<HashKVResponse>;
  moveLeader(transferee: bigint, opts?: RequestOptions): Promise<{ header: StatusResponse['header'] }>;
  /**
   * Campaigns now, skipping pre-vote and the voters' leader lease, as after MsgTimeoutNow. etcd
   * has no such API: it is etcdscope's "Force campaign" teaching action.
   */
  campaign(): Promise<{ header: StatusResponse['header'] }>;
  defragment(): Promise<{ header: StatusResponse['header'] }>;
  alarmList(): Promise<AlarmResponse>;
  alarmDisarm(alarm: AlarmMember): Promise<AlarmResponse>;
  /** The backend as a snapshot image (`snapshot save`). */
  snapshot(): Promise<Uint8Array>;

  /** A snapshot of the member's state for the UI. */
  state(): MemberState;

  /** A read-only picture of the MVCC store (revisions, generations, leases) for the UI. */
  mvccView(opts?: MvccViewOptions): MvccView;
  /** A bounded picture of the backend's B+tree, page accounting and recent storage events (the B+tree tab). */
  backendView(opts?: BackendViewOptions): BackendView;
  /** Subscribes to the member's events (raft trace, apply, mvcc, lease, backend); returns unsubscribe. */
  on(listener: (ev: MemberEvent) => void): () => void;
  /** Stops the member: pending requests fail, watches are cancelled, stores are closed. */
  close(): Promise<void>;
}

