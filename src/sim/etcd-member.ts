import { MemoryPageStore } from '../backend';
import type { ConfChange, ConfState, Message } from '../raft';
import { MemoryWalStore, openServer, type EtcdServer, type InitialMember, type MemberConfig as ServerConfig } from '../server';
import type { MemberConfig, MemberStatus, SimMember } from './member';
import type { CrashPoint } from './nemesis';
import { assertNever } from './assert';

/** EtcdMemberOptions are the server settings of a simulated etcd member. */
export interface EtcdMemberOptions {
  /** tickMs is one world tick in member milliseconds (nowMs = tick * tickMs). */
  tickMs: number;
  /** seed seeds the member's own PRNG (election timeouts); the raft id is mixed in. */
  seed: number;
  /** onLeaseRevoked is told of every lease revocation (expiry or revoke) this member applies. */
  onLeaseRevoked?: (id: bigint) => void;
}

/** ARMED_TICKS: an armed crash (mid-compaction, mid-snapshot) that found no occasion lapses. */
const ARMED_TICKS = 100;

/** initialMember is etcd's local-cluster Procfile layout: infra1..N on 2379/12380, 22379/22380, ... */
export function initialMember(raftId: number): InitialMember {
  const client = raftId === 1 ? 2379 : raftId * 10000 + 2379;
  return {
    raftId,
    name: `infra${raftId}`,
    peerURLs: [`http://127.0.0.1:${raftId * 10000 + 2380}`],
    clientURLs: [`http://127.0.0.1:${client}`],
  };
}

type Phase = 'opening' | 'up' | 'dying' | 'down';

/**
 * EtcdSimMember is a full etcd member (src/server: Ready loop, apply, MVCC, lessor) hosted by
 * the simulated world over a MemoryWalStore and a MemoryPageStore "disk".
 *
 *   opening ──open resolves──► up ──crash()──► down ──restart()──► opening
 *                               └──crashMidReady()──► dying ──settled()──► down
 *
 * The server is asynchronous: its Ready loop awaits the WAL save, so the messages it sends
 * arrive in `outbox` during the world's settle points (SimWorld.stepAsync), and `processReady`
 * only hands them to the network. A crash drops the server object and everything not durable
 * (the stores' crash() keeps exactly what was committed); a restart opens a new server on the
 * same stores. A transport of an older incarnation is fenced off by `epoch`.
 */
export class EtcdSimMember implements SimMember<Message> {
  readonly id: number;
  /** server is the running member (undefined while down or opening). */
  server: EtcdServer | undefined;
  /** failure is set when the member could not (re)start or its Ready loop died. */
  failure: string | undefined;
  private wal = new MemoryWalStore();
  private pages = new MemoryPageStore();
  private outbox: Message[] = [];
  private phase: Phase = 'down';
  private epoch = 0;
  private readonly config: ServerConfig;
  private lastState = '';
  private lastTerm = 0;
  private lastSnapshot = 0;
  /** armed is a crash waiting for its occasion, until tick `until`. */
  private armed: { point: 'mid-compaction' | 'mid-snapshot'; until: number } | undefined;
  /** landed counts the crashes that happened, by crash point. */
  readonly landed: Partial<Record<CrashPoint, number>> = {};

  constructor(
    private readonly cfg: MemberConfig,
    private readonly opts: EtcdMemberOptions,
  ) {
    this.id = cfg.id;
    this.config = {
      raftId: cfg.id,
      name: `infra${cfg.id}`,
      clusterToken: 'etcd-cluster-1',
      initialCluster: cfg.peers.map(initialMember),
      initialClusterState: 'new',
      tickMs: opts.tickMs,
      electionTicks: cfg.electionTick,
      heartbeatTicks: cfg.heartbeatTick,
      snapshotCount: cfg.snapshotEvery,
      snapshotCatchUpEntries: cfg.catchUpEntries,
      quotaBackendBytes: 0,
      seed: opts.seed * 1000 + cfg.id,
      durability: 'strict',
    };
    this.open();
  }

  private open(): void {
    const epoch = ++this.epoch;
    if (this.armed?.point === 'mid-snapshot') this.armed.until = this.cfg.now() + ARMED_TICKS;
    this.phase = 'opening';
    const transport = {
      send: (msgs: Message[]): void => {
        if (this.epoch === epoch && this.phase === 'up') this.outbox.push(...msgs);
      },
    };
    const cfg = { ...this.config, startMs: this.cfg.now() * this.opts.tickMs };
    openServer(cfg, { wal: this.wal, pages: this.pages, transport }).then(
      (s) => {
        if (this.epoch !== epoch) {
          s.stopped = true;
          s.r.stop();
          return;
        }
        this.server = s;
        this.phase = 'up';
        this.watchLeases(s);
        if (s.stopped) this.fail(`member ${this.id} stopped right after opening`);
      },
      (e: unknown) => {
        if (this.epoch === epoch) this.fail(`member ${this.id} failed to open: ${String(e)}`);
      },
    );
  }

  /** watchLeases reports lease revocations to onLeaseRevoked, keeping the server's own event forwarding. */
  private watchLeases(s: EtcdServer): void {
    const cb = this.opts.onLeaseRevoked;
    if (cb === undefined) return;
    s.lessor.setListener((ev) => {
      if (ev.type === 'revoked') cb(ev.ID);
      if (s.tracing) s.emit({ kind: 'lease', member: s.raftId, ev });
    });
  }

  private fail(msg: string): void {
    this.failure ??= msg;
    this.cfg.checker.fail(msg);
  }

  /** isUp: running (or opening: it is up once the world settles). A dying member is down. */
  isUp(): boolean {
    return this.phase === 'up' || this.phase === 'opening';
  }

  /** quiet reports that no Ready is in flight (the world's settle helper polls it). */
  quiet(): boolean {
    return this.phase !== 'opening' && (this.server === undefined || !this.server.r.busy);
  }

  tick(): void {
    this.server?.tick(this.cfg.now() * this.opts.tickMs);
  }

  step(msg: Message): void {
    const s = this.server;
    if (s === undefined) return;
    if (msg.type === 'MsgSnap' && this.armed?.point === 'mid-snapshot' && this.phase === 'up') {
      // the WAL save of the snapshot lands; the backend commit of the new image does not
      this.armed = undefined;
      this.pages.crashNextCommit(this.cfg.rand.intn(2) === 0 ? 'torn' : 'before-write');
      s.step(msg);
      this.dieAtSettle('mid-snapshot');
      return;
    }
    s.step(msg);
  }

  private dieAtSettle(point: CrashPoint): void {
    this.phase = 'dying';
    this.outbox = [];
    this.landed[point] = (this.landed[point] ?? 0) + 1;
  }

  /**
   * crashAt crashes at `point` (see CrashPoint in nemesis.ts). mid-compaction only arms a crash
   * that lands when a compaction is scheduled (false is returned), within ARMED_TICKS;
   * mid-snapshot crashes now and arms a crash for the first MsgSnap after the restart.
   */
  crashAt(point: CrashPoint): boolean {
    if (this.phase !== 'up' || this.server === undefined) {
      this.crash();
      return true;
    }
    switch (point) {
      case 'now':
        this.crash();
        this.landed.now = (this.landed.now ?? 0) + 1;
        return true;
      case 'after-persist':
      case 'mid-save':
        this.crashMidReady(point === 'after-persist');
        this.landed[point] = (this.landed[point] ?? 0) + 1;
        return true;
      case 'torn-commit':
        this.pages.crashNextCommit('torn');
        this.tick();
        this.dieAtSettle(point);
        return true;
      case 'mid-compaction':
        this.armed = { point, until: this.cfg.now() + ARMED_TICKS };
        return false;
      case 'mid-snapshot':
        // down now, so that it lags; after its restart it dies installing the leader's MsgSnap
        this.crash();
        this.armed = { point, until: Infinity };
        return true;
      default:
        return assertNever(point);
    }
  }

  /** disarm drops an armed crash (the nemesis healed). */
  disarm(): void {
    this.armed = undefined;
  }

  /** maybeCrashMidCompaction: with a compaction scheduled, run one step, commit it, and die before the rest. */
  private maybeCrashMidCompaction(): void {
    const s = this.server;
    if (this.armed?.point !== 'mid-compaction' || s === undefined || this.phase !== 'up' || !s.kv.compactionPending()) return;
    this.armed = undefined;
    s.kv.compactionStep();
    void s.be.forceCommit().catch(() => undefined);
    this.dieAtSettle('mid-compaction');
  }

  hasReady(): boolean {
    this.observe();
    return this.outbox.length > 0;
  }

  processReady(): Message[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  onSendResult(msg: Message, accepted: boolean): void {
    if (!accepted && msg.type === 'MsgSnap') this.server?.r.node.reportSnapshot(msg.to, 'failure');
  }

  /** propose is not used in etcd mode (clients call the server's KV API); it drops the data. */
  propose(data: Uint8Array): boolean {
    void data;
    return false;
  }

  transferLeader(to: number): void {
    const s = this.server;
    if (s === undefined || s.stopped) return;
    s.r.node.transferLeader(to);
    s.r.kick();
  }

  /** proposeConfChange is not supported in etcd mode (membership goes through memberAdd/Remove). */
  proposeConfChange(cc: ConfChange): boolean {
    void cc;
    return false;
  }

  confState(): ConfState {
    return this.server?.r.node.status().config ?? { voters: this.cfg.peers.slice(), learners: [] };
  }

  /** crash drops the server and every unpersisted byte; the stores keep what was durable. */
  crash(): void {
    this.epoch++;
    this.wal = this.wal.crash();
    this.pages = this.pages.crash();
    const s = this.server;
    if (s !== undefined) {
      s.stopped = true;
      s.r.stop();
    }
    this.server = undefined;
    this.outbox = [];
    this.phase = 'down';
    this.lastState = 'StateDown';
    this.lastSnapshot = 0;
  }

  /**
   * crashMidReady kills the member inside its next Ready: it ticks, and either lets the Ready
   * persist but dies before its messages are sent (`afterPersist`), or dies with the WAL save
   * and the next backend commit in flight (they never land). The crash completes at the
   * world's next settle point (settled()).
   */
  crashMidReady(afterPersist: boolean): void {
    if (this.phase !== 'up') {
      this.crash();
      return;
    }
    if (!afterPersist) {
      this.wal.stallNextSave();
      this.pages.crashNextCommit('before-write');
    }
    this.tick();
    this.phase = 'dying';
    this.outbox = [];
  }

  /** settled is called by the world after every settle point: a dying member dies now. */
  settled(): void {
    if (this.armed !== undefined && this.cfg.now() > this.armed.until) this.armed = undefined;
    if (this.phase === 'dying') this.crash();
    else this.maybeCrashMidCompaction();
    const s = this.server;
    if (s !== undefined && s.stopped && this.phase === 'up' && !s.removed) this.fail(`member ${this.id} stopped (fatal error in its Ready loop)`);
  }

  /** restart opens a new server on the durable stores (a dying member dies first). */
  restart(): void {
    if (this.phase === 'dying') this.crash();
    if (this.phase !== 'down') return;
    this.open();
  }

  isLeader(): boolean {
    return this.server !== undefined && !this.server.stopped && this.server.raftState === 'StateLeader';
  }

  currentTerm(): number {
    return this.server?.r.node.raft.term ?? this.lastTerm;
  }

  /** observe emits become-* events when the member's raft role or term changed. */
  private observe(): void {
    const s = this.server;
    if (s === undefined) return;
    if (s.snapshotIndex > this.lastSnapshot) {
      this.lastSnapshot = s.snapshotIndex;
      if (this.lastState !== '') this.cfg.emit({ t: this.cfg.now(), node: this.id, ev: 'snapshot', index: s.snapshotIndex, term: s.r.node.raft.term });
    }
    const st = s.raftState;
    const term = s.r.node.raft.term;
    const key = `${st}/${term}`;
    if (key === this.lastState) return;
    this.lastState = key;
    this.lastTerm = term;
    const ev =
      st === 'StateLeader' ? 'become-leader' : st === 'StateCandidate' ? 'become-candidate' : st === 'StatePreCandidate' ? 'become-pre-candidate' : 'become-follower';
    this.cfg.emit({ t: this.cfg.now(), node: this.id, ev, term, lead: s.lead });
  }

  status(): MemberStatus {
    const s = this.server;
    if (s === undefined) {
      return {
        id: this.id, up: false, raftState: 'StateDown', term: this.lastTerm, vote: 0, lead: 0, commit: 0, applied: 0,
        firstIndex: 0, lastIndex: 0, snapshotIndex: 0, smHash: '', recent: [], electionElapsed: 0, electionTimeout: 0,
      };
    }
    const st = s.r.node.status();
    return {
      id: this.id,
      up: true,
      raftState: st.raftState,
      term: st.term,
      vote: st.vote,
      lead: st.lead,
      commit: st.commit,
      applied: s.appliedIndex,
      firstIndex: s.r.storage.firstIndex(),
      lastIndex: s.r.storage.lastIndex(),
      snapshotIndex: s.snapshotIndex,
      smHash: `rev=${s.kv.rev()}`,
      recent: [],
      electionElapsed: st.electionElapsed,
      electionTimeout: st.randomizedElectionTimeout,
    };
  }
}
