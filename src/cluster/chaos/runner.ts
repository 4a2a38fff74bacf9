/**
 * runChaos: the page's Chaos control. A nemesis (src/sim/chaos-schedule.ts) breaks the live
 * WorkerCluster while K clients run a put / get / compare-and-swap workload and watchers follow
 * the run's keys; then the faults heal, the cluster gets a quiet window, every member is
 * checked, and the checkers (src/sim/checkers) judge the history:
 *
 * ```
 *  plan ─► clients + watchers ─► faults on schedule ─► heal-all ─► quiet ─► stop clients
 *       ─► converge ─► final reads (every key, every member, in the history)
 *       ─► acknowledged writes read back at their revision on every member + hashKV
 *       ─► linearizability (per key, sliced) + revision order + watch guarantees ─► verdict
 * ```
 * Time is the cluster's (ms); the speed control stretches the run like everything else.
 */
import { CHAOS_FAULT_KINDS, planChaos, type ChaosFaultKind } from '../../sim/chaos-schedule';
import { SimRand } from '../../sim/prng';
import type { WorkerCluster } from '../cluster';
import { WorkerClusterClient } from '../client';
import { checkChaosRun, WATCH_GUARANTEES } from './check';
import { FaultExecutor, type AppliedFault } from './faults';
import { checkLostWrites, waitConverged } from './final-checks';
import { FINAL_READ_PROCESS, timelineOps, type ChaosVerdict } from './verdict';
import { ChaosWatcher } from './watches';
import { ChaosWorkload, type WorkloadStats } from './workload';

/** Options of a chaos run (window.etcdscope.chaos). */
export interface ChaosOptions {
  /** Length of the run in seconds of cluster time, quiet window included (default 20). */
  seconds?: number;
  /** Concurrent clients (default 8). */
  clients?: number;
  /** Fault families (default all of them; [] for a run without faults). */
  faults?: readonly ChaosFaultKind[];
  /** Seed of the schedule and the workload (default 1). */
  seed?: number;
  /** Ends the faults early (the checks still run). */
  signal?: AbortSignal;
  onProgress?: (p: ChaosProgress) => void;
}

/** What the page shows while a run goes on. */
export interface ChaosProgress {
  phase: 'running' | 'healing' | 'checking';
  /** Cluster ms the run started at (fault times are on the same clock). */
  startedAt: number;
  elapsedMs: number;
  durationMs: number;
  ops: WorkloadStats;
  faults: readonly AppliedFault[];
}

/** Runs one chaos run against `cluster` and resolves the verdict. */
export async function runChaos(cluster: WorkerCluster, opts: ChaosOptions = {}): Promise<ChaosVerdict> {
  const wall0 = performance.now();
  const seed = opts.seed ?? 1;
  const clients = Math.max(1, Math.min(32, Math.round(opts.clients ?? 8)));
  const durationMs = Math.max(5, Math.min(600, opts.seconds ?? 20)) * 1000;
  const faultKinds = [...(opts.faults ?? CHAOS_FAULT_KINDS)];
  const rand = new SimRand(seed);
  const members = cluster.handles.map((h) => h.name);
  const schedule = planChaos(rand, { members, durationMs, faults: faultKinds });
  const client = new WorkerClusterClient(cluster);
  await cluster.waitForLeader(15_000);
  const startedAt = cluster.now();
  const prefix = `chaos/${seed}-${Math.round(startedAt).toString(36)}/`;
  const startRev = (await client.range({ key: new TextEncoder().encode(prefix) }, { timeoutMs: 5000 })).header.revision;
  const workload = new ChaosWorkload(cluster, client, rand, { clients, keys: 3, prefix, rotateMs: 4000, timeoutMs: 1500 });
  const watchers = [0, 1].map((i) => new ChaosWatcher(cluster, client, `watch${i + 1}`, prefix, i));
  let phase: ChaosProgress['phase'] = 'running';
  const executor = new FaultExecutor(cluster, rand, () => report(), (name) => workload.writeInFlight(cluster.member(name).slot.clientURLs[0]!));
  const report = (): void => opts.onProgress?.({ phase, startedAt, elapsedMs: cluster.now() - startedAt, durationMs, ops: { ...workload.stats }, faults: executor.log });
  const ticker = setInterval(report, 250);
  let stopped = false;
  try {
    workload.start();
    for (const w of watchers) w.start(startRev + 1);
    for (const step of schedule.steps) {
      stopped ||= await sleepUntil(cluster, startedAt + step.at, opts.signal);
      if (stopped && step.op !== 'heal-all') continue;
      if (step.op === 'heal-all') phase = 'healing';
      await executor.step(step);
      report();
    }
    const healedAt = cluster.now();
    if (!stopped) await sleepUntil(cluster, startedAt + durationMs, opts.signal);
    await workload.stop();
    phase = 'checking';
    report();
    const unavailable = await waitConverged(cluster, client, 20_000);
    const lastWrite = Math.max(startRev, ...workload.history.filter((e) => e.type === 'ok' && (e.f === 'put' || e.succeeded === true)).map((e) => e.rev ?? 0));
    for (const w of watchers) await waitWatcher(cluster, w, lastWrite);
    await Promise.all(watchers.map((w) => w.stop()));
    const finals = workload.keysUsed.flatMap((key, i) => cluster.handles.map((h, j) => workload.run(FINAL_READ_PROCESS + i * 16 + j, 'get', key, [h.slot.clientURLs[0]!])));
    await Promise.all(finals);
    const lost = await checkLostWrites(cluster, client, workload.history, unavailable);
    const checked = await checkChaosRun(workload.history, watchers.flatMap((w) => w.records), () => performance.now());
    const timeline = timelineOps(workload.history, clients);
    const verdict: ChaosVerdict = {
      seed, members, clients, faultKinds, durationMs, startedAt, healedAt, stopped, wallMs: 0,
      linearizable: checked.linearizable,
      watch: {
        ok: checked.watch.ok,
        guarantees: Object.fromEntries(WATCH_GUARANTEES.map((g) => [g, checked.watch.violations.some((v) => v.guarantee === g) ? 'violated' : 'ok'])),
        watches: checked.watch.watchesChecked,
        events: checked.watch.eventsChecked,
        violations: checked.watch.violations.slice(0, 20).map((v) => `${v.watch} ${v.guarantee}@${v.revision}: ${v.message}`),
      },
      lostWrites: lost,
      liveness: { okAfterHeal: timeline.filter((o) => o.outcome === 'ok' && o.call >= healedAt && o.client >= 0).length },
      ops: { total: timeline.length, ok: timeline.filter((o) => o.outcome === 'ok').length, fail: timeline.filter((o) => o.outcome === 'fail').length, info: timeline.filter((o) => o.outcome === 'info').length },
      faults: executor.log,
      timeline,
      revisionOrder: checked.revisionOrder,
      check: { ms: Math.round(checked.checkMs), longestSliceMs: Math.round(checked.longestSliceMs), steps: checked.lin.steps, opsChecked: checked.lin.opsChecked },
    };
    if (checked.lin.excerpt !== undefined) verdict.excerpt = checked.lin.excerpt;
    if (checked.failure) verdict.failure = mapFailure(checked, timeline);
    verdict.wallMs = Math.round(performance.now() - wall0);
    return verdict;
  } finally {
    clearInterval(ticker);
    await executor.settle();
  }
}

/** Maps the checker's operation ids onto timeline ids (same process, same call time). */
function mapFailure(checked: Awaited<ReturnType<typeof checkChaosRun>>, timeline: ChaosVerdict['timeline']): ChaosVerdict['failure'] {
  const f = checked.failure!;
  const find = (id: number): number => {
    const op = checked.operations[id];
    return op === undefined ? -1 : (timeline.find((t) => t.process === op.process && t.call === op.call)?.id ?? -1);
  };
  return { key: f.key, stuck: find(f.stuck), concurrent: f.concurrent.map(find).filter((x) => x >= 0), reason: f.reason };
}

/** Sleeps until cluster time `at`; resolves true at once if (or when) the signal aborts. */
function sleepUntil(cluster: WorkerCluster, at: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      cancel();
      resolve(true);
    };
    const cancel = cluster.after(Math.max(0, at - cluster.now()), () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Gives a watcher up to 3 s of cluster time to deliver the run's last acknowledged write. */
async function waitWatcher(cluster: WorkerCluster, w: ChaosWatcher, target: number): Promise<void> {
  const until = cluster.now() + 3000;
  while (cluster.now() < until && w.lastRevision() < target) await cluster.sleep(50);
}
