/**
 * The `npm run sim` entry point: runs one seeded simulated cluster and prints
 * a JSON summary as the last stdout line. Progress goes to stderr. Exit code
 * 1 on any violated invariant (with the command that replays it), 2 on a
 * usage error. This is the only file in src/sim that uses Node APIs.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { argv, exit, stderr, stdout } from 'node:process';
import { CliUsageError, parseArgs, type CliArgs } from './args';
import { runEtcdSim } from './etcd-run';
import { TRACE_DEFAULT_KINDS, formatTraceLine, type SimEvent } from './events';
import { replayCommand } from './result';
import { runSoak } from './soak';
import { SimWorld } from './world';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(argv.slice(2));
  } catch (e) {
    if (e instanceof CliUsageError) {
      stderr.write(e.message + '\n');
      return 2;
    }
    throw e;
  }
  if (args.soak !== undefined) return soak(args, args.soak);
  if (args.mode === 'etcd') return runEtcd(args);
  const world = new SimWorld({
    seed: args.seed,
    members: args.members,
    ticks: args.ticks,
    nemesis: args.nemesis,
    verbose: args.traceMessages,
  });
  const fd = args.trace === undefined ? undefined : openSync(args.trace, 'w');
  let buf: string[] = [];
  const flush = (): void => {
    if (fd !== undefined && buf.length > 0) writeSync(fd, buf.join(''));
    buf = [];
  };
  if (fd !== undefined) {
    world.on((e: SimEvent) => {
      if (!args.traceMessages && !TRACE_DEFAULT_KINDS.has(e.ev)) return;
      buf.push(formatTraceLine(e) + '\n');
      if (buf.length >= 4096) flush();
    });
  }
  const started = performance.now();
  const chunk = Math.max(1, Math.floor(args.ticks / 10));
  while (world.now < args.ticks) {
    world.run(Math.min(chunk, args.ticks - world.now));
    const r = world.result();
    stderr.write(
      `[sim] t=${world.now}/${args.ticks} leader=${r.finalLeader} term=${r.finalTerm} committed=${r.committed} ` +
        `violations=${world.checker.violationCount} (${((performance.now() - started) / 1000).toFixed(1)}s)\n`,
    );
  }
  world.checkLiveness();
  const result = world.result();
  flush();
  if (fd !== undefined) closeSync(fd);
  const elapsedMs = Math.round(performance.now() - started);
  if (!result.ok) {
    stderr.write(`[sim] ${world.checker.violationCount} violation(s); first: ${result.violations[0]}\n`);
    stderr.write(`[sim] replay: ${replayCommand(args)}\n`);
    stdout.write(`replay: ${replayCommand(args)}\n`);
  }
  stdout.write(JSON.stringify({ ...result, elapsedMs }) + '\n');
  return result.ok ? 0 : 1;
}

/**
 * runEtcd runs full etcd members with clients (etcd mode): the history goes to --history, the
 * summary (with hashes, opsOk/opsInfo/opsFail and the linearizability verdict) to stdout.
 */
async function runEtcd(args: CliArgs): Promise<number> {
  const started = performance.now();
  const fd = args.trace === undefined ? undefined : openSync(args.trace, 'w');
  const trace: string[] = [];
  const listener = (e: SimEvent): void => {
    if (args.traceMessages || TRACE_DEFAULT_KINDS.has(e.ev)) trace.push(formatTraceLine(e) + '\n');
    if (fd !== undefined && trace.length >= 4096) writeSync(fd, trace.splice(0).join(''));
  };
  const opts = fd === undefined ? args : { ...args, verbose: args.traceMessages, listener };
  const { result, historyLines } = await runEtcdSim(opts, (w) => {
    const leader = w.leader();
    stderr.write(`[sim] t=${w.now}/${args.ticks} leader=${leader} term=${leader === 0 ? 0 : w.member(leader).currentTerm()} ` +
      `crashes=${w.crashes} (${((performance.now() - started) / 1000).toFixed(1)}s)\n`);
  });
  if (fd !== undefined) {
    writeSync(fd, trace.join(''));
    closeSync(fd);
  }
  if (args.history !== undefined) {
    const fd = openSync(args.history, 'w');
    writeSync(fd, historyLines.map((l) => l + '\n').join(''));
    closeSync(fd);
  }
  const { excerpt, ...summary } = result;
  if (result.linearizable === 'unknown') stderr.write('[sim] linearizability: unknown (the checker ran out of steps on some key)\n');
  if (!result.ok) {
    if (result.violations.length > 0) stderr.write(`[sim] ${result.violations.length} violation(s); first: ${result.violations[0]}\n`);
    if (excerpt !== undefined) stderr.write(`[sim] history is not linearizable:\n${excerpt}\n`);
    stderr.write(`[sim] replay: ${replayCommand(args)}\n`);
    stdout.write(`replay: ${replayCommand(args)}\n`);
  }
  stdout.write(JSON.stringify({ ...summary, elapsedMs: Math.round(performance.now() - started) }) + '\n');
  return result.ok ? 0 : 1;
}

/**
 * soak runs seeds args.seed, args.seed + 1, ... (soak.ts) until `seeds` ran or `minutes` passed;
 * one progress line per run on stderr, then the totals and each violation's replay command.
 */
async function soak(args: CliArgs, o: { seeds: number; minutes: number }): Promise<number> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const totals = await runSoak({
    firstSeed: args.seed,
    seeds: o.seeds,
    ticks: args.ticks,
    stop: () => elapsed() >= o.minutes * 60,
    onRun: (c, r, t) => {
      stderr.write(`[soak] seed=${c.seed} ${c.nemesis} m${c.members} ${r.ok ? 'ok' : 'FAIL'} ops=${r.opsOk + r.opsInfo + r.opsFail} ` +
        `watch-events=${r.watchEvents} locks=${r.lockAcquisitions} crashes=${r.crashes} (${t.seeds} runs, ${elapsed().toFixed(0)}s)\n`);
      if (!r.ok) stderr.write(`[soak]   ${r.violations[0] ?? `linearizable: ${r.linearizable}`}\n[soak]   replay: ${replayCommand({ ...c, mode: 'etcd' })}\n`);
    },
  });
  const lines = [
    `seeds run: ${totals.seeds} (${args.seed}..${args.seed + totals.seeds - 1}, ${args.ticks} ticks each, ${elapsed().toFixed(0)} s)`,
    `operations checked: ${totals.opsChecked} (linearizability unknown on ${totals.unknownVerdicts} runs)`,
    `watches: ${totals.watches} (${totals.watchReopens} reopened on another member), watch events checked: ${totals.watchEvents}, compactions: ${totals.compactions}`,
    `lock acquisitions: ${totals.lockAcquisitions} (unsafe holders, lease expired: ${totals.unsafeHolds})`,
    `faults injected: ${Object.entries(totals.faults).sort().map(([k, n]) => `${k}=${n}`).join(' ')}`,
    `violations: ${totals.violations.length}`,
    ...totals.violations,
  ];
  stdout.write(lines.join('\n') + '\n');
  stdout.write(JSON.stringify({ ...totals, violations: totals.violations.length, elapsedMs: Math.round(elapsed() * 1000) }) + '\n');
  return totals.violations.length === 0 ? 0 : 1;
}

main().then(exit, (e: unknown) => {
  stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  exit(1);
});
