/**
 * The soak: many seeded etcd-mode runs (full members, KV clients, watchers, lockers, every
 * nemesis, 3 and 5 members) with totals of what was checked and injected. `npm run sim --
 * --soak [--seeds N] [--minutes M] [--ticks T] [--first-seed S]` runs it (cli.ts); tests run
 * small ones. Each violation carries the command that replays its run.
 */
import { runEtcdSim, type EtcdRunOptions, type EtcdRunResult } from './etcd-run';
import type { NemesisKind } from './nemesis';
import { replayCommand } from './result';

/** SOAK_NEMESES are the nemeses a soak cycles through (membership is raft mode only). */
export const SOAK_NEMESES: readonly NemesisKind[] = ['none', 'partition', 'crash', 'all'];

/** soakCase is the run of soak seed `seed`: nemesis and member count cycle with the seed. */
export function soakCase(seed: number, ticks: number, clients = 5): EtcdRunOptions {
  const nemesis = SOAK_NEMESES[seed % SOAK_NEMESES.length]!;
  const members = Math.floor(seed / SOAK_NEMESES.length) % 2 === 0 ? 3 : 5;
  return { seed, members, ticks, nemesis, clients };
}

/** SoakTotals add up what a soak checked and injected. */
export interface SoakTotals {
  seeds: number;
  ticks: number;
  /** opsChecked: completed client operations the linearizability checker judged. */
  opsChecked: number;
  watches: number;
  watchEvents: number;
  /** watchReopens: watches resumed on another member after a crash or a server-side cancel. */
  watchReopens: number;
  lockAcquisitions: number;
  unsafeHolds: number;
  compactions: number;
  /** faults by kind: crashes by crash point, restarts, partitions, transfers, network changes, MsgSnap installs. */
  faults: Record<string, number>;
  unknownVerdicts: number;
  /** violations: one line per failed run, with its replay command. */
  violations: string[];
}

/** emptyTotals returns zeroed SoakTotals. */
export function emptyTotals(): SoakTotals {
  return { seeds: 0, ticks: 0, opsChecked: 0, watches: 0, watchEvents: 0, watchReopens: 0, lockAcquisitions: 0, unsafeHolds: 0, compactions: 0, faults: {}, unknownVerdicts: 0, violations: [] };
}

function add(faults: Record<string, number>, k: string, n: number): void {
  if (n > 0) faults[k] = (faults[k] ?? 0) + n;
}

/** addRun adds one run's result to the totals. */
export function addRun(t: SoakTotals, c: EtcdRunOptions, r: EtcdRunResult): void {
  t.seeds++;
  t.ticks += r.ticks;
  t.opsChecked += r.opsOk + r.opsInfo + r.opsFail;
  t.watches += r.watches;
  t.watchEvents += r.watchEvents;
  t.watchReopens += r.watchReopens;
  t.lockAcquisitions += r.lockAcquisitions;
  t.unsafeHolds += r.unsafeHolds;
  t.compactions += r.compactions;
  for (const [k, n] of Object.entries(r.crashPoints)) add(t.faults, `crash:${k}`, n);
  add(t.faults, 'crash', r.crashes);
  add(t.faults, 'restart', r.restarts);
  add(t.faults, 'partition', r.partitions);
  add(t.faults, 'leader-transfer', r.transfers);
  add(t.faults, 'transfer-storm', r.storms);
  add(t.faults, 'slow-member', r.slowMembers);
  add(t.faults, 'network-change', r.networkChanges);
  add(t.faults, 'dropped-messages', r.messagesDropped);
  add(t.faults, 'duplicated-messages', r.messagesDuplicated);
  if (r.linearizable === 'unknown') t.unknownVerdicts++;
  if (!r.ok) {
    const why = r.violations[0] ?? `history is ${r.linearizable}`;
    t.violations.push(`seed=${c.seed} ${c.nemesis} m${c.members}: ${why}\n  replay: ${replayCommand({ ...c, mode: 'etcd' })}`);
  }
}

/** SoakOptions bound a soak: it stops after `seeds` runs or when `stop()` says so. */
export interface SoakOptions {
  firstSeed: number;
  seeds: number;
  ticks: number;
  stop?: () => boolean;
  onRun?: (c: EtcdRunOptions, r: EtcdRunResult, t: SoakTotals) => void;
}

/** runSoak runs seeds firstSeed, firstSeed + 1, ... and returns the totals. */
export async function runSoak(o: SoakOptions): Promise<SoakTotals> {
  const t = emptyTotals();
  for (let i = 0; i < o.seeds && !(o.stop?.() ?? false); i++) {
    const c = soakCase(o.firstSeed + i, o.ticks);
    const { result } = await runEtcdSim(c);
    addRun(t, c, result);
    o.onRun?.(c, result, t);
  }
  return t;
}
