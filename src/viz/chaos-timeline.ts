/**
 * The Chaos timeline's d3 controller (no React): draws a laid-out run (chaos-timeline-layout.ts)
 * as SVG and handles pointer and keyboard: hovering a bar, or moving with the arrow keys while
 * the chart has focus, selects an operation and reports it through `onSelect`.
 *
 * Keys (chart focused): ← → previous / next operation in time, ↑ ↓ the nearest one in the lane
 * above / below, Home / End the first / last one, Escape clears the selection.
 */
import { select, type Selection } from 'd3-selection';
import type { TimelineOp } from '../cluster/chaos/verdict';
import { describeOp, layoutTimeline, type OpBar, type TimelineInput, type TimelineLayout } from './chaos-timeline-layout';

/** Options of {@link createChaosTimeline}. */
export interface ChaosTimelineOptions {
  el: HTMLElement;
  /** Called with the selected operation (undefined when none). */
  onSelect: (op: TimelineOp | undefined) => void;
}

/** The controller. */
export interface ChaosTimeline {
  update(input: TimelineInput): void;
  /** Selects an operation by id (e.g. the one a violation is stuck on). */
  select(id: number | undefined): void;
  destroy(): void;
}

/** Creates the timeline inside `el`. */
export function createChaosTimeline({ el, onSelect }: ChaosTimelineOptions): ChaosTimeline {
  const svg = select(el).append('svg').attr('class', 'chaos-timeline').attr('tabindex', 0).attr('role', 'img');
  const bands = svg.append('g').attr('class', 'fault-bands');
  const strip = svg.append('g').attr('class', 'fault-strip');
  const axis = svg.append('g').attr('class', 'axis');
  const labels = svg.append('g').attr('class', 'lane-labels');
  const bars = svg.append('g').attr('class', 'bars');
  const cursor = svg.append('rect').attr('class', 'cursor').attr('visibility', 'hidden').attr('pointer-events', 'none');
  let layout: TimelineLayout | undefined;
  let input: TimelineInput | undefined;
  let byId = new Map<number, OpBar>();
  let order: OpBar[] = [];
  let selected: number | undefined;

  function choose(id: number | undefined): void {
    selected = id;
    const bar = id === undefined ? undefined : byId.get(id);
    if (!bar) cursor.attr('visibility', 'hidden');
    else cursor.attr('visibility', 'visible').attr('x', bar.x - 3).attr('y', bar.y - 3).attr('width', bar.w + 6).attr('height', bar.h + 6).attr('rx', 3);
    onSelect(id === undefined ? undefined : input?.ops[id]);
  }

  svg.on('pointerover', (ev: PointerEvent) => {
    const d = select(ev.target as Element).datum() as OpBar | undefined;
    if (d && typeof d === 'object' && 'cls' in d) choose(d.id);
  });
  svg.on('keydown', (ev: KeyboardEvent) => {
    if (order.length === 0) return;
    const i = selected === undefined ? -1 : order.findIndex((b) => b.id === selected);
    const cur = i >= 0 ? order[i]! : undefined;
    let next: OpBar | undefined;
    if (ev.key === 'ArrowRight') next = order[Math.min(order.length - 1, i + 1)];
    else if (ev.key === 'ArrowLeft') next = order[Math.max(0, i - 1)];
    else if (ev.key === 'Home') next = order[0];
    else if (ev.key === 'End') next = order[order.length - 1];
    else if ((ev.key === 'ArrowUp' || ev.key === 'ArrowDown') && cur && layout) next = nearestInLane(order, layout, cur, ev.key === 'ArrowUp' ? -1 : 1);
    else if (ev.key === 'Escape') return choose(undefined);
    else return;
    ev.preventDefault();
    if (next) choose(next.id);
  });

  function update(inp: TimelineInput): void {
    input = inp;
    const l = (layout = layoutTimeline(inp));
    byId = new Map(l.bars.map((b) => [b.id, b]));
    order = [...l.bars].sort((a, b) => a.x - b.x || a.y - b.y);
    svg.attr('viewBox', `0 0 ${l.width} ${l.height}`).attr('width', l.width).attr('height', l.height);
    svg.attr('aria-label', `History of ${inp.ops.length} operations by ${inp.clients} clients under ${inp.faults.length} faults. Focus and use the arrow keys to read operations one by one.`);
    drawFaults(l);
    axis.selectAll('g.tick').data(l.ticks).join((e) => {
      const g = e.append('g').attr('class', 'tick');
      g.append('line');
      g.append('text');
      return g;
    })
      .call((g) => g.select('line').attr('x1', (d) => d.x).attr('x2', (d) => d.x).attr('y1', l.lanesTop - 16).attr('y2', l.lanesBottom))
      .call((g) => g.select('text').attr('x', (d) => d.x + 3).attr('y', l.lanesTop - 6).text((d) => d.label));
    labels.selectAll('text').data(l.lanes).join('text').attr('x', 0).attr('y', (d) => d.y + 11).text((d) => d.label);
    drawBars(bars, l.bars);
    choose(selected !== undefined && byId.has(selected) ? selected : undefined);
  }

  function drawFaults(l: TimelineLayout): void {
    bands.selectAll('rect').data(l.faults).join('rect')
      .attr('class', (d) => `band band-${d.kind}${d.failed ? ' band-failed' : ''}`)
      .attr('x', (d) => d.x).attr('width', (d) => d.w).attr('y', l.lanesTop - 2).attr('height', l.lanesBottom - l.lanesTop + 4);
    const g = strip.selectAll<SVGGElement, TimelineLayout['faults'][number]>('g.fault').data(l.faults).join((e) => {
      const x = e.append('g').attr('class', 'fault');
      x.append('rect');
      x.append('text');
      x.append('title');
      return x;
    });
    g.attr('class', (d) => `fault fault-${d.kind}${d.failed ? ' band-failed' : ''}`);
    g.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.row * 18 + 1).attr('width', (d) => d.w).attr('height', 16).attr('rx', 3);
    g.select('text').attr('x', (d) => d.x + 4).attr('y', (d) => d.row * 18 + 13).text((d) => fitLabel(d.label, d.w - 8));
    g.select('title').text((d) => d.label + (d.failed ? ' (could not be applied)' : ''));
  }

  return {
    update,
    select: (id) => choose(id),
    destroy() {
      svg.remove();
    },
  };
}

/** Draws the operation bars, their open-ended tails and the failure marks. */
function drawBars(g: Selection<SVGGElement, unknown, null, undefined>, data: OpBar[]): void {
  g.selectAll<SVGRectElement, OpBar>('rect.op').data(data, (d) => String(d.id)).join('rect')
    .attr('class', (d) => `${d.cls}${d.mark ? ` mark-${d.mark}` : ''}`)
    .attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.w).attr('height', (d) => d.h).attr('rx', 1.5);
  const tails = data.filter((d) => d.tail !== undefined);
  g.selectAll<SVGLineElement, OpBar>('line.tail').data(tails, (d) => String(d.id)).join('line')
    .attr('class', 'tail').attr('pointer-events', 'none')
    .attr('x1', (d) => d.tail!.x).attr('x2', (d) => d.tail!.x + d.tail!.w).attr('y1', (d) => d.y + d.h / 2).attr('y2', (d) => d.y + d.h / 2);
}

/** The bar in the lane above/below whose start is nearest to `cur`'s. */
function nearestInLane(order: OpBar[], l: TimelineLayout, cur: OpBar, dir: -1 | 1): OpBar | undefined {
  const lane = l.lanes.findIndex((x) => x.y === cur.y);
  const target = l.lanes[lane + dir];
  if (!target) return undefined;
  let best: OpBar | undefined;
  for (const b of order) if (b.y === target.y && (!best || Math.abs(b.x - cur.x) < Math.abs(best.x - cur.x))) best = b;
  return best;
}

/** Shortens a label to about `px` pixels of 6.5 px characters. */
function fitLabel(label: string, px: number): string {
  const max = Math.floor(px / 6.5);
  if (max < 3) return '';
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

export { describeOp };
