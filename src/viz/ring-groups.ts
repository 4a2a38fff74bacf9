/**
 * Partition groups on the cluster ring: a tinted hull around the members of each group (only
 * when the network is split), so "who can talk to whom" reads at a glance. Links between groups
 * are drawn cut by ring-links.
 */
import type { Selection } from 'd3-selection';
import { curveCatmullRomClosed, line } from 'd3-shape';
import { groupHull, normalizeGroups, type Point } from './ring-geometry';

/** Light Okabe-Ito tints, one per group (the hull's outline carries the full colour). */
const TINTS: [string, string][] = [
  ['#0072B2', 'rgba(0, 114, 178, 0.07)'],
  ['#E69F00', 'rgba(230, 159, 0, 0.09)'],
  ['#009E73', 'rgba(0, 158, 115, 0.08)'],
  ['#CC79A7', 'rgba(204, 121, 167, 0.09)'],
  ['#56B4E9', 'rgba(86, 180, 233, 0.09)'],
];

const outline = line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveCatmullRomClosed.alpha(0.5));

/** Draws one hull per partition group (nothing when the network is whole). */
export function drawGroups(g: Selection<SVGGElement, unknown, null, undefined>, ids: number[], groups: number[][] | undefined, pos: Map<number, Point>, pad: number): void {
  const norm = normalizeGroups(ids, groups);
  const data = norm.length > 1 ? norm : [];
  g.selectAll<SVGPathElement, number[]>('path.group')
    .data(data, (d) => d.join(','))
    .join('path')
    .attr('class', 'group')
    .attr('data-testid', (_d, i) => `group-${i}`)
    .attr('d', (d) => outline(groupHull(d.map((id) => pos.get(id)!), pad)) ?? '')
    .attr('fill', (_d, i) => TINTS[i % TINTS.length]![1])
    .attr('stroke', (_d, i) => TINTS[i % TINTS.length]![0])
    .attr('stroke-opacity', 0.55)
    .attr('stroke-width', 1.5)
    .attr('stroke-dasharray', '5 4');
}
