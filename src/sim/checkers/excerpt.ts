/**
 * The annotated history excerpt printed when a partition is not
 * linearizable: the tail of the longest partial linearization the search
 * found, the operation that could not be placed after it (and why), the
 * operations concurrent with it, and an ASCII timeline of just those:
 *
 *   timeline t=100..600 (# = interval, > = open until +infinity)
 *    1  p1 put k1 "v1" -> ok   |#######                      |
 *    2  p2 put k1 "v2" -> ok   |          #######            |
 *   !!  p3 get k1 -> "v1"      |                      #######|
 */
import type { Operation } from './history';
import type { Model, Refuted } from './model';
import type { SearchResult } from './search';

/** How many operations of the partial linearization the excerpt shows. */
const TAIL = 4;
/** How many concurrent operations the excerpt shows at most. */
const MAX_CONCURRENT = 8;
/** Width of the timeline bars, in characters. */
const WIDTH = 48;

/** FailureDetail names the operations of a failure by their global ids. */
export interface FailureDetail {
  /** Ids of the longest partial linearization, in order. */
  partial: number[];
  /** Id of the operation that could not be linearized after `partial`. */
  stuck: number;
  /** The model state after `partial`. */
  state: string;
  /** Why the stuck operation does not fit. */
  reason: string;
  /** Ids of the operations whose interval overlaps the stuck one's. */
  concurrent: number[];
}

function span<I, O>(op: Operation<I, O>): string {
  return `[${op.call}..${op.return === Infinity ? 'inf' : op.return}]`;
}

/** failureDetail extracts the failure of an illegal search over `ops`. */
export function failureDetail<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly Operation<I, O>[],
  res: SearchResult<S>,
): FailureDetail {
  const stuckOp = ops[res.stuck ?? 0]!;
  const state = res.longestStates.length > 0 ? res.longestStates[res.longestStates.length - 1]! : model.init();
  const [fits] = model.step(state, stuckOp.input, stuckOp.output);
  const reason = fits
    ? 'it fits here, but no order of it and the operations concurrent with it explains the rest'
    : (model.explain?.(state, stuckOp.input, stuckOp.output) ?? 'the model rejects it in this state');
  const inPartial = new Set(res.longest);
  const concurrent = ops
    .map((op, i) => ({ op, i }))
    .filter(({ op, i }) => i !== res.stuck && !inPartial.has(i) && op.call <= stuckOp.return && stuckOp.call <= op.return)
    .map(({ op }) => op.id);
  return {
    partial: res.longest.map((i) => ops[i]!.id),
    stuck: stuckOp.id,
    state: model.describeState(state),
    reason,
    concurrent,
  };
}

/** renderExcerpt prints a failure as readable text with a timeline. */
export function renderExcerpt<S, I, O>(
  model: Model<S, I, O>,
  name: string,
  ops: readonly Operation<I, O>[],
  res: SearchResult<S>,
  detail: FailureDetail,
): string {
  const byId = new Map(ops.map((op) => [op.id, op]));
  const describe = (id: number): string => {
    const op = byId.get(id)!;
    return `p${op.process} ${model.describeOperation(op.input, op.output)}`;
  };
  const lines: string[] = [`not linearizable: ${name} (${ops.length} ops, ${res.steps} steps)`];
  const tailFrom = Math.max(0, detail.partial.length - TAIL);
  lines.push(`longest linearization found: ${detail.partial.length} of ${ops.length} ops` +
    (tailFrom > 0 ? `, last ${TAIL} shown` : ''));
  detail.partial.slice(tailFrom).forEach((id, k) => {
    const after = model.describeState(res.longestStates[tailFrom + k]!);
    lines.push(`  ${tailFrom + k + 1}. ${describe(id)}  ${span(byId.get(id)!)}  => ${after}`);
  });
  if (detail.partial.length === 0) lines.push('  (none: not even the first operation fits)');
  lines.push(`cannot linearize next, in state ${detail.state}:`);
  lines.push(`  !! ${describe(detail.stuck)}  ${span(byId.get(detail.stuck)!)}`);
  lines.push(`     ${detail.reason}`);
  const shown = detail.concurrent.slice(0, MAX_CONCURRENT);
  lines.push(shown.length === 0 ? 'concurrent with it: none' : 'concurrent with it, not yet linearized:');
  for (const id of shown) lines.push(`  ~  ${describe(id)}  ${span(byId.get(id)!)}`);
  if (detail.concurrent.length > shown.length) lines.push(`  ... ${detail.concurrent.length - shown.length} more`);
  const rows: Array<{ mark: string; id: number }> = [
    ...detail.partial.slice(tailFrom).map((id, k) => ({ mark: String(tailFrom + k + 1), id })),
    { mark: '!!', id: detail.stuck },
    ...shown.map((id) => ({ mark: '~', id })),
  ];
  lines.push(...renderTimeline(rows.map((r) => ({ mark: r.mark, label: describe(r.id), op: byId.get(r.id)! }))));
  return lines.join('\n');
}

/** refutationDetail turns a Model.refute proof into a FailureDetail. */
export function refutationDetail<I, O>(ops: readonly Operation<I, O>[], ref: Refuted): FailureDetail {
  const stuck = ops.find((op) => op.id === ref.stuck)!;
  const shown = new Set([ref.stuck, ...ref.witnesses]);
  const concurrent = ops
    .filter((op) => !shown.has(op.id) && op.call <= stuck.return && stuck.call <= op.return)
    .map((op) => op.id);
  return { partial: ref.witnesses, stuck: ref.stuck, state: '(refuted without search)', reason: ref.reason, concurrent };
}

/** renderRefutation prints a refuted partition like renderExcerpt does a searched one. */
export function renderRefutation<S, I, O>(
  model: Model<S, I, O>,
  name: string,
  ops: readonly Operation<I, O>[],
  detail: FailureDetail,
): string {
  const byId = new Map(ops.map((op) => [op.id, op]));
  const describe = (id: number): string => `p${byId.get(id)!.process} ${model.describeOperation(byId.get(id)!.input, byId.get(id)!.output)}`;
  const lines = [`not linearizable: ${name} (${ops.length} ops, refuted without search)`];
  lines.push('these operations are ordered by real time in every linearization:');
  detail.partial.forEach((id, k) => lines.push(`  w${k + 1} ${describe(id)}  ${span(byId.get(id)!)}`));
  lines.push(`  !! ${describe(detail.stuck)}  ${span(byId.get(detail.stuck)!)}`);
  lines.push(`     ${detail.reason}`);
  const shown = detail.concurrent.slice(0, MAX_CONCURRENT);
  lines.push(shown.length === 0 ? 'concurrent with it: none' : 'concurrent with it:');
  for (const id of shown) lines.push(`  ~  ${describe(id)}  ${span(byId.get(id)!)}`);
  if (detail.concurrent.length > shown.length) lines.push(`  ... ${detail.concurrent.length - shown.length} more`);
  const rows = [
    ...detail.partial.map((id, k) => ({ mark: `w${k + 1}`, id })),
    { mark: '!!', id: detail.stuck },
    ...shown.map((id) => ({ mark: '~', id })),
  ];
  lines.push(...renderTimeline(rows.map((r) => ({ mark: r.mark, label: describe(r.id), op: byId.get(r.id)! }))));
  return lines.join('\n');
}

/** TimelineRow is one operation drawn as a bar. */
export interface TimelineRow<I, O> {
  mark: string;
  label: string;
  op: Operation<I, O>;
}

/** renderTimeline draws operations as bars on one time axis, sorted by call time. */
export function renderTimeline<I, O>(rows: TimelineRow<I, O>[]): string[] {
  const sorted = [...rows].sort((a, b) => a.op.call - b.op.call || a.op.return - b.op.return);
  const t0 = Math.min(...sorted.map((r) => r.op.call));
  const finite = sorted.flatMap((r) => (r.op.return === Infinity ? [r.op.call] : [r.op.return]));
  const t1 = Math.max(t0 + 1, ...finite);
  const col = (t: number): number => Math.min(WIDTH - 1, Math.round(((t - t0) / (t1 - t0)) * (WIDTH - 1)));
  const labelWidth = Math.min(44, Math.max(...sorted.map((r) => r.label.length)));
  const out = [`timeline t=${t0}..${t1} (# = interval, > = open until +infinity)`];
  for (const r of sorted) {
    const bar = new Array<string>(WIDTH).fill(' ');
    const a = col(r.op.call);
    const b = r.op.return === Infinity ? WIDTH - 1 : col(r.op.return);
    for (let c = a; c <= b; c++) bar[c] = '#';
    if (r.op.return === Infinity) bar[WIDTH - 1] = '>';
    const label = r.label.length > labelWidth ? r.label.slice(0, labelWidth - 1) + '~' : r.label.padEnd(labelWidth);
    out.push(`${r.mark.padStart(3)}  ${label} |${bar.join('')}|`);
  }
  return out;
}
