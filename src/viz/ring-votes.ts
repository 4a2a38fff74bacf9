/**
 * Vote tallies on the cluster ring: a badge above each (pre-)candidate saying which election it
 * runs and how it stands ("vote 2/3 · 1✗"). A pre-vote badge is dashed and pink, a vote badge
 * solid and orange, matching their messages; the words say it too, so colour is never alone.
 */
import type { Selection } from 'd3-selection';
import type { MemberView } from '../store/cluster-store';
import { voteTally, type Point } from './ring-geometry';

const STYLE = {
  'pre-vote': { stroke: '#CC79A7', text: '#7a2e5a', dash: '4 3' },
  vote: { stroke: '#E69F00', text: '#7c4a00', dash: '' },
} as const;

/**
 * Draws the tally badges; `above(p)` is how far above a member at `p` its badge sits (negative:
 * below), so badges sit on the outside of the ring.
 */
export function drawVotes(g: Selection<SVGGElement, unknown, null, undefined>, members: MemberView[], pos: Map<number, Point>, above: (p: Point) => number): void {
  const data = members.flatMap((m) => {
    const t = voteTally(m.role, m.votes, m.voters, m.voteKind);
    return t && pos.has(m.id) ? [{ id: m.id, name: m.name, ...t, at: pos.get(m.id)! }] : [];
  });
  const sel = g
    .selectAll<SVGGElement, (typeof data)[number]>('g.tally')
    .data(data, (d) => String(d.id))
    .join((enter) => {
      const e = enter.append('g').attr('class', 'tally');
      e.append('rect').attr('rx', 9).attr('height', 20).attr('fill', '#ffffff').attr('stroke-width', 1.5);
      e.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').attr('font-size', 12).attr('font-weight', 700);
      return e;
    });
  sel
    .attr('data-testid', (d) => `tally-${d.name}`)
    .attr('transform', (d) => `translate(${d.at.x},${d.at.y - above(d.at)})`);
  sel.select('text').text((d) => d.text).attr('fill', (d) => STYLE[d.kind].text);
  sel.each(function (d) {
    const text = (this as SVGGElement).querySelector('text')!;
    const w = Math.max(60, (text.getComputedTextLength?.() ?? d.text.length * 7) + 16);
    const rect = (this as SVGGElement).querySelector('rect')!;
    rect.setAttribute('x', String(-w / 2));
    rect.setAttribute('y', '-10');
    rect.setAttribute('width', String(w));
    rect.setAttribute('stroke', STYLE[d.kind].stroke);
    rect.setAttribute('stroke-dasharray', STYLE[d.kind].dash);
  });
}
