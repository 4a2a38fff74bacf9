/**
 * Checker benchmark (not a test): `npx tsx src/sim/checkers/bench.ts`.
 * Synthetic histories of 10,000 operations over 10 keys with 5 processes:
 * linearizable ones (with and without timed-out writes, both models), and
 * the same with one read corrupted (stale value, or absent) to time the
 * failure path. Uses performance.now(), which is fine here: this script is
 * a tool, not part of the checkers.
 */
import type { HistoryEvent } from './history';
import { checkKvHistory } from './linearizability';
import { mulberry32, syntheticHistory } from './synthetic';

interface Case {
  name: string;
  ops: number;
  infoRate: number;
  model: 'kv' | 'revision';
  corrupt?: 'stale' | 'absent';
}

const cases: Case[] = [
  { name: '10k ops, no info, revision model', ops: 10_000, infoRate: 0, model: 'revision' },
  { name: '10k ops, no info, kv model', ops: 10_000, infoRate: 0, model: 'kv' },
  { name: '10k ops, 5% info, revision model', ops: 10_000, infoRate: 0.05, model: 'revision' },
  { name: '10k ops, 5% info, kv model', ops: 10_000, infoRate: 0.05, model: 'kv' },
  { name: '10k ops, 1% info, stale read', ops: 10_000, infoRate: 0.01, model: 'revision', corrupt: 'stale' },
  { name: '10k ops, 1% info, absent read', ops: 10_000, infoRate: 0.01, model: 'revision', corrupt: 'absent' },
  { name: '100k ops, no info, revision model', ops: 100_000, infoRate: 0, model: 'revision' },
];

/** corruptRead makes the middle read return an overwritten value, or absent. */
function corruptRead(h: HistoryEvent[], how: 'stale' | 'absent'): HistoryEvent[] {
  const reads = h.filter((e) => e.type === 'ok' && e.f === 'get' && e.value !== null);
  const victim = reads[Math.floor(reads.length / 2)]!;
  let stale: string | null = null;
  for (let i = h.indexOf(victim), seen = 0; i >= 0 && stale === null; i--) {
    const e = h[i]!;
    if (e.type === 'ok' && e.f === 'put' && e.key === victim.key && e.value !== victim.value && ++seen === 3) stale = e.value!;
  }
  return h.map((e) => (e === victim ? { ...e, value: how === 'absent' ? null : stale } : e));
}

for (const c of cases) {
  const times: number[] = [];
  let last = '';
  for (let seed = 1; seed <= 3; seed++) {
    let h = syntheticHistory(mulberry32(seed), { processes: 5, keys: 10, ops: c.ops, infoRate: c.infoRate, failRate: 0.02 });
    if (c.corrupt !== undefined) h = corruptRead(h, c.corrupt);
    const t0 = performance.now();
    const res = checkKvHistory(h, { model: c.model });
    times.push(performance.now() - t0);
    last = `${res.verdict}, ${res.opsChecked} ops checked, ${res.steps} steps, ${res.pruned} pruned`;
  }
  const ms = times.map((t) => t.toFixed(0)).join(' / ');
  console.log(`${c.name.padEnd(36)} ${ms} ms (seeds 1-3)   last: ${last}`);
}
