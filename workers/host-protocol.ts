/**
 * The wire between the page and a member worker. Two channels, on purpose:
 *
 * ```
 *  page ──comlink (control plane)──► worker   start, client calls, watches, state, close
 *  page ◄──MessagePort (data plane)──► worker  ticks and raft messages, plain structured clones
 * ```
 * The MessagePort's far end belongs to the bus, so every raft message can be delayed, dropped
 * or drawn. Types only (plus the list of callable client methods).
 */
import type { MessageType, StateType } from '../src/raft';
import type { MemberConfig, WatchOptions } from '../src/server/api';
import type { MvccView, MvccViewOptions } from '../src/server/mvcc-view';
import type { BackendView, BackendViewOptions } from '../src/server/backend-view';
import type { WatchCreateRequest, WatchResponse } from '../src/protocol/rpc';

/** page -> worker on the port: ticks, and raft messages as transferred buffers (src/server/msg-codec.ts). */
export type ToMember = { t: 'tick'; nowMs: number } | { t: 'msgs'; bufs: ArrayBuffer[] };

/**
 * worker -> page on the port: raft messages as transferred buffers, each with the head the bus
 * needs (`[to, type]`), and the member's summary after each tick.
 */
export type FromMember = { t: 'msgs'; heads: Array<[to: number, type: MessageType, term: number, reject: boolean]>; bufs: ArrayBuffer[] } | { t: 'report'; summary: MemberSummary };

/** A member's positions after a tick: what status() and the UI show. Cheap to clone. */
export interface MemberSummary {
  raftId: number;
  memberId: bigint;
  name: string;
  raftState: StateType;
  isLearner: boolean;
  term: number;
  vote: number;
  lead: number;
  commit: number;
  applied: number;
  lastIndex: number;
  /** First index still in the raft log (entries before it were compacted behind a snapshot). */
  firstIndex: number;
  snapshotIndex: number;
  revision: number;
  compactRevision: number;
  stopped: boolean;
  /** Ticks since the election timer last reset, and the randomized timeout it runs towards. */
  electionElapsed: number;
  randomizedElectionTimeout: number;
  /** Terms of the newest log entries (at most 40): `terms[i]` is the term of entry `first + i`. */
  logTerms: { first: number; terms: number[] };
  /** The leader's Progress of every member (empty on a follower). */
  progress: ProgressSummary[];
  /** Votes a (pre-)candidate has received in its current election (empty otherwise). */
  votes: { id: number; granted: boolean }[];
  /** Set while one of its stores refuses writes for lack of space (IndexedDB quota). */
  noSpace?: string;
}

/** The leader's view of one member's replication (raft's ProgressStatus, flattened). */
export interface ProgressSummary {
  id: number;
  match: number;
  next: number;
  state: 'StateProbe' | 'StateReplicate' | 'StateSnapshot';
  pendingSnapshot: number;
  inflights: number;
  recentActive: boolean;
}

/** What the worker needs to start a member. */
export interface StartRequest {
  /** Namespace of the IndexedDB databases (one cluster incarnation). */
  cluster: string;
  config: MemberConfig;
  /**
   * Test hook: the member's IndexedDB adapters refuse (QuotaExceededError) a write that would make
   * its two databases hold more than this many bytes of records. Absent: no limit but the browser's.
   */
  idbQuotaBytes?: number;
}

/** A client call's outcome; errors travel as data so their etcd text and leader hint survive. */
export type CallResult<T = unknown> = { ok: true; value: T } | { ok: false; name: string; message: string; leaderRaftId?: number };

/** Client methods of EtcdMember the page may call through `call`. */
export const CALLABLE = [
  'range',
  'put',
  'deleteRange',
  'txn',
  'compact',
  'leaseGrant',
  'leaseRevoke',
  'leaseRenew',
  'leaseTimeToLive',
  'leaseLeases',
  'memberList',
  'memberAdd',
  'memberRemove',
  'memberUpdate',
  'memberPromote',
  'status',
  'hashKV',
  'moveLeader',
  'campaign',
  'defragment',
  'alarmList',
  'alarmDisarm',
  'snapshot',
] as const;

/** One of {@link CALLABLE}. */
export type CallableMethod = (typeof CALLABLE)[number];

/** page -> worker on the call port: the client calls of one page task. */
export interface CallBatch {
  t: 'calls';
  calls: Array<[id: number, method: CallableMethod, args: unknown[]]>;
}

/** worker -> page on the call port: the results completed in one worker task. */
export interface ResultBatch {
  t: 'results';
  results: Array<[id: number, result: CallResult]>;
}

/** The comlink API a member worker exposes. */
export interface MemberWorkerApi {
  /** Opens the IndexedDB stores and the member; the port carries ticks and raft messages. */
  start(req: StartRequest, port: MessagePort): Promise<CallResult<MemberSummary>>;
  /** Calls one client method of the member. */
  call(method: CallableMethod, args: unknown[]): Promise<CallResult>;
  /** Serves batched client calls on `port` (see src/cluster/call-batch.ts); what `call` does, in bulk. */
  attachCalls(port: MessagePort): Promise<void>;
  /** Opens a watch; `send` (a Comlink.proxy) receives every response. Returns the handle id. */
  watch(req: WatchCreateRequest, opts: WatchOptions, send: (resp: WatchResponse) => void): Promise<number>;
  watchCancel(handle: number): Promise<void>;
  watchProgress(handle: number): Promise<void>;
  /** The member's positions now. */
  summary(): Promise<MemberSummary | undefined>;
  /** The member's MVCC picture (revisions, generations, leases) for the UI; undefined when not started. */
  mvccView(opts: MvccViewOptions): Promise<MvccView | undefined>;
  /** The member's backend B+tree picture (bounded); undefined when not started. */
  backendView(opts: BackendViewOptions): Promise<BackendView | undefined>;
  /** Closes the member and its stores (a clean stop; `kill` is worker.terminate()). */
  close(): Promise<void>;
}
