/**
 * `etcdctl check perf [--load s|m|l|xl] [--prefix] [--auto-compact] [--auto-defrag]`
 * (etcdctl check.go): 60 s of rate-limited 256-byte-key / 1 KiB-value puts from many clients,
 * then a PASS/FAIL verdict on throughput, slowest request and standard deviation. The progress
 * bar is not drawn.
 */
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';
import { bytesOf } from '../format';
import { prefixEnd } from './kv-ops';

interface PerfLoad {
  limit: number;
  clients: number;
  duration: number;
}

const LOADS: Record<string, PerfLoad> = {
  s: { limit: 150, clients: 50, duration: 60 },
  m: { limit: 1000, clients: 200, duration: 60 },
  l: { limit: 8000, clients: 500, duration: 60 },
  xl: { limit: 15000, clients: 1000, duration: 60 },
};
const ALIAS: Record<string, string> = { s: 's', small: 's', m: 'm', medium: 'm', l: 'l', large: 'l', xl: 'xl', xLarge: 'xl' };

/** The key of the i-th request: prefix + varint(i) zero-padded to 256 bytes. */
function perfKey(prefix: Uint8Array, i: number): Uint8Array {
  const k = new Uint8Array(prefix.length + 256);
  k.set(prefix);
  let z = i * 2;
  let j = prefix.length;
  do {
    k[j++] = (z & 0x7f) | (z >= 0x80 ? 0x80 : 0);
    z = Math.floor(z / 128);
  } while (z > 0);
  return k;
}

/** Mean, slowest and population standard deviation of latencies in seconds. */
export function latencyStats(lat: number[]): { slowest: number; stddev: number } {
  if (lat.length === 0) return { slowest: 0, stddev: 0 };
  const mean = lat.reduce((a, b) => a + b, 0) / lat.length;
  const variance = lat.reduce((a, b) => a + (b - mean) ** 2, 0) / lat.length;
  return { slowest: Math.max(...lat), stddev: Math.sqrt(variance) };
}

/** Runs `check perf`. */
export async function runCheckPerf(ctx: CommandContext): Promise<number> {
  const model = ALIAS[ctx.flags.string('load')];
  if (!model) throw new ExitError(ExitCode.BadFeature, `unknown load option ${ctx.flags.string('load')}`);
  const cfg = LOADS[model]!;
  const prefixText = ctx.flags.string('prefix');
  const prefix = bytesOf(prefixText);
  const client = ctx.client();
  const opts = ctx.streamOpts();
  const existing = await client.range({ key: prefix, rangeEnd: prefixEnd(prefix), limit: 1 }, opts);
  if (existing.kvs.length > 0) {
    throw new ExitError(ExitCode.InvalidInput, `prefix ${JSON.stringify(prefixText)} has keys. Delete with etcdctl del --prefix ${prefixText} first`);
  }
  const value = new Uint8Array(1024);
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const inflight = new Set<Promise<void>>();
  const start = ctx.host.now();
  const total = cfg.limit * cfg.duration;
  for (let i = 0; i < total && !ctx.signal.aborted; i++) {
    const due = start + (i * 1000) / cfg.limit;
    const wait = due - ctx.host.now();
    if (wait > 0) await ctx.host.sleep(wait, ctx.signal).catch(() => undefined);
    if (ctx.signal.aborted) break;
    while (inflight.size >= cfg.clients) await Promise.race(inflight);
    const st = ctx.host.now();
    const p: Promise<void> = client
      .put({ key: perfKey(prefix, i), value }, { endpoints: ctx.global.endpoints })
      .then(
        () => void latencies.push((ctx.host.now() - st) / 1000),
        (e) => void errors.set(messageOf(e), (errors.get(messageOf(e)) ?? 0) + 1),
      )
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const elapsedS = Math.max((ctx.host.now() - start) / 1000, 1e-9);
  await cleanup(ctx, prefix);
  if (ctx.signal.aborted) return 130;
  return report(ctx, cfg, latencies, errors, elapsedS);
}

async function cleanup(ctx: CommandContext, prefix: Uint8Array): Promise<void> {
  const client = ctx.client();
  try {
    const d = await client.deleteRange({ key: prefix, rangeEnd: prefixEnd(prefix) }, { endpoints: ctx.global.endpoints, timeoutMs: 30000 });
    if (ctx.flags.bool('auto-compact')) {
      const rev = d.header.revision;
      ctx.out.out(`Compacting with revision ${rev}\n`);
      await client.compact({ revision: rev }, ctx.callOpts());
      ctx.out.out(`Compacted with revision ${rev}\n`);
    }
  } catch (e) {
    ctx.out.out(`FAIL: Cleanup failed during key deletion: ERROR(${messageOf(e)})\n`);
    return;
  }
  if (ctx.flags.bool('auto-defrag')) {
    for (const ep of ctx.global.endpoints) {
      ctx.out.out(`Defragmenting ${JSON.stringify(ep)}\n`);
      await client.defragment(ep, { timeoutMs: ctx.global.commandTimeoutMs }).catch(() => undefined);
      ctx.out.out(`Defragmented ${JSON.stringify(ep)}\n`);
    }
  }
}

function report(ctx: CommandContext, cfg: PerfLoad, latencies: number[], errors: Map<string, number>, elapsedS: number): number {
  const o = (s: string): void => ctx.out.out(s + '\n');
  let ok = true;
  if (errors.size > 0) {
    o('FAIL: too many errors');
    for (const [k, v] of errors) o(`FAIL: ERROR(${k}) -> ${v}`);
    ok = false;
  }
  const rps = latencies.length / elapsedS;
  if (rps / cfg.limit <= 0.9) {
    o(`FAIL: Throughput too low: ${Math.floor(rps) + 1} writes/s`);
    ok = false;
  } else o(`PASS: Throughput is ${Math.floor(rps) + 1} writes/s`);
  const { slowest, stddev } = latencyStats(latencies);
  if (slowest > 0.5) {
    o(`FAIL: Slowest request took too long: ${slowest.toFixed(6)}s`);
    ok = false;
  } else o(`PASS: Slowest request took ${slowest.toFixed(6)}s`);
  if (stddev > 0.1) {
    o(`FAIL: Stddev too high: ${stddev.toFixed(6)}s`);
    ok = false;
  } else o(`PASS: Stddev is ${stddev.toFixed(6)}s`);
  o(ok ? 'PASS' : 'FAIL');
  return ok ? 0 : ExitCode.Error;
}
