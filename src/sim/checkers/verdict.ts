/**
 * One call for a whole run: the simulator's `--history` file or the page's
 * Chaos control hands over the client history, and optionally the watches
 * and lock holds it recorded, and gets every checker's verdict plus a short
 * summary for learners.
 */
import type { HistoryEvent } from './history';
import { buildOperations, parseHistory } from './history';
import { writesFromOperations } from './kv-truth';
import { checkKvOperations } from './linearizability';
import type { KvCheckOptions, LinearizabilityResult } from './linearizability';
import { checkLocks } from './lock-checker';
import { checkRevisionOrder } from './revision-order';
import type { RevisionViolation } from './revision-order';
import type { LeaseExpiry, LockCheckResult, LockHold } from './lock-checker';
import { checkWatches } from './watch-checker';
import type { WatchCheckResult, WatchRecord } from './watch-checker';

/** RunInput is everything a run recorded. */
export interface RunInput {
  /** The client history: the text of a history file, or its events. */
  history: string | readonly HistoryEvent[];
  /** Watches opened during the run, judged against the history's writes. */
  watches?: readonly WatchRecord[];
  /** Lock holds and lease expiries, when the workload used locks. */
  locks?: { holds: readonly LockHold[]; expiries?: readonly LeaseExpiry[] };
  options?: KvCheckOptions;
}

/** RunVerdict is every checker's result on one run. */
export interface RunVerdict {
  /** True when the history is linearizable and no watch or lock check failed. */
  ok: boolean;
  linearizability: LinearizabilityResult;
  /** Cross-key revision order (skipped, empty, with options.model 'kv'). */
  revisionOrder: RevisionViolation[];
  watches?: WatchCheckResult;
  locks?: LockCheckResult;
  /** The `hashes` trailer of the history file, when present. */
  hashes?: Record<string, unknown>;
  /** A few lines for a report or the page. */
  summary: string;
}

/** checkRun runs the linearizability, revision-order, watch and lock checkers on one run. */
export function checkRun(input: RunInput): RunVerdict {
  const parsed = typeof input.history === 'string' ? parseHistory(input.history) : { events: input.history };
  const built = buildOperations(parsed.events);
  const lin = checkKvOperations(built.operations, input.options);
  const order = input.options?.model === 'kv' ? [] : checkRevisionOrder(built.operations);
  const verdict: RunVerdict = { ok: lin.ok && order.length === 0, linearizability: lin, revisionOrder: order, summary: '' };
  if ('hashes' in parsed && parsed.hashes !== undefined) verdict.hashes = parsed.hashes;
  const lines = [
    `linearizability: ${lin.verdict} (${built.operations.length} ops over ${lin.perKey.length} keys, ` +
      `${built.indeterminate} indeterminate, ${built.failed} failed, ${lin.steps} steps)`,
  ];
  if (input.options?.model !== 'kv') {
    lines.push(`revision order: ${order.length === 0 ? 'ok' : `${order.length} violations`}`);
    for (const v of order.slice(0, 5)) lines.push(`  ${v.kind}: ${v.message}`);
  }
  if (input.watches !== undefined) {
    const { writes, indeterminate } = writesFromOperations(built.operations);
    const w = checkWatches({ writes, indeterminate, watches: input.watches });
    verdict.watches = w;
    verdict.ok &&= w.ok;
    lines.push(`watch: ${w.ok ? 'ok' : `${w.violations.length} violations`} (${w.watchesChecked} watches, ${w.eventsChecked} events)`);
    for (const v of w.violations.slice(0, 5)) lines.push(`  ${v.watch} ${v.guarantee}@${v.revision}: ${v.message}`);
  }
  if (input.locks !== undefined) {
    const l = checkLocks(input.locks.holds, input.locks.expiries);
    verdict.locks = l;
    verdict.ok &&= l.ok;
    lines.push(`locks: ${l.ok ? 'ok' : `${l.violations.length} violations`} (${l.holdsChecked} holds, ${l.unsafe.length} unsafe)`);
    for (const v of l.violations.slice(0, 5)) lines.push(`  ${v.message}`);
  }
  if (lin.excerpt !== undefined) lines.push('', lin.excerpt);
  verdict.summary = lines.join('\n');
  return verdict;
}
