/**
 * Pure layout of the timeline scrubber: ticks map linearly onto the track's width; markers of
 * the same kind closer than a few pixels merge into one (with a count); commits become a
 * density strip of fixed-width bins; a handful of round tick numbers label the axis.
 *
 * ```
 *   ▁▁▃▁▁▁▇▅▁▁▁▁▁▂▁▁▁▁▁▁▁      commit density (bins)
 *   ◆   ★       ✕ ↻   ┊┊       markers: election, leader, kill, restart, partition/heal
 *   |----|----|----|----|      axis: round ticks
 *   200  250  300  350  400
 * ```
 */
import type { CommitCount, MarkerKind, TimelineMarker } from '../store/timeline-markers';

/** A marker as drawn. */
export interface PlacedMarker {
  x: number;
  kind: MarkerKind;
  /** Tick of the first merged marker (where a click jumps to). */
  tick: number;
  /** How many markers merged into this one. */
  count: number;
  /** Tooltip: the merged markers' lines. */
  title: string;
}

/** One bin of the commit density strip. */
export interface DensityBin {
  x: number;
  width: number;
  count: number;
  /** count relative to the busiest bin, 0..1. */
  level: number;
}

/** The laid-out timeline. */
export interface TimelineLayout {
  from: number;
  to: number;
  markers: PlacedMarker[];
  density: DensityBin[];
  axis: { x: number; tick: number }[];
}

/** Inputs of {@link layoutTimeline}. */
export interface TimelineInput {
  /** First and last tick the track covers (to >= from). */
  from: number;
  to: number;
  width: number;
  markers: readonly TimelineMarker[];
  commits: readonly CommitCount[];
  /** Same-kind markers closer than this merge (px). */
  mergePx?: number;
  /** Width of a density bin (px). */
  binPx?: number;
}

/** x of `tick` on a track of `width` covering from..to. */
export function tickToX(tick: number, from: number, to: number, width: number): number {
  if (to <= from) return width;
  return ((tick - from) / (to - from)) * width;
}

/** The tick under x (rounded, clamped to from..to). */
export function xToTick(x: number, from: number, to: number, width: number): number {
  if (to <= from || width <= 0) return to;
  return Math.min(to, Math.max(from, Math.round(from + (x / width) * (to - from))));
}

/** A round step (1, 2 or 5 times a power of ten) giving at most `max` labels over `span`. */
export function niceStep(span: number, max: number): number {
  const raw = Math.max(1, span / Math.max(1, max));
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 2, 5, 10]) if (f * p >= raw) return f * p;
  return 10 * p;
}

function placeMarkers(input: TimelineInput, mergePx: number): PlacedMarker[] {
  const out: PlacedMarker[] = [];
  const lastOfKind = new Map<MarkerKind, PlacedMarker>();
  for (const m of input.markers) {
    if (m.tick < input.from || m.tick > input.to) continue;
    const x = tickToX(m.tick, input.from, input.to, input.width);
    const prev = lastOfKind.get(m.kind);
    if (prev && x - prev.x < mergePx) {
      prev.count++;
      if (prev.count <= 4) prev.title += `\n${m.text} (tick ${m.tick})`;
      else if (prev.count === 5) prev.title += '\n…';
      continue;
    }
    const placed: PlacedMarker = { x, kind: m.kind, tick: m.tick, count: 1, title: `${m.text} (tick ${m.tick})` };
    out.push(placed);
    lastOfKind.set(m.kind, placed);
  }
  return out;
}

function densityBins(input: TimelineInput, binPx: number): DensityBin[] {
  const n = Math.max(1, Math.floor(input.width / binPx));
  const counts = new Array<number>(n).fill(0);
  for (const c of input.commits) {
    if (c.tick < input.from || c.tick > input.to) continue;
    const i = Math.min(n - 1, Math.floor((tickToX(c.tick, input.from, input.to, input.width) / input.width) * n));
    counts[i]! += c.count;
  }
  const max = Math.max(1, ...counts);
  const width = input.width / n;
  const bins: DensityBin[] = [];
  counts.forEach((count, i) => {
    if (count > 0) bins.push({ x: i * width, width, count, level: count / max });
  });
  return bins;
}

/** Lays out the timeline. */
export function layoutTimeline(input: TimelineInput): TimelineLayout {
  const { from, to, width } = input;
  const step = niceStep(to - from, Math.max(2, Math.floor(width / 90)));
  const axis: { x: number; tick: number }[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) axis.push({ x: tickToX(t, from, to, width), tick: t });
  return { from, to, markers: placeMarkers(input, input.mergePx ?? 6), density: densityBins(input, input.binPx ?? 4), axis };
}
