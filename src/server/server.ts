/**
 * EtcdServer: one etcd member (etcd's etcdserver.EtcdServer): the raft node and its Ready loop,
 * the backend, the MVCC store with watches, the lessor, the membership and the alarms, driven
 * by the host through `tick(nowMs)` and `step(msg)`.
 *
 * ```
 *  client call ─► v3-server / cluster-server / maintenance ─► propose(op) ─► raft ─► Ready loop
 *       ▲                                                                               │
 *       └──────── wait.trigger(request ID, result) ◄── apply.ts (on every member) ◄─────┘
 * ```
 * This file holds the state and the plumbing (ticks, proposals, deadlines, events); the request
 * handlers live in v3-server.ts, cluster-server.ts and maintenance.ts, the apply path in
 * apply*.ts, snapshots in snapshot.ts, reads in read-index.ts, watches in watch.ts.
 */
import type { BoltBackend } from '../backend';
import type { Lessor } from '../lease';
import type { IDGenerator } from '../lease';
import type { MvccListener, WatchableStore } from '../mvcc';
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
  MemberListResponse,
  MemberRemoveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  ResponseHeader,
  StatusResponse,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
  WatchResponse,
} from '../protocol/rpc';
import { ErrProposalDropped, ErrStepPeerNotFound, type ConfChange, type ConfState, type Entry, type Message, type ReadState, type Snapshot, type SoftState, type StateType } from '../raft';
import type { EtcdMember, MemberAddResult, MemberState, RequestOptions, WatchHandle, WatchOptions } from './api';
import { applyEntries } from './apply';
import type { ResolvedMemberConfig } from './config';
import * as clusterServer from './cluster-server';
import { ErrStopped } from './errors';
import type { MemberEvent } from './events';
import * as maintenance from './maintenance';
import type { RaftCluster } from './membership';
import { ErrNoSpaceLeft, type Transport, type WalStore } from './ports';
import type { AlarmStore } from './quota';
import type { RaftNode, ReadyHandler } from './raft-node';
import { restartRaftInPlace } from './raft-restart';
import { ReadIndexer } from './read-index';
import { Proposer } from './proposer';
import { Publisher } from './publish';
import type { InternalOp } from './request';
import { applySnapshotImage, attachSnapshotImages, maybeTriggerSnapshot } from './snapshot';
import * as v3 from './v3-server';
import { Wait } from './wait';
import { WatchHub } from './watch';
import { mvccView, type MvccView, type MvccViewOptions } from './mvcc-view';
import { BackendEventLog, backendView, type BackendView, type BackendViewOptions } from './backend-view';

/** The parts openMember assembles. */
export interface ServerParts {
  cfg: ResolvedMemberConfig;
  memberId: bigint;
  clusterId: bigint;
  be: BoltBackend;
  lessor: Lessor;
  kv: WatchableStore;
  cluster: RaftCluster;
  alarms: AlarmStore;
  ids: IDGenerator;
  wal: WalStore;
  transport: Transport;
}

/** One etcd member. Read the file comment for the picture. */
export class EtcdServer implements EtcdMember, ReadyHandler {
  readonly raftId: number;
  readonly memberId: bigint;
  readonly clusterId: bigint;
  readonly cfg: ResolvedMemberConfig;
  /** The raft node and its Ready loop (set by openMember right after construction). */
  r!: RaftNode;
  be: BoltBackend;
  lessor: Lessor;
  /** The MVCC store; replaced when a snapshot from the leader is installed. */
  kv: WatchableStore;
  cluster: RaftCluster;
  alarms: AlarmStore;
  readonly ids: IDGenerator;
  readonly wal: WalStore;
  readonly transport: Transport;
  readonly wait = new Wait();
  readonly reads: ReadIndexer;
  readonly watches: WatchHub;
  /** Member time in ms, as of the last tick (or the host's start time). */
  nowMs: number;
  ticks = 0;
  lead = 0;
  raftState: StateType = 'StateFollower';
  /** Member time of the last leader change (timeout error choice, etcd's parseProposeCtxErr). */
  leaderChangedAtMs = -Infinity;
  appliedIndex = 0;
  appliedTerm = 0;
  /** Index of the last raft snapshot (local or received). */
  snapshotIndex = 0;
  stopped = false;
  /** Set when a conf change removed this member: it stops. */
  removed = false;
  /** Publishes this member's attributes and, on the leader, the cluster version. */
  readonly publisher: Publisher;
  /** Hands proposals to raft; keeps the ones raft dropped (no leader) until a leader appears. */
  readonly proposer: Proposer;
  private readonly listeners = new Set<(ev: MemberEvent) => void>();
  /** The raft configuration as of the last applied conf change or snapshot. */
  confState: ConfState = { voters: [], learners: [] };
  /** The MVCC listener (kept to re-attach it when the store is replaced by a snapshot). */
  mvccListener: MvccListener | undefined;
  private tickHooks = new Set<() => void>();
  /** The backend's recent splits, merges, commits and defrags, always kept (bounded) for the B+tree tab. */
  readonly backendLog = new BackendEventLog();
  /** Pending `--physical` compactions: resolve when the store finished compacting `rev`. */
  physicalWaits: { rev: number; done: () => void }[] = [];
  /** Times raft was restarted in place after the WAL ran out of space (raft-restart.ts). */
  restarts = 0;
  /**
   * The last refusal of a store for lack of space, and the tick it happened at; cleared once the
   * backend holds nothing unwritten and an election timeout passed without another refusal.
   */
  noSpace: { error: string; atTick: number } | undefined;
  /** A NOSPACE alarm this member proposed is in flight (one at a time). */
  private raisingNoSpace = false;

  constructor(p: ServerParts) {
    this.cfg = p.cfg;
    this.raftId = p.cfg.raftId;
    this.memberId = p.memberId;
    this.clusterId = p.clusterId;
    this.be = p.be;
    this.lessor = p.lessor;
    this.kv = p.kv;
    this.cluster = p.cluster;
    this.alarms = p.alarms;
    this.ids = p.ids;
    this.wal = p.wal;
    this.transport = p.transport;
    this.nowMs = p.cfg.startMs;
    this.reads = new ReadIndexer(this);
    this.proposer = new Proposer(this);
    this.publisher = new Publisher(this);
    this.watches = new WatchHub(this);
  }

  // --- events -------------------------------------------------------------------------------

  /** Whether anyone listens (events are built only then). */
  get tracing(): boolean {
    return this.listeners.size > 0;
  }

  /** Emits a member event to every listener. */
  emit(ev: MemberEvent): void {
    for (const l of this.listeners) l(ev);
  }

  on(listener: (ev: MemberEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- host drive ---------------------------------------------------------------------------

  tick(nowMs: number): void {
    if (this.stopped) return;
    // the host's clock is authoritative from its first tick on (startMs only seeds IDs); it never goes back
    this.nowMs = this.ticks === 0 ? nowMs : Math.max(this.nowMs, nowMs);
    this.ticks++;
    this.r.node.tick();
    this.proposer.retry();
    this.proposer.expire();
    this.reads.onTick();
    this.watches.onTick();
    v3.leaseTick(this);
    this.publisher.onTick();
    this.stepBackground();
    if (this.noSpace && !this.be.hasUnwritten() && this.ticks - this.noSpace.atTick > this.cfg.electionTicks) this.noSpace = undefined;
    for (const h of [...this.tickHooks]) h();
    this.r.kick();
  }

  /** Registers a function called after every tick (move-leader waits); returns its removal. */
  onTickHook(h: () => void): () => void {
    this.tickHooks.add(h);
    return () => this.tickHooks.delete(h);
  }

  step(msg: Message): void {
    if (this.stopped) return;
    const from = this.cluster.byRaftId(msg.from);
    if (from === undefined && this.isRemovedRaftId(msg.from)) return;
    try {
      this.r.node.step(msg);
    } catch (e) {
      if (!(e instanceof ErrProposalDropped) && !(e instanceof ErrStepPeerNotFound)) throw e;
    }
    this.r.kick();
  }

  private isRemovedRaftId(raftId: number): boolean {
    return this.removedRaftIds.has(raftId);
  }

  /** Raft ids of members removed from the cluster (their messages are dropped, as etcd does). */
  readonly removedRaftIds = new Set<number>();

  /** Background work between ticks: compaction steps, watcher sync, backend commit. */
  private stepBackground(): void {
    for (let i = 0; i < 4 && this.kv.compactionPending(); i++) this.kv.compactionStep();
    if (this.physicalWaits.length > 0) {
      const fin = this.kv.finishedCompactRevision();
      const done = this.physicalWaits.filter((w) => w.rev <= fin || !this.kv.compactionPending());
      this.physicalWaits = this.physicalWaits.filter((w) => !done.includes(w));
      for (const w of done) w.done();
    }
    if (this.kv.unsyncedCount() > 0) this.kv.syncWatchers();
    void this.be.maybeCommit(this.nowMs)?.catch((e: unknown) => this.onStorageError(e));
  }

  // --- proposals ----------------------------------------------------------------------------

  /** The request timeout (etcd's ReqTimeout: 5 s + 2 election timeouts) or the caller's. */
  timeoutMs(opts?: RequestOptions): number {
    return opts?.timeoutMs ?? this.cfg.requestTimeoutMs;
  }

  /** Whether this member is a learner in raft's current configuration. */
  isLearner(): boolean {
    return this.r.node.raft.isLearner;
  }

  /** A response header at the current store revision. */
  header(revision = this.kv.rev()): ResponseHeader {
    return { clusterId: this.clusterId, memberId: this.memberId, revision, raftTerm: this.r.node.raft.term };
  }

  /** Proposes an internal request and resolves with what its apply returns on this member. */
  propose<T>(op: InternalOp, opts?: RequestOptions): Promise<T> {
    return this.proposer.propose<T>(op, opts);
  }

  /** Proposes a conf change whose context carries request ID `id`. */
  proposeConfChange<T>(id: bigint, cc: ConfChange, opts?: RequestOptions): Promise<T> {
    return this.proposer.proposeConfChange<T>(id, cc, opts);
  }

  // --- ReadyHandler ---------------------------------------------------------------------------

  onSoftState(ss: SoftState): void {
    const wasLeader = this.raftState === 'StateLeader';
    if (ss.lead !== this.lead) {
      this.leaderChangedAtMs = this.nowMs;
      if (this.lead !== 0) this.reads.onLeaderChanged();
    }
    this.lead = ss.lead;
    this.raftState = ss.raftState;
    if (wasLeader && ss.raftState !== 'StateLeader') this.lessor.demote();
    if (ss.lead !== 0) this.proposer.retry();
    this.emit({ kind: 'soft-state', member: this.raftId, lead: ss.lead, state: ss.raftState, term: this.r.node.raft.term });
  }

  onReadStates(rs: ReadState[]): void {
    this.reads.onReadStates(rs);
  }

  prepareMessages(msgs: Message[]): Message[] {
    return attachSnapshotImages(this, msgs);
  }

  applySnapshot(snap: Snapshot): Promise<void> {
    return applySnapshotImage(this, snap);
  }

  applyEntries(ents: Entry[]): Promise<void> {
    applyEntries(this, ents);
    return Promise.resolve();
  }

  async afterAdvance(): Promise<void> {
    this.reads.onApplied();
    await maybeTriggerSnapshot(this);
    if (this.removed) void this.close();
  }

  onFatal(err: unknown): void {
    if (this.stopped) return;
    this.emit({ kind: 'fatal', member: this.raftId, error: String(err) });
    void this.close();
  }

  /**
   * The WAL refused a Ready for lack of space. etcd panics when its WAL cannot be written (a
   * failed fsync leaves the file in an unknown state) and relies on a restart. Here the write
   * provably left nothing behind (one IndexedDB transaction, aborted whole), so the member does
   * that restart without dying: raft restarts in place from its durable state, which is exactly
   * what a crash and reboot would give it, so every Raft guarantee of a crash holds (nothing it
   * acknowledged is lost, nothing it did not persist was acknowledged: the responses that promise
   * durability are sent only after the write). Staying alive keeps its reads, watches and
   * leases, and lets it raise the NOSPACE alarm. A leader gives up leadership this way; while
   * its disk stays full it cannot win an election (it cannot persist its vote).
   */
  onWalNoSpace(err: ErrNoSpaceLeft): void {
    if (this.stopped) return;
    restartRaftInPlace(this);
    this.onNoSpace(err, 'wal');
    this.r.kick();
  }

  /**
   * A store refused a write for lack of space (the browser's IndexedDB quota). As etcd does when
   * its backend passes `--quota-backend-bytes`, the member raises the NOSPACE alarm through raft
   * for itself, so every member refuses the writes that may grow the database while reads,
   * deletes, compaction and defrag go on. The refused write is retried: the backend's on its next
   * commit, a Ready's when raft asks again.
   */
  onNoSpace(err: ErrNoSpaceLeft, store: 'wal' | 'backend'): void {
    this.noSpace = { error: err.message, atTick: this.ticks };
    this.emit({ kind: 'no-space', member: this.raftId, store, error: err.message });
    if (this.raisingNoSpace || this.alarms.list().some((a) => a.memberID === this.memberId && a.alarm === 'NOSPACE')) return;
    this.raisingNoSpace = true;
    this.propose({ type: 'alarm', req: { action: 'ACTIVATE', memberID: this.memberId, alarm: 'NOSPACE' } })
      .catch(() => {})
      .finally(() => {
        this.raisingNoSpace = false;
      });
  }

  /** A backend commit failed: lack of space raises NOSPACE (the commit waits), anything else is fatal. */
  onStorageError(err: unknown): void {
    if (err instanceof ErrNoSpaceLeft) this.onNoSpace(err, 'backend');
    else this.onFatal(err);
  }

  // --- client API (delegates) -----------------------------------------------------------------

  range(req: RangeRequest, opts?: RequestOptions): Promise<RangeResponse> {
    return v3.range(this, req, opts);
  }
  put(req: PutRequest, opts?: RequestOptions): Promise<PutResponse> {
    return v3.put(this, req, opts);
  }
  deleteRange(req: DeleteRangeRequest, opts?: RequestOptions): Promise<DeleteRangeResponse> {
    return v3.deleteRange(this, req, opts);
  }
  txn(req: TxnRequest, opts?: RequestOptions): Promise<TxnResponse> {
    return v3.txn(this, req, opts);
  }
  compact(req: CompactionRequest, opts?: RequestOptions): Promise<CompactionResponse> {
    return v3.compact(this, req, opts);
  }
  leaseGrant(req: LeaseGrantRequest, opts?: RequestOptions): Promise<LeaseGrantResponse> {
    return v3.leaseGrant(this, req, opts);
  }
  leaseRevoke(id: bigint, opts?: RequestOptions): Promise<LeaseRevokeResponse> {
    return v3.leaseRevoke(this, id, opts);
  }
  leaseRenew(id: bigint, opts?: RequestOptions): Promise<LeaseKeepAliveResponse> {
    return v3.leaseRenew(this, id, opts);
  }
  leaseTimeToLive(req: LeaseTimeToLiveRequest, opts?: RequestOptions): Promise<LeaseTimeToLiveResponse> {
    return v3.leaseTimeToLive(this, req, opts);
  }
  leaseLeases(_opts?: RequestOptions): Promise<LeaseLeasesResponse> {
    return v3.leaseLeases(this);
  }
  watch(req: WatchCreateRequest, send: (resp: WatchResponse) => void, opts?: WatchOptions): WatchHandle {
    return this.watches.open(req, send, opts);
  }
  memberList(opts?: RequestOptions): Promise<MemberListResponse> {
    return clusterServer.memberList(this, opts);
  }
  memberAdd(peerURLs: string[], isLearner: boolean, opts?: RequestOptions): Promise<MemberAddResult> {
    return clusterServer.memberAdd(this, peerURLs, isLearner, opts);
  }
  memberRemove(id: bigint, opts?: RequestOptions): Promise<MemberRemoveResponse> {
    return clusterServer.memberRemove(this, id, opts);
  }
  memberUpdate(id: bigint, peerURLs: string[], opts?: RequestOptions): Promise<{ header: ResponseHeader; members: Member[] }> {
    return clusterServer.memberUpdate(this, id, peerURLs, opts);
  }
  memberPromote(id: bigint, opts?: RequestOptions): Promise<{ header: ResponseHeader; members: Member[] }> {
    return clusterServer.memberPromote(this, id, opts);
  }
  status(): Promise<StatusResponse> {
    return maintenance.status(this);
  }
  hashKV(revision: number): Promise<HashKVResponse> {
    return maintenance.hashKV(this, revision);
  }
  moveLeader(transferee: bigint, opts?: RequestOptions): Promise<{ header: ResponseHeader }> {
    return maintenance.moveLeader(this, transferee, opts);
  }
  /** etcdscope's teaching action: this member campaigns now (see RawNode.forceCampaign). */
  async campaign(): Promise<{ header: ResponseHeader }> {
    if (this.stopped) throw new ErrStopped();
    this.r.node.forceCampaign();
    this.r.kick();
    return { header: this.header() };
  }
  defragment(): Promise<{ header: ResponseHeader }> {
    return maintenance.defragment(this);
  }
  alarmList(): Promise<AlarmResponse> {
    return maintenance.alarmList(this);
  }
  alarmDisarm(alarm: AlarmMember): Promise<AlarmResponse> {
    return maintenance.alarmDisarm(this, alarm);
  }
  snapshot(): Promise<Uint8Array> {
    return maintenance.snapshot(this);
  }
  backendView(opts?: BackendViewOptions): BackendView {
    return backendView(this.be, this.backendLog, opts);
  }
  mvccView(opts?: MvccViewOptions): MvccView {
    return mvccView(this.kv, this.lessor, this.nowMs, opts);
  }

  state(): MemberState {
    return maintenance.memberState(this);
  }

  /** Resolves when the Ready loop is idle (tests and the simulator use it to settle). */
  idle(): Promise<void> {
    return this.r.idle();
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.r.stop();
    this.wait.failAll(new ErrStopped());
    this.reads.failAll(new ErrStopped());
    this.watches.closeAll('etcdserver: server stopped');
    for (const w of this.physicalWaits) w.done();
    this.physicalWaits = [];
    this.emit({ kind: 'stopped', member: this.raftId, removed: this.removed });
    await this.r.idle();
    try {
      await this.be.close();
    } catch {
      // a crashed page store refuses the final commit: what was durable stays
    }
    await this.wal.close();
  }
}
