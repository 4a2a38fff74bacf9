/**
 * The checks at the end of a chaos run, in small slices so the page stays responsive: the
 * linearizability search runs one key at a time (P-compositionality: the history is
 * linearizable iff every key's is) with a yield to the event loop between keys, then etcd's
 * cross-key revision order and the watch guarantees, over the same operations.
 */
import {
  buildOperations, checkKvOperations, checkRevisionOrder, checkWatches, partitionByKey, writesFromOperations,
  type HistoryEvent, type KvOperation, type LinearizabilityResult, type WatchCheckResult, type WatchGuarantee, type WatchRecord,
} from '../../sim/checkers';

/** The guarantees the watch checker judges, in the order the page lists them. */
export const WATCH_GUARANTEES: readonly WatchGuarantee[] = ['ordered', 'unique', 'atomic', 'reliable', 'resumable', 'filter', 'match', 'bookmarkable', 'prevKv'];

/** What the checkers found. */
export interface CheckOutcome {
  operations: KvOperation[];
  linearizable: 'ok' | 'violation' | 'unknown';
  lin: Pick<LinearizabilityResult, 'steps' | 'opsChecked' | 'excerpt' | 'pruned'>;
  /** Key whose history is not linearizable, and the op ids of the failure (stuck op first). */
  failure?: { key: string; stuck: number; concurrent: number[]; reason: string };
  revisionOrder: string[];
  watch: WatchCheckResult;
  /** Wall-clock ms the checks took, and the longest slice the page was blocked for. */
  checkMs: number;
  longestSliceMs: number;
  indeterminate: number;
  failed: number;
}

/** Yields to the event loop (a macrotask), so input and rendering can run between slices. */
const yieldToPage = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/**
 * Checks a run's history and watches. `clock` is a wall clock (performance.now) used only to
 * report how long the checks took.
 */
export async function checkChaosRun(history: readonly HistoryEvent[], watches: readonly WatchRecord[], clock: () => number): Promise<CheckOutcome> {
  const t0 = clock();
  let longest = 0;
  const slice = async <T>(fn: () => T): Promise<T> => {
    const s = clock();
    const out = fn();
    longest = Math.max(longest, clock() - s);
    await yieldToPage();
    return out;
  };
  const built = await slice(() => buildOperations(history));
  const results: LinearizabilityResult[] = [];
  const parts = partitionByKey(built.operations);
  for (const part of parts) results.push(await slice(() => checkKvOperations(part.ops, { stopOnFailure: true })));
  const order = await slice(() => checkRevisionOrder(built.operations));
  const watch = await slice(() => {
    const { writes, indeterminate } = writesFromOperations(built.operations);
    return checkWatches({ writes, indeterminate, watches });
  });
  const illegal = results.findIndex((r) => r.verdict === 'illegal');
  const unknown = results.some((r) => r.verdict === 'unknown');
  const out: CheckOutcome = {
    operations: built.operations,
    linearizable: illegal >= 0 || order.length > 0 ? 'violation' : unknown ? 'unknown' : 'ok',
    lin: {
      steps: results.reduce((n, r) => n + r.steps, 0),
      opsChecked: results.reduce((n, r) => n + r.opsChecked, 0),
      pruned: results.reduce((n, r) => n + (r.pruned ?? 0), 0),
    },
    revisionOrder: order.map((v) => `${v.kind}: ${v.message}`),
    watch,
    checkMs: clock() - t0,
    longestSliceMs: longest,
    indeterminate: built.indeterminate,
    failed: built.failed,
  };
  if (illegal >= 0) {
    const r = results[illegal]!;
    const p = r.perKey.find((x) => x.verdict === 'illegal')!;
    if (r.excerpt !== undefined) out.lin.excerpt = r.excerpt;
    if (p.failure) out.failure = { key: p.name, stuck: p.failure.stuck, concurrent: p.failure.concurrent, reason: p.failure.reason };
  }
  return out;
}
