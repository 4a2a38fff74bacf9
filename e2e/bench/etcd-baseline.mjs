/**
 * Real etcd's figures on this 2-core machine (issue 8: etcd 3.4.23, Debian `etcd-server`,
 * members on 127.0.0.1, default settings, 256-byte values, the npm `etcd3` client), and the
 * issue's targets. `summarize` compares a run's results with both.
 */

/** ops/s (and p99 where the issue gives it) by workload name. */
export const ETCD = {
  'put/m3/c1': { ops_per_s: 939, p99_ms: 2.9, p50_ms: 1.0 },
  'put/m3/c16': { ops_per_s: 3732, p99_ms: 12.7 },
  'put/m3/c128': { ops_per_s: 6227, p99_ms: 45 },
  'put/m1/c1': { ops_per_s: 1871 },
  'put/m1/c16': { ops_per_s: 6495 },
  'put/m1/c128': { ops_per_s: 9198 },
  'get-lin/m3/c1': { ops_per_s: 1665 },
  'get-lin/m3/c16': { ops_per_s: 5741 },
  'get-lin/m3/c128': { ops_per_s: 7800 },
};

const r2 = (x) => Math.round(x * 100) / 100;

/** The targets, each `{target, met, measured}` (met is null when not measured). */
function targets(by) {
  const v = (name, field) => by.get(name)?.[field];
  const check = (target, measured, ok) => ({ target, measured: measured ?? null, met: measured === undefined || measured === null || Number.isNaN(measured) ? null : ok(measured) });
  const put1m = Math.max(...['put/m1/c1', 'put/m1/c16', 'put/m1/c128'].map((n) => v(n, 'ops_per_s') ?? -Infinity));
  const restart = [...by.values()].find((r) => r.name.startsWith('restart/'));
  const frames = [...by.values()].find((r) => r.name.startsWith('frames/') && !r.name.endsWith('/idle') && !r.error);
  return {
    put_m3_c128_ops: check('>= 12,500 puts/s (2x etcd), 3 members, 128 clients', v('put/m3/c128', 'ops_per_s'), (x) => x >= 12_500),
    put_m3_c128_p99: check("p99 <= etcd's 45 ms, 3 members, 128 clients", v('put/m3/c128', 'p99_ms'), (x) => x <= 45),
    put_m3_c1_p50: check('p50 <= 1.5 ms (1.5x etcd), 3 members, 1 client', v('put/m3/c1', 'p50_ms'), (x) => x <= 1.5),
    put_m1_ops: check('>= 16,000 puts/s, 1 member (best of 1/16/128 clients)', Number.isFinite(put1m) ? put1m : undefined, (x) => x >= 16_000),
    get_lin_m3_c128_ops: check('>= 50,000 linearizable gets/s, 3 members, 128 clients', v('get-lin/m3/c128', 'ops_per_s'), (x) => x >= 50_000),
    load_to_leader: check('page load to elected leader < 1,000 ms', v('load-to-leader/m3', 'p50_ms'), (x) => x < 1000),
    // judged only at the 100,000 keys; a smaller run is reported, not judged
    restart: {
      ...check('restart with 100,000 keys serving < 1,000 ms', restart?.to_serializable_read_ms, (x) => (restart.keys >= 100_000 ? x < 1000 : null)),
      keys: restart?.keys ?? null,
      note: restart && restart.keys < 100_000 ? `not judged: measured with ${restart.keys} keys (--restart-keys 100000 for the issue's figure)` : undefined,
    },
    // rAF deltas of an idle 60 Hz page jitter around 16.67 ms (p95 16.8): 1 ms of vsync jitter is allowed
    frame_p95: { ...check('frame time p95 < 16.7 ms under write load (+1 ms vsync jitter)', frames?.p95_ms, (x) => x < 17.7), run: frames?.name ?? null },
  };
}

/** The final summary: each measured workload with etcd's figure as a ratio, and the targets. */
export function summarize(results) {
  const by = new Map(results.filter((r) => !r.error).map((r) => [r.name, r]));
  const vsEtcd = {};
  for (const [name, etcd] of Object.entries(ETCD)) {
    const r = by.get(name);
    if (!r) continue;
    vsEtcd[name] = { ops_per_s: r.ops_per_s, etcd_ops_per_s: etcd.ops_per_s, ratio: r2(r.ops_per_s / etcd.ops_per_s), p99_ms: r.p99_ms, ...(etcd.p99_ms ? { etcd_p99_ms: etcd.p99_ms } : {}) };
  }
  const t = targets(by);
  const met = Object.values(t).filter((x) => x.met === true).length;
  const missed = Object.values(t).filter((x) => x.met === false).length;
  return { name: 'summary', vs_etcd: vsEtcd, targets: t, targets_met: met, targets_missed: missed, failed_runs: results.filter((r) => r.error).map((r) => r.name) };
}
