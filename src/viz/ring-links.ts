/**
 * The links of the cluster ring: solid when up, dashed with a red cross when cut, thinner when
 * lossy, labelled when slowed. Each link has a wide invisible hit line so it is easy to click,
 * and is focusable (Enter toggles it) for keyboard users.
 */
import type { Selection } from 'd3-selection';
import type { LinkView } from '../store/cluster-store';
import { linkSegment, type Point } from './ring-geometry';

/** A link at its current positions. */
interface DrawnLink extends LinkView {
  names: [string, string];
}

const CUT = '#D55E00';
const UP = '#c9ced6';
const SLOW = '#E69F00';
const SLOW_MS = 100;

/** Draws every link; `onToggle` is called when one is clicked or activated with Enter. */
export function drawLinks(
  g: Selection<SVGGElement, unknown, null, undefined>,
  links: LinkView[],
  pos: Map<number, Point>,
  names: Map<number, string>,
  inset: number,
  onToggle?: (a: number, b: number) => void,
  stopped: ReadonlySet<number> = new Set(),
): void {
  const data: DrawnLink[] = links.filter((l) => pos.has(l.a) && pos.has(l.b)).map((l) => ({ ...l, names: [names.get(l.a) ?? '', names.get(l.b) ?? ''] }));
  const sel = g
    .selectAll<SVGGElement, DrawnLink>('g.link')
    .data(data, (d) => `${d.a}-${d.b}`)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'link').attr('tabindex', 0).attr('role', 'button');
      e.append('line').attr('class', 'wire');
      e.append('line').attr('class', 'hit').attr('stroke', 'transparent').attr('stroke-width', 16);
      e.append('path').attr('class', 'arrow').attr('fill', '#4b5563');
      e.append('path').attr('class', 'cross').attr('stroke', CUT).attr('stroke-width', 3).attr('stroke-linecap', 'round').attr('fill', 'none');
      e.append('text').attr('class', 'link-label').attr('pointer-events', 'none').attr('text-anchor', 'middle').attr('font-size', 13).attr('font-weight', 600).attr('fill', '#7c4a00').attr('stroke', '#ffffff').attr('stroke-width', 4).attr('paint-order', 'stroke');
      return e;
    });
  sel
    .attr('data-testid', (d) => `link-${d.names[0]}-${d.names[1]}`)
    .attr('data-cut', (d) => String(d.cut))
    .attr('data-oneway', (d) => d.oneWay ?? '')
    .attr('aria-label', (d) => `link ${d.names[0]} – ${d.names[1]}: ${d.oneWay ? `one way: ${oneWayText(d)}, press Enter to restore` : d.cut ? 'cut, press Enter to restore' : 'up, press Enter to cut'}`)
    .on('click', (_e, d) => onToggle?.(d.a, d.b))
    .on('keydown', (e: KeyboardEvent, d) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onToggle?.(d.a, d.b);
      }
    });
  sel.each(function (d) {
    const s = linkSegment(pos.get(d.a)!, pos.get(d.b)!, inset);
    const g1 = this as SVGGElement;
    for (const cls of ['wire', 'hit']) {
      const line = g1.querySelector(`line.${cls}`)!;
      line.setAttribute('x1', String(s.from.x));
      line.setAttribute('y1', String(s.from.y));
      line.setAttribute('x2', String(s.to.x));
      line.setAttribute('y2', String(s.to.y));
    }
    const wire = g1.querySelector('line.wire')!;
    const slow = !d.cut && d.delayMs >= SLOW_MS;
    wire.setAttribute('stroke', d.cut ? CUT : slow ? SLOW : UP);
    // A link to a stopped member carries nothing: drawn faint.
    wire.setAttribute('stroke-opacity', stopped.has(d.a) || stopped.has(d.b) ? '0.35' : d.cut ? '0.7' : '1');
    wire.setAttribute('stroke-width', d.cut ? '2' : d.dropRate > 0 ? '1' : '2.5');
    wire.setAttribute('stroke-dasharray', d.cut ? '6 5' : d.dropRate > 0 ? '2 3' : '');
    // One-way: the cross sits near the end that no longer hears, an arrow shows what still flows.
    const deaf = d.oneWay === 'ab' ? 0.72 : d.oneWay === 'ba' ? 0.28 : 0.5;
    const c = { x: s.from.x + (s.to.x - s.from.x) * deaf, y: s.from.y + (s.to.y - s.from.y) * deaf };
    const r = 7;
    g1.querySelector('path.cross')!.setAttribute('d', d.cut ? `M ${c.x - r} ${c.y - r} L ${c.x + r} ${c.y + r} M ${c.x - r} ${c.y + r} L ${c.x + r} ${c.y - r}` : '');
    g1.querySelector('path.arrow')!.setAttribute('d', d.oneWay ? arrowPath(s, d.oneWay === 'ab' ? -1 : 1) : '');
    const label = g1.querySelector('text.link-label')!;
    const parts: string[] = [];
    if (d.oneWay) parts.push(oneWayText(d));
    if (!d.cut && d.delayMs >= SLOW_MS) parts.push(`${d.delayMs} ms`);
    if (!d.cut && d.dropRate > 0) parts.push(`${Math.round(d.dropRate * 100)}% loss`);
    label.textContent = parts.join(' · ');
    label.setAttribute('x', String(s.mid.x));
    label.setAttribute('y', String(s.mid.y - 10));
  });
}

/** "infra2 ↛ infra1": which direction of a one-way link is cut. */
function oneWayText(d: DrawnLink): string {
  return d.oneWay === 'ab' ? `${d.names[0]} ↛ ${d.names[1]}` : `${d.names[1]} ↛ ${d.names[0]}`;
}

/** A small arrowhead at the link's middle pointing along it (dir 1: from -> to, -1: to -> from). */
function arrowPath(s: { from: Point; to: Point; mid: Point }, dir: 1 | -1): string {
  const dx = (s.to.x - s.from.x) * dir;
  const dy = (s.to.y - s.from.y) * dir;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const tip = { x: s.mid.x + ux * 7, y: s.mid.y + uy * 7 };
  const back = { x: s.mid.x - ux * 5, y: s.mid.y - uy * 5 };
  return `M ${tip.x} ${tip.y} L ${back.x - uy * 6} ${back.y + ux * 6} L ${back.x + uy * 6} ${back.y - ux * 6} Z`;
}
