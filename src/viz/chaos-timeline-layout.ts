/**
 * Pure layout of the Chaos timeline (Jepsen's timeline, drawn calmly): one lane per client,
 * each operation a bar from its call to its return, faults as shaded bands across every lane
 * with a labelled strip on top (network faults on the first row, kills and wipes on the second).
 *
 * ```
 *  faults      [ partition [infra1] | [infra2 infra3] ]      [ lossy links ]
 *              [ kill infra2 (leader) ]       [ wipe infra3 ]
 *  0s     1s     2s     3s ...
 *  client 1    ▮▮ ▮ ▮▮▮  ▮   ▮▮▮▮▬▬▬▬▬▬▬▬▬▬▬▬▬▬┄┄┄┄┄┄┄┄→   ┄→ open: outcome unknown (timed out)
 *  client 2    ▮ ▮▮ ▮  ▮▮ ▮ ▮  ▮  ▮▮ ▮
 *  final reads                                         ▮▮▮
 * ```
 */
import type { AppliedFault } from '../cluster/chaos/faults';
import type { TimelineOp } from '../cluster/chaos/verdict';

/** Geometry knobs. */
export const TIMELINE = { labelWidth: 92, right: 14, laneHeight: 14, laneGap: 5, stripRow: 18, axis: 22, minBar: 2 } as const;

/** One operation's bar. */
export interface OpBar {
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** For an operation of unknown outcome: where its open-ended tail starts and how long it is. */
  tail?: { x: number; w: number };
  /** CSS classes: `op op-put op-ok`, `op-cas-failed` for a compare that did not hold. */
  cls: string;
  /** Part of a linearizability failure: the operation that could not be placed, or one concurrent with it. */
  mark?: 'stuck' | 'concurrent';
}

/** One fault: a band across the lanes and a labelled block in the strip. */
export interface FaultBand {
  id: number;
  x: number;
  w: number;
  row: 0 | 1;
  label: string;
  kind: AppliedFault['kind'];
  failed: boolean;
}

/** The laid-out timeline. */
export interface TimelineLayout {
  width: number;
  height: number;
  /** Top of the first lane and bottom of the last (fault bands span this). */
  lanesTop: number;
  lanesBottom: number;
  lanes: { label: string; y: number; client: number }[];
  bars: OpBar[];
  faults: FaultBand[];
  ticks: { x: number; label: string }[];
  /** Cluster ms -> x. */
  scale: (t: number) => number;
}

/** Inputs of {@link layoutTimeline}. */
export interface TimelineInput {
  ops: readonly TimelineOp[];
  faults: readonly AppliedFault[];
  clients: number;
  /** Cluster ms the run started and the end of the drawn window. */
  t0: number;
  t1: number;
  width: number;
  failure?: { stuck: number; concurrent: readonly number[] };
}

/** A tick step of 1, 2 or 5 x 10^k seconds giving at most ~`max` ticks over `spanMs`. */
export function tickStepMs(spanMs: number, max: number): number {
  const raw = spanMs / Math.max(1, max);
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return Math.max(1000, m * pow);
  return Math.max(1000, 10 * pow);
}

/** Lays out the timeline. */
export function layoutTimeline(input: TimelineInput): TimelineLayout {
  const { labelWidth, right, laneHeight, laneGap, stripRow, axis, minBar } = TIMELINE;
  const { t0 } = input;
  const t1 = Math.max(input.t1, t0 + 1);
  const x0 = labelWidth;
  const x1 = Math.max(x0 + 50, input.width - right);
  const scale = (t: number): number => x0 + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * (x1 - x0);
  const lanesTop = stripRow * 2 + axis;
  const laneIndex = new Map<number, number>();
  const lanes: TimelineLayout['lanes'] = [];
  for (let c = 0; c < input.clients; c++) {
    laneIndex.set(c, lanes.length);
    lanes.push({ label: `client ${c + 1}`, y: lanesTop + lanes.length * (laneHeight + laneGap), client: c });
  }
  if (input.ops.some((o) => o.client < 0)) {
    laneIndex.set(-1, lanes.length);
    lanes.push({ label: 'final reads', y: lanesTop + lanes.length * (laneHeight + laneGap), client: -1 });
  }
  const concurrent = new Set(input.failure?.concurrent ?? []);
  const bars: OpBar[] = input.ops.flatMap((op) => {
    const lane = laneIndex.get(op.client);
    if (lane === undefined) return [];
    const x = scale(op.call);
    const end = op.ret === Infinity ? (op.gaveUpAt ?? op.call) : op.ret;
    const bar: OpBar = { id: op.id, x, y: lanes[lane]!.y, w: Math.max(minBar, scale(end) - x), h: laneHeight, cls: opClass(op) };
    if (op.ret === Infinity) bar.tail = { x: x + bar.w, w: Math.max(0, x1 - x - bar.w) };
    if (input.failure?.stuck === op.id) bar.mark = 'stuck';
    else if (concurrent.has(op.id)) bar.mark = 'concurrent';
    return [bar];
  });
  const faults: FaultBand[] = input.faults.map((f) => {
    const x = scale(f.start);
    return { id: f.id, x, w: Math.max(minBar, scale(f.end ?? t1) - x), row: f.kind === 'kill' || f.kind === 'wipe' ? 1 : 0, label: f.label, kind: f.kind, failed: f.error !== undefined };
  });
  const step = tickStepMs(t1 - t0, Math.floor((x1 - x0) / 70));
  const ticks: TimelineLayout['ticks'] = [];
  for (let t = 0; t <= t1 - t0; t += step) ticks.push({ x: scale(t0 + t), label: `${t / 1000}s` });
  const lanesBottom = lanes.length > 0 ? lanes[lanes.length - 1]!.y + laneHeight : lanesTop;
  return { width: input.width, height: lanesBottom + 8, lanesTop, lanesBottom, lanes, bars, faults, ticks, scale };
}

/** The CSS classes of an operation: its kind and its outcome. */
export function opClass(op: TimelineOp): string {
  const cas = op.f === 'cas' && op.outcome === 'ok' && op.succeeded === false ? ' op-cas-failed' : '';
  return `op op-${op.f} op-${op.outcome}${cas}`;
}

/** One line describing an operation, for the hover card and screen readers. */
export function describeOp(op: TimelineOp, t0: number): string {
  const what =
    op.f === 'put' ? `put ${op.key} = ${op.value}` : op.f === 'get' ? `get ${op.key}` : `cas ${op.key}: ${op.expect === null ? '(absent)' : op.expect} → ${op.value}`;
  const secs = (t: number): string => `${((t - t0) / 1000).toFixed(2)}s`;
  const result =
    op.outcome === 'ok'
      ? op.f === 'get'
        ? ` → ${op.value === null ? '(absent)' : op.value}`
        : op.f === 'cas'
          ? op.succeeded ? ' → swapped' : ' → compare failed'
          : ' → ok'
      : op.outcome === 'fail'
        ? ` → failed (${op.error ?? 'error'})`
        : ` → unknown: timed out (${op.error ?? 'no answer'}), may still take effect`;
  const rev = op.rev !== undefined ? ` at revision ${op.rev}` : '';
  const when = op.ret === Infinity ? `${secs(op.call)}–∞` : `${secs(op.call)}–${secs(op.ret)}`;
  return `${op.client < 0 ? 'final read' : `client ${op.client + 1}`}: ${what}${result}${rev} (${when})`;
}
