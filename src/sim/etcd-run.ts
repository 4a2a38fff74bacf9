import type { Message } from '../raft';
import { checkKvHistory } from './checkers';
import { formatHistoryLine } from './etcd-clients';
import { EtcdSimMember } from './etcd-member';
import { EtcdWorkload } from './etcd-workload';
import type { SimListener } from './events';
import type { SimMember } from './member';
import type { CrashPoint, NemesisKind } from './nemesis';
import { summarize, type SimResult } from './result';
import { SimWorld } from './world';

/** EtcdRunOptions configure one simulated run of full etcd members with clients. */
export interface EtcdRunOptions {
  seed: number;
  members: number;
  ticks: number;
  nemesis: NemesisKind;
  /** clients is the number of concurrent client processes (0: no client workload). */
  clients: number;
  /** keys is the size of the key set (default 3). */
  keys?: number;
  /** tickMs is one tick in member milliseconds (default 100: etcd's heartbeat). */
  tickMs?: number;
  /** snapshotEvery is each member's --snapshot-count (default 40, small to exercise MsgSnap). */
  snapshotEvery?: number;
  /** deadlineTicks is each client op's deadline (default 30 ticks = 3 s). */
  deadlineTicks?: number;
  /** clientRate is the per-tick chance an idle client starts an op (default 0.3). */
  clientRate?: number;
  /** rotateTicks: clients move to a fresh key set this often (default 500 ticks). */
  rotateTicks?: number;
  /** watchers: concurrent watch slots (default 3 with clients, else 0). */
  watchers?: number;
  /** lockers: processes competing for one etcd lock (default 3 with clients, else 0). */
  lockers?: number;
  /** compactRate: per-tick chance of a compaction (default 1/100 with clients). */
  compactRate?: number;
  verbose?: boolean;
  /**
   * script runs after every tick: a scripted fault schedule on top of the nemesis
   * (`world.crash(id, 'torn-commit')`, `world.restart(id)`, `world.partition(...)`).
   */
  script?: (world: SimWorld) => void;
  /** listener receives every SimEvent of the world (traces, tests). */
  listener?: SimListener;
}

/** EtcdRunResult is the summary of a run (the CLI's last stdout line in etcd mode). */
export interface EtcdRunResult extends SimResult {
  mode: 'etcd';
  clients: number;
  /** hashes: each live member's hashKV at `hashRevision` (member name -> hash). */
  hashes: Record<string, number>;
  hashRevision: number;
  opsOk: number;
  opsInfo: number;
  opsFail: number;
  /** linearizable: the checker's verdict on the history ('ok' | 'illegal' | 'unknown'). */
  linearizable: string;
  /** watches and watchEvents: how many watches and events the watch checker judged. */
  watches: number;
  watchEvents: number;
  watchViolations: number;
  /** watchReopens: watches resumed on another member after theirs crashed or cancelled them. */
  watchReopens: number;
  /** compactions: compactions the workload asked for that succeeded. */
  compactions: number;
  /** lockAcquisitions: holds the lock checker judged; lockViolations: overlaps and fencing errors. */
  lockAcquisitions: number;
  lockViolations: number;
  /** unsafeHolds: holders that believed in the lock after their lease expired (not violations). */
  unsafeHolds: number;
  /** crashPoints: crashes that landed, by crash point (nemesis.ts CrashPoint). */
  crashPoints: Partial<Record<CrashPoint, number>>;
  /** storms and slowMembers: leader-transfer storms and slow-member changes of the nemesis. */
  storms: number;
  slowMembers: number;
  /** excerpt is the checker's annotated excerpt when the history is not linearizable. */
  excerpt?: string;
}

/** EtcdRun is a finished run: the summary and the history lines. */
export interface EtcdRun {
  result: EtcdRunResult;
  /** historyLines are the history, one JSON object per line (issue 4 §4). */
  historyLines: string[];
  /** world and members are the finished world (tests inspect members' servers). */
  world: SimWorld;
  members: readonly EtcdSimMember[];
  /** workload holds the watch records, lock holds and compactions the checks judged. */
  workload: EtcdWorkload;
}

/** settle drains the microtask queue until every member is quiet for a few rounds (no timers). */
async function settle(members: readonly SimMember<Message>[]): Promise<void> {
  let calm = 0;
  for (let i = 0; i < 500; i++) {
    await Promise.resolve();
    if (members.every((m) => m.quiet?.() ?? true)) {
      if (++calm >= 3) return;
    } else {
      calm = 0;
    }
  }
}

/**
 * runEtcdSim runs `ticks` ticks of a world of full etcd members (EtcdSimMember) under a
 * nemesis, with `clients` concurrent clients recording a history. Clients stop before the
 * end; the nemesis heals before that. Then every key is read once more (so an acknowledged
 * write that was lost fails the check), members converge, and each member's hashKV is taken
 * at the same revision. ok = no raft/host violation, equal hashes, every member up and at
 * the same revision, and a linearizable history.
 */
export async function runEtcdSim(o: EtcdRunOptions, onProgress?: (w: SimWorld) => void): Promise<EtcdRun> {
  const tickMs = o.tickMs ?? 100;
  const members: EtcdSimMember[] = [];
  // members are built before the workload; lease revocations reach it once it exists
  const ref: { workload?: EtcdWorkload } = {};
  const onLeaseRevoked = (id: bigint): void => ref.workload?.lockers.onRevoked(id);
  const world = new SimWorld(
    { seed: o.seed, members: o.members, ticks: o.ticks, nemesis: o.nemesis, proposeRate: 0, snapshotEvery: o.snapshotEvery ?? 40, catchUpEntries: 10, verbose: o.verbose ?? false },
    (cfg) => {
      const m = new EtcdSimMember(cfg, { tickMs, seed: o.seed, onLeaseRevoked });
      members.push(m);
      return m;
    },
  );
  if (o.listener !== undefined) world.on(o.listener);
  world.net.neverDuplicate = (m) => m.type === 'MsgProp';
  const server = (id: number) => {
    const s = members[id - 1]?.server;
    return s !== undefined && !s.stopped ? s : undefined;
  };
  if (o.nemesis === 'crash' || o.nemesis === 'all') world.crashPoints = ETCD_CRASH_POINTS;
  world.extendedFaults = true;
  const withClients = o.clients > 0;
  const w = new EtcdWorkload(world.rand, { get now() { return world.now; }, ids: world.ids, server }, {
    clients: o.clients,
    keys: o.keys ?? 3,
    clientRate: o.clientRate ?? 0.3,
    deadlineTicks: o.deadlineTicks ?? 30,
    rotateTicks: o.rotateTicks ?? 500,
    watchers: o.watchers ?? (withClients ? 3 : 0),
    lockers: o.lockers ?? (withClients ? 3 : 0),
    compactRate: o.compactRate ?? (withClients ? 1 / 100 : 0),
    tickMs,
  });
  ref.workload = w;
  const clients = w.clients;
  const stopAt = o.ticks - Math.max(Math.ceil(o.ticks * 0.1), 25 * world.electionTick);
  const doSettle = () => settle(world.members);
  await world.settleAll(doSettle);
  const chunk = Math.max(1, Math.floor(o.ticks / 10));
  let commitAtHeal = -1;
  while (world.now < o.ticks) {
    await world.stepAsync(doSettle, (now) => w.step(now, now >= stopAt));
    if (o.script !== undefined) {
      o.script(world);
      await world.settleAll(doSettle);
    }
    if (world.now === world.nemesis.healAt) {
      commitAtHeal = commitIndex(members);
      for (const m of members) m.disarm();
    }
    if (world.now % chunk === 0) onProgress?.(world);
  }
  const writesAfterHeal = clients.history.filter((e) => e.type === 'ok' && e.f !== 'get' && e.time >= world.nemesis.healAt * tickMs).length;
  if (o.clients > 0 && stopAt > world.nemesis.healAt && writesAfterHeal === 0) {
    world.checker.fail('liveness: no client write was acknowledged after the faults healed');
  }
  await finalReads(world, w, doSettle);
  await converge(world, members, doSettle);
  world.checkLiveness();
  return finish(o, world, members, w, commitAtHeal);
}

/** commitIndex is the highest commit index any member knows. */
function commitIndex(members: readonly EtcdSimMember[]): number {
  return Math.max(0, ...members.map((m) => m.status().commit));
}

/** ETCD_CRASH_POINTS are the crash points of the crash and all nemeses in etcd mode. */
export const ETCD_CRASH_POINTS: readonly CrashPoint[] = ['now', 'after-persist', 'mid-save', 'torn-commit', 'mid-compaction', 'mid-snapshot'];

/** finalReads lets the workload finish, then reads every key ever used once, concurrently (linearizably, at the leader). */
async function finalReads(world: SimWorld, w: EtcdWorkload, doSettle: () => Promise<void>): Promise<void> {
  const clients = w.clients;
  for (let i = 0; i < 100 && w.busy(); i++) await world.stepAsync(doSettle, (now) => (clients.expire(), w.step(now, true)));
  clients.expire(true);
  if (clients.opts.clients === 0) return;
  for (let i = 0; i < 100 && world.leader() === 0; i++) await world.stepAsync(doSettle);
  for (const key of clients.keysUsed()) clients.read(world.leader() || 1, key);
  for (let i = 0; i < 100 && clients.busy(); i++) await world.stepAsync(doSettle, () => clients.expire());
  clients.expire(true);
}

/** converge ticks (at most 200) until every member is up at the same applied index and revision. */
async function converge(world: SimWorld, members: readonly EtcdSimMember[], doSettle: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ss = members.map((m) => m.status());
    if (ss.every((s) => s.up && s.applied === ss[0]!.applied && s.smHash === ss[0]!.smHash) && world.leader() !== 0) return;
    await world.stepAsync(doSettle);
  }
}

async function finish(o: EtcdRunOptions, world: SimWorld, members: readonly EtcdSimMember[], w: EtcdWorkload, commitAtHeal: number): Promise<EtcdRun> {
  const clients = w.clients;
  const base = summarize(world);
  const violations = base.violations.slice();
  const live = members.filter((m) => m.server !== undefined && !m.server.stopped);
  const hashRevision = live.length === 0 ? 0 : Math.min(...live.map((m) => m.server!.kv.rev()));
  const hashes: Record<string, number> = {};
  for (const m of live) {
    try {
      hashes[`infra${m.id}`] = (await m.server!.hashKV(hashRevision)).hash;
    } catch (e) {
      violations.push(`hashKV on member ${m.id} at ${hashRevision}: ${String(e)}`);
    }
  }
  const distinct = new Set(Object.values(hashes));
  if (distinct.size > 1) violations.push(`hashKV differs at revision ${hashRevision}: ${JSON.stringify(hashes)}`);
  const history = clients.history;
  const lin = checkKvHistory(history);
  if (!lin.ok && lin.verdict === 'illegal') violations.push(`history is not linearizable (${lin.perKey.filter((p) => p.verdict === 'illegal').map((p) => p.name).join(', ')})`);
  const checks = w.check();
  violations.push(...checks.violations);
  const crashPoints: Partial<Record<CrashPoint, number>> = {};
  for (const m of members) for (const [k, n] of Object.entries(m.landed)) crashPoints[k as CrashPoint] = (crashPoints[k as CrashPoint] ?? 0) + n;
  const commit = commitIndex(members);
  const result: EtcdRunResult = {
    ...base,
    committed: commit,
    commitIndex: commit,
    committedSinceHeal: commitAtHeal < 0 ? -1 : commit - commitAtHeal,
    ticks: world.now,
    violations,
    ok: violations.length === 0 && lin.verdict !== 'illegal',
    mode: 'etcd',
    clients: o.clients,
    hashes,
    hashRevision,
    opsOk: clients.stats.ok,
    opsInfo: clients.stats.info,
    opsFail: clients.stats.fail,
    linearizable: lin.verdict,
    watches: checks.watch.watchesChecked,
    watchEvents: checks.watch.eventsChecked,
    watchViolations: checks.watch.violations.length,
    watchReopens: w.watchers.stats.reopened,
    compactions: w.watchers.stats.compactions,
    lockAcquisitions: checks.locks.holdsChecked,
    lockViolations: checks.locks.violations.length,
    unsafeHolds: checks.locks.unsafe.length,
    crashPoints,
    storms: world.nemesis.stats.storms,
    slowMembers: world.nemesis.stats.slowMembers,
  };
  if (lin.excerpt !== undefined) result.excerpt = lin.excerpt;
  return { result, historyLines: history.map(formatHistoryLine), world, members, workload: w };
}
