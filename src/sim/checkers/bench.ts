/**
 * Checker benchmark (not a test): `npx tsx src/sim/checkers/bench.ts`.
 * Checks synthetic linearizable histories of 10,000 operations over 10 keys
 * with 5 processes, with and without timed-out writes, under both models,
 * and prints the time each check takes. Uses performance.now(), which is
 * fine here: this script is a tool, not part of the checkers.
 */
import { checkKvHistory } from './linearizability';
import { mulberry32, syntheticHistory } from './synthetic';

interface Case {
  name: string;
  ops: number;
  infoRate: number;
  model: 'kv' | 'revision';
}

const cases: Case[] = [
  { name: '10k ops, no info, revision model', ops: 10_000, infoRate: 0, model: 'revision' },
  { name: '10k ops, no info, kv model', ops: 10_000, infoRate: 0, model: 'kv' },
  { name: '10k ops, 1% info, revision model', ops: 10_000, infoRate: 0.01, model: 'revision' },
  { name: '10k ops, 1% info, kv model', ops: 10_000, infoRate: 0.01, model: 'kv' },
  { name: '100k ops, no info, revision model', ops: 100_000, infoRate: 0, model: 'revision' },
];

for (const c of cases) {
  const times: number[] = [];
  let last = '';
  for (let seed = 1; seed <= 3; seed++) {
    const h = syntheticHistory(mulberry32(seed), { processes: 5, keys: 10, ops: c.ops, infoRate: c.infoRate, failRate: 0.02 });
    const t0 = performance.now();
    const res = checkKvHistory(h, { model: c.model });
    times.push(performance.now() - t0);
    last = `${res.verdict}, ${res.opsChecked} ops checked, ${res.steps} steps`;
    if (res.verdict !== 'ok') console.log(res.excerpt ?? res.perKey.filter((p) => p.verdict !== 'ok'));
  }
  const ms = times.map((t) => t.toFixed(0)).join(' / ');
  console.log(`${c.name.padEnd(36)} ${ms} ms (seeds 1-3)   ${last}`);
}
