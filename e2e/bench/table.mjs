#!/usr/bin/env node
/**
 * Prints a run's results (the JSON lines of `npm run bench`, default
 * e2e/artifacts/bench/last.jsonl) as the Markdown tables of the README's "Benchmarks" section:
 * `node e2e/bench/table.mjs [file]`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ETCD } from './etcd-baseline.mjs';

const file = process.argv[2] ?? join(resolve(import.meta.dirname, '../..'), 'e2e/artifacts/bench/last.jsonl');
const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const by = new Map(rows.map((r) => [r.name, r]));
const fmt = (x) => (typeof x === 'number' ? x.toLocaleString('en-US') : '–');
const other = (r) => (r?.machine?.other_cpu_pct != null ? `${r.machine.other_cpu_pct}%` : '–');

const out = ['| workload | members | clients | etcdscope ops/s | p50 ms | p99 ms | real etcd ops/s | ratio | etcd p99 ms | other CPU |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
for (const r of rows) {
  const m = /^(put|get-lin|get-ser|put-default-links)\/m(\d+)\/c(\d+)(\/relaxed)?$/.exec(r.name);
  if (!m || r.error) continue;
  const e = m[4] ? undefined : ETCD[r.name];
  const label = { put: 'put', 'get-lin': 'get (linearizable)', 'get-ser': 'get (serializable)', 'put-default-links': 'put, page links 2-8 ms' }[m[1]] + (m[4] ? ', relaxed durability' : '');
  out.push(`| ${label} | ${m[2]} | ${m[3]} | ${fmt(r.ops_per_s)} | ${r.p50_ms} | ${r.p99_ms} | ${fmt(e?.ops_per_s)} | ${e ? (r.ops_per_s / e.ops_per_s).toFixed(2) : '–'} | ${e?.p99_ms ?? '–'} | ${other(r)} |`);
}
out.push('');
out.push('| measurement | result | other CPU |', '| --- | --- | ---: |');
const l = by.get('load-to-leader/m3');
if (l && !l.error) out.push(`| page load to elected leader, 3 members | p50 ${fmt(l.p50_ms)} ms (${l.each_ms.join(', ')}) | ${other(l)} |`);
for (const r of rows) {
  if (r.error) continue;
  if (r.name.startsWith('restart/')) out.push(`| restart of a follower holding ${fmt(r.keys)} keys until it serves a serializable read | ${fmt(r.to_serializable_read_ms)} ms (loading the keys: ${fmt(r.load.keys_per_s)} keys/s) | ${other(r)} |`);
  if (r.name.startsWith('compact/')) out.push(`| compaction of ${fmt(r.versions)} revisions (${fmt(r.revisions)} txns of 100 puts over 1,000 keys) | Compact call ${fmt(r.compact_call_ms)} ms; next put+get answered after ${fmt(r.compact_then_put_get_ms)} ms (writing them: ${fmt(Math.round(r.versions / (r.write_ms / 1000)))} puts/s in txns) | ${other(r)} |`);
  if (r.name.startsWith('frames/')) out.push(`| frame times, ${r.members} members, ${r.target_writes_per_s ? `${fmt(r.target_writes_per_s)} writes/s target (${fmt(r.writes_per_s)} done)` : 'idle'} | p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms, p99 ${r.p99_ms} ms, ${r.fps} fps, ${r.late_frames} late frames | ${other(r)} |`);
}
process.stdout.write(out.join('\n') + '\n');
