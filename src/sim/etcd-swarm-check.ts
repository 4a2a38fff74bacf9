/**
 * The etcd-mode swarm's checks, shared by etcd-sim.test.ts and etcd-swarm-faults.test.ts (two
 * files so vitest runs them in parallel): one run with every guarantee asserted, and one
 * nemesis's ETCD_SWARM_SEEDS runs with what they must have exercised.
 */
import { expect } from 'vitest';
import { parseHistory, type HistoryEvent } from './checkers';
import { runEtcdSim, type EtcdRunOptions } from './etcd-run';
import { ETCD_SWARM_SEEDS, etcdSwarmCases } from './etcd-swarm';
import type { NemesisKind } from './nemesis';
import { replayCommand } from './result';

/** SWARM_TIMEOUT_MS bounds one swarm test: ~30 s on a loaded 2-core machine, so a wide margin. */
export const SWARM_TIMEOUT_MS = 300_000;

/** finalValues maps each key to the value of its last successful read (the post-run reads). */
function finalValues(history: readonly HistoryEvent[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const e of history) if (e.type === 'ok' && e.f === 'get') out.set(e.key, e.value ?? null);
  return out;
}

/** Checked is what one checked run exercised. */
export interface Checked {
  snaps: number;
  crashes: number;
  watchEvents: number;
  locks: number;
  crashPoints: Set<string>;
}

/** runChecked runs one case and asserts every guarantee; returns what it exercised (MsgSnap sent, crashes, watch events, locks). */
export async function runChecked(c: EtcdRunOptions): Promise<Checked> {
  let snaps = 0;
  const { result, historyLines } = await runEtcdSim({
    ...c,
    verbose: true,
    listener: (e) => {
      if (e.ev === 'send' && e.type === 'MsgSnap') snaps++;
    },
  });
  const replay = replayCommand({ ...c, mode: 'etcd' });
  const where = `seed=${c.seed} nemesis=${c.nemesis}\nreplay: ${replay}\n${result.violations.join('\n')}\n${result.excerpt ?? ''}`;
  expect(result.violations, where).toEqual([]);
  expect(result.linearizable, where).toBe('ok');
  expect(Object.keys(result.hashes).length, where).toBe(c.members);
  expect(new Set(Object.values(result.hashes)).size, where).toBe(1);
  expect(result.opsOk, where).toBeGreaterThan(0);
  // every final value was written by a write that may have happened (not a fail)
  const history = parseHistory(historyLines.join('\n')).events;
  const written = new Set(history.filter((e) => e.type !== 'fail' && (e.f === 'put' || e.f === 'cas') && e.type !== 'invoke').map((e) => e.value));
  for (const [key, v] of finalValues(history)) {
    if (v !== null) expect(written.has(v), `${where}\nkey ${key} holds ${v}, never written`).toBe(true);
  }
  expect(result.watchViolations, where).toBe(0);
  expect(result.lockViolations, where).toBe(0);
  expect(result.ok, where).toBe(true);
  return { snaps, crashes: result.crashes, watchEvents: result.watchEvents, locks: result.lockAcquisitions, crashPoints: new Set(Object.keys(result.crashPoints)) };
}

/** runSwarmNemesis runs every swarm case of `nemesis` and checks the workloads and faults were exercised. */
export async function runSwarmNemesis(nemesis: NemesisKind): Promise<void> {
  let snaps = 0;
  let crashes = 0;
  let watchEvents = 0;
  let locks = 0;
  const points = new Set<string>();
  for (const c of etcdSwarmCases(nemesis)) {
    const r = await runChecked(c);
    snaps += r.snaps;
    crashes += r.crashes;
    watchEvents += r.watchEvents;
    locks += r.locks;
    for (const p of r.crashPoints) points.add(p);
  }
  // every run has watchers and lockers at work
  expect(watchEvents).toBeGreaterThan(ETCD_SWARM_SEEDS * 50);
  expect(locks).toBeGreaterThan(ETCD_SWARM_SEEDS * 3);
  // the crash runs must exercise what they claim: crashes at most crash points and a lagging member caught up by MsgSnap
  if (nemesis === 'crash') {
    expect(crashes).toBeGreaterThan(ETCD_SWARM_SEEDS);
    expect(snaps).toBeGreaterThan(0);
    expect(points.size, [...points].join(' ')).toBeGreaterThanOrEqual(4);
  }
}
