import type { ConfChange, ConfState, Message } from '../raft';
import { assert } from './assert';
import { RaftChecker } from './checker';
import type { SimEvent, SimListener } from './events';
import { Nemesis, type CrashPoint, type NemesisHost, type NemesisKind, type LinkCutter } from './nemesis';
import { SimNetwork, type NetworkProfile } from './network';
import { SimRand } from './prng';
import { RaftMember } from './raft-member';
import { Workload, type WorkloadHost } from './workload';
import type { MemberFactory, MemberStatus, SimMember } from './member';
import { summarize, type SimResult } from './result';

/** WorldOptions configures a simulated cluster run; only seed and members are required. */
export interface WorldOptions {
  seed: number;
  members: number;
  /** ticks is the planned length of the run (the nemesis heals before its end). */
  ticks?: number;
  nemesis?: NemesisKind;
  electionTick?: number;
  heartbeatTick?: number;
  /** snapshotEvery: each node snapshots and compacts after this many applied entries. */
  snapshotEvery?: number;
  /** catchUpEntries stay in the log behind each snapshot. */
  catchUpEntries?: number;
  /** proposeRate is the per-tick probability of a client proposal (0 disables the workload). */
  proposeRate?: number;
  /** followerShare is the share of proposals sent to a random member instead of the leader. */
  followerShare?: number;
  maxSizePerMsg?: number;
  maxInflightMsgs?: number;
  /** healFraction: the last fraction of ticks run without faults (liveness window). */
  healFraction?: number;
  /** quietFraction: the last fraction of ticks without client proposals (convergence window). */
  quietFraction?: number;
  /** verbose emits `send`/`deliver` events for every message (browser views). */
  verbose?: boolean;
}

/** Required is WorldOptions with every default filled in. */
type Resolved = Required<WorldOptions>;

/** resolveOptions fills in the defaults of WorldOptions. */
export function resolveOptions(o: WorldOptions): Resolved {
  const electionTick = o.electionTick ?? 10;
  return {
    seed: o.seed,
    members: o.members,
    ticks: o.ticks ?? 10_000,
    nemesis: o.nemesis ?? 'none',
    electionTick,
    heartbeatTick: o.heartbeatTick ?? 1,
    snapshotEvery: o.snapshotEvery ?? 100,
    catchUpEntries: o.catchUpEntries ?? 20,
    proposeRate: o.proposeRate ?? 0.3,
    followerShare: o.followerShare ?? 0.2,
    maxSizePerMsg: o.maxSizePerMsg ?? 1024,
    maxInflightMsgs: o.maxInflightMsgs ?? 64,
    healFraction: o.healFraction ?? 0.15,
    quietFraction: o.quietFraction ?? 0.04,
    verbose: o.verbose ?? false,
  };
}

/**
 * SimWorld is one deterministic simulated cluster: N SimMembers, a
 * SimNetwork, a tick clock, a Nemesis, a client Workload and a RaftChecker,
 * all driven by one SimRand seeded from `seed`. Each tick:
 *
 *   1. deliver the messages due now (each followed by that node's Ready loop)
 *   2. tick every up member (Ready loop)
 *   3. nemesis faults, 4. client proposals (Ready loop)
 *
 * The checker runs inside every Ready loop, so invariants are checked after
 * every step. The same run replays exactly from the same options.
 */
export class SimWorld implements NemesisHost, WorkloadHost {
  readonly opts: Resolved;
  readonly rand: SimRand;
  readonly net: SimNetwork<Message>;
  readonly checker: RaftChecker;
  readonly members: SimMember<Message>[] = [];
  readonly ids: number[];
  readonly nemesis: Nemesis;
  readonly workload: Workload;
  /** now is the current tick. */
  now = 0;
  leaderChanges = 0;
  snapshots = 0;
  snapshotRestores = 0;
  /** crashes/restarts count every crash and restart, by the nemesis or by hand. */
  crashes = 0;
  restarts = 0;
  private readonly listeners: SimListener[] = [];
  /** crashPoints, when set, make the nemesis draw crash points from this list (etcd mode). */
  crashPoints: readonly CrashPoint[] | undefined;
  /** extendedFaults adds leader-transfer storms and slow members to the `all` nemesis (etcd mode). */
  extendedFaults = false;
  /** commitAtHeal is the committed index when the nemesis healed (-1 before). */
  commitAtHeal = -1;
  /** leaderChangesAtHeal is leaderChanges when the nemesis healed. */
  leaderChangesAtHeal = 0;

  /** The factory defaults to bare RawNode hosts (RaftMember). */
  constructor(options: WorldOptions, factory: MemberFactory = (cfg) => new RaftMember(cfg)) {
    this.opts = resolveOptions(options);
    const o = this.opts;
    assert(o.members >= 1 && o.members <= 9, `members must be 1..9, got ${o.members}`);
    this.rand = new SimRand(o.seed);
    this.net = new SimNetwork<Message>(this.rand);
    this.checker = new RaftChecker(() => this.now);
    this.ids = Array.from({ length: o.members }, (_, i) => i + 1);
    for (const id of this.ids) {
      this.members.push(
        factory({
          id,
          peers: this.ids,
          electionTick: o.electionTick,
          heartbeatTick: o.heartbeatTick,
          rand: this.rand,
          snapshotEvery: o.snapshotEvery,
          catchUpEntries: o.catchUpEntries,
          maxSizePerMsg: o.maxSizePerMsg,
          maxInflightMsgs: o.maxInflightMsgs,
          checker: this.checker,
          emit: (e) => this.emit(e),
          now: () => this.now,
        }),
      );
    }
    const healAt = o.ticks - Math.max(Math.ceil(o.ticks * o.healFraction), 40 * o.electionTick);
    const stopAt = o.ticks - Math.max(Math.ceil(o.ticks * o.quietFraction), 20 * o.electionTick);
    this.nemesis = new Nemesis(o.nemesis, this.rand, this, healAt);
    this.workload = new Workload(this.rand, this, o.proposeRate, o.followerShare, stopAt);
  }

  get electionTick(): number {
    return this.opts.electionTick;
  }

  /** on registers a listener for every SimEvent; returns an unsubscribe function. */
  on(listener: SimListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** emit sends an event to every listener (and counts the ones the summary reports). */
  emit(e: SimEvent): void {
    if (e.ev === 'become-leader') this.leaderChanges++;
    else if (e.ev === 'snapshot') this.snapshots++;
    else if (e.ev === 'snapshot-restore') this.snapshotRestores++;
    for (const l of this.listeners) l(e);
  }

  /** member returns the member with id `id` (1-based). */
  member(id: number): SimMember<Message> {
    const m = this.members[id - 1];
    assert(m !== undefined, `no member ${id}`);
    return m;
  }

  /** raftMember returns member `id` as a RaftMember (tests that read its storage). */
  raftMember(id: number): RaftMember {
    const m = this.member(id);
    assert(m instanceof RaftMember, `member ${id} is not a RaftMember`);
    return m;
  }

  /** step runs one tick of the world. */
  step(): void {
    this.now++;
    for (const f of this.net.due(this.now)) {
      const m = this.member(f.msg.to);
      if (!m.isUp()) continue;
      if (this.opts.verbose) {
        this.emit({ t: this.now, ev: 'deliver', from: f.msg.from, to: f.msg.to, type: f.msg.type, term: f.msg.term });
      }
      m.step(f.msg);
      this.drain(m);
    }
    for (const m of this.members) {
      if (!m.isUp()) continue;
      m.tick();
      this.drain(m);
    }
    this.faultsAndWorkload();
  }

  /**
   * stepAsync is `step` for members whose Ready loop is asynchronous (EtcdSimMember): after
   * every delivery, after the ticks, and after the nemesis it awaits `settle` (which drains the
   * microtask queue, no timers) and hands every member's outgoing messages to the network, so a
   * seed still replays the same run. `clients` runs last (the client workload of etcd mode).
   */
  async stepAsync(settle: () => Promise<void>, clients?: (now: number) => void): Promise<void> {
    this.now++;
    for (const f of this.net.due(this.now)) {
      const m = this.member(f.msg.to);
      if (!m.isUp()) continue;
      if (this.opts.verbose) {
        this.emit({ t: this.now, ev: 'deliver', from: f.msg.from, to: f.msg.to, type: f.msg.type, term: f.msg.term });
      }
      m.step(f.msg);
      await this.settleAll(settle);
    }
    for (const m of this.members) if (m.isUp()) m.tick();
    await this.settleAll(settle);
    this.faultsAndWorkload();
    await this.settleAll(settle);
    clients?.(this.now);
    await this.settleAll(settle);
  }

  /** settleAll awaits `settle`, then lets dying members die and drains every member. */
  async settleAll(settle: () => Promise<void>): Promise<void> {
    await settle();
    for (const m of this.members) m.settled?.();
    for (const m of this.members) if (m.isUp()) this.drain(m);
  }

  private faultsAndWorkload(): void {
    if (this.now === this.nemesis.healAt) {
      this.commitAtHeal = this.checker.committedIndex;
      this.leaderChangesAtHeal = this.leaderChanges;
    }
    this.nemesis.step(this.now);
    this.workload.step(this.now);
    const v = this.checker.violations;
    if (v.length > 0 && this.reportedViolations < v.length) {
      for (; this.reportedViolations < v.length; this.reportedViolations++) {
        this.emit({ t: this.now, ev: 'violation', message: v[this.reportedViolations] as string });
      }
    }
  }

  private reportedViolations = 0;

  /** run advances the world by `n` ticks. */
  run(n: number): void {
    for (let i = 0; i < n; i++) this.step();
  }

  /** drain runs a member's Ready loop, handing each Ready's messages to the network. */
  drain(m: SimMember<Message>): void {
    for (let guard = 0; m.hasReady(); guard++) {
      assert(guard < 10_000, `member ${m.id}: Ready loop does not terminate`);
      for (const msg of m.processReady()) this.send(m, msg);
    }
  }

  private send(m: SimMember<Message>, msg: Message): void {
    const target = this.members[msg.to - 1];
    let outcome: string;
    if (target === undefined || !target.isUp()) {
      this.net.stats.sent++;
      this.net.stats.droppedPartition++;
      outcome = 'dropped-down';
    } else {
      outcome = this.net.send(msg, this.now);
    }
    if (this.opts.verbose) {
      this.emit({ t: this.now, ev: 'send', from: msg.from, to: msg.to, type: msg.type, term: msg.term, outcome });
    }
    m.onSendResult(msg, outcome === 'queued' || outcome === 'dropped-loss');
  }

  /** leader returns the up leader with the highest term, or 0. */
  leader(): number {
    let best = 0;
    let bestTerm = -1;
    for (const m of this.members) {
      if (m.isLeader() && m.currentTerm() > bestTerm) {
        best = m.id;
        bestTerm = m.currentTerm();
      }
    }
    return best;
  }

  isUp(id: number): boolean {
    return this.member(id).isUp();
  }

  /**
   * crash crashes member `id` (no-op when already down). With `afterPersist`
   * the member first ticks and persists the resulting Ready but dies before
   * sending its messages (they are lost): a crash between fsync and send.
   */
  crash(id: number, afterPersist: boolean | CrashPoint = false): void {
    const m = this.member(id);
    if (!m.isUp()) return;
    if (typeof afterPersist === 'string') {
      if (m.crashAt === undefined) return this.crash(id, afterPersist === 'after-persist');
      // an armed crash (mid-compaction, mid-snapshot) is counted by the member when it lands
      if (!m.crashAt(afterPersist)) return;
    } else if (m.crashMidReady !== undefined) {
      m.crashMidReady(afterPersist);
    } else if (afterPersist) {
      m.tick();
      for (let guard = 0; m.hasReady() && guard < 100; guard++) this.net.stats.droppedCrash += m.processReady().length;
      m.crash();
    } else {
      m.crash();
    }
    this.crashes++;
    this.emit({ t: this.now, node: id, ev: 'crash' });
  }

  /** restart restarts member `id` from its disk (no-op when up). */
  restart(id: number): void {
    const m = this.member(id);
    if (m.isUp()) return;
    m.restart();
    this.restarts++;
    this.drain(m);
  }

  /** partition applies a link-cutting shape (see Nemesis) and traces it. */
  partition(kind: string, apply: (net: LinkCutter) => void): void {
    apply(this.net);
    this.emit({ t: this.now, ev: 'partition', kind, links: this.net.blockedLinks() });
  }

  /** disconnect isolates member `id` from everyone (6.824's disconnect). */
  disconnect(id: number): void {
    this.partition('isolate', (net) => net.isolate(id, this.ids));
  }

  /** connect restores every link of member `id` (6.824's connect). */
  connect(id: number): void {
    this.net.reconnect(id);
    this.emit({ t: this.now, ev: 'partition', kind: 'connect', links: this.net.blockedLinks() });
  }

  /** heal restores every link. */
  heal(): void {
    if (!this.net.isPartitioned()) return;
    this.net.heal();
    this.emit({ t: this.now, ev: 'heal' });
  }

  /** slowMember delays every message to and from member `id` by `extraTicks` ticks (0: normal again). */
  slowMember(id: number, extraTicks: number): void {
    if (extraTicks > 0) this.net.slow.set(id, extraTicks);
    else if (!this.net.slow.delete(id)) return;
    this.emit({ t: this.now, ev: 'network', profile: extraTicks > 0 ? `slow member ${id} +${extraTicks}` : `member ${id} normal` });
  }

  /** setProfile changes the network quality. */
  setProfile(name: string, profile: NetworkProfile): void {
    this.net.profile = { ...profile };
    this.emit({ t: this.now, ev: 'network', profile: name });
  }

  /** transferLeader asks leader `from` to transfer leadership to `to`. */
  transferLeader(from: number, to: number): void {
    const m = this.member(from);
    if (!m.isUp()) return;
    m.transferLeader(to);
    this.emit({ t: this.now, node: from, ev: 'transfer-leader', to });
    this.drain(m);
  }

  /** confState is the membership applied by the leader (or member 1 without one). */
  confState(): ConfState {
    return this.member(this.leader() || 1).confState();
  }

  /** proposeConfChange proposes a membership change at member `id`. */
  proposeConfChange(id: number, cc: ConfChange): boolean {
    const m = this.member(id);
    const ok = m.proposeConfChange(cc);
    this.drain(m);
    return ok;
  }

  /** propose submits `data` at member `id`; false when dropped. */
  propose(id: number, data: Uint8Array): boolean {
    const m = this.member(id);
    const ok = m.propose(data);
    this.drain(m);
    return ok;
  }

  /** statuses describes every member. */
  statuses(): MemberStatus[] {
    return this.members.map((m) => m.status());
  }

  /**
   * checkLiveness adds "liveness:" violations unless, at the end of a run,
   * there is a leader, commits advanced after the nemesis healed, and every
   * member is up and has applied the same entries (same state-machine hash).
   */
  checkLiveness(): void {
    const leader = this.leader();
    if (leader === 0) {
      this.checker.fail('liveness: no leader at the end of the run');
      return;
    }
    if (this.commitAtHeal >= 0 && this.checker.committedIndex <= this.commitAtHeal && this.workload.stats.proposed > 0) {
      this.checker.fail(`liveness: nothing committed after the faults healed (commit ${this.commitAtHeal})`);
    }
    if (this.commitAtHeal >= 0 && this.opts.nemesis !== 'none' && this.opts.members > 1 && this.leaderChanges === this.leaderChangesAtHeal) {
      this.checker.fail('liveness: no leader elected after the faults healed');
    }
    const ls = this.member(leader).status();
    const voters = this.member(leader).confState().voters;
    for (const id of this.ids) {
      if (!voters.includes(id)) this.checker.fail(`liveness: member ${id} is not a voter at the end`);
    }
    for (const s of this.statuses()) {
      if (!s.up) {
        this.checker.fail(`liveness: member ${s.id} is down at the end`);
      } else if (s.applied !== ls.applied || s.smHash !== ls.smHash) {
        this.checker.fail(`liveness: member ${s.id} applied ${s.applied} (${s.smHash}), leader ${leader} applied ${ls.applied} (${ls.smHash})`);
      }
    }
  }

  /** runToEnd runs the remaining planned ticks, checks liveness and returns the summary. */
  runToEnd(): SimResult {
    this.run(this.opts.ticks - this.now);
    this.checkLiveness();
    return this.result();
  }

  /** result summarises the run so far. */
  result(): SimResult {
    return summarize(this);
  }
}

