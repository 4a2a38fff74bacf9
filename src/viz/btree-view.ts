/**
 * The B+tree tab's d3 controller (no React): draws a bucket's pages as a tree, root at the top,
 * branch pages blue, leaf pages green, each with its page id, element count, key range and a
 * fill bar; a page that a split just created flashes vermillion, one rewritten by copy-on-write
 * flashes blue (with reduced motion both only fade). Layout is btree-layout.ts.
 */
import { select } from 'd3-selection';
import 'd3-transition';
import type { BtreeBox, BtreeLayout } from './btree-layout';

/** The controller the React tab mounts. */
export interface BtreeView {
  update(layout: BtreeLayout): void;
  destroy(): void;
}

const KIND = {
  branch: { fill: '#e6f0f8', stroke: '#0072B2', bar: '#0072B2', label: 'branch' },
  leaf: { fill: '#e8f5f0', stroke: '#009E73', bar: '#009E73', label: 'leaf' },
} as const;
const MARK = { split: '#D55E00', rewritten: '#0072B2' } as const;

function title(b: BtreeBox): string {
  if (b.elided !== undefined) return `${b.elided} more pages at this level, not drawn`;
  const n = b.node!;
  const page = n.pgid === null ? 'not written yet (changed since the last commit)' : `page ${n.pgid}${n.pages > 1 ? ` (+${n.pages - 1} overflow)` : ''}`;
  const what = n.kind === 'branch' ? `${n.count} children` : `${n.count} keys`;
  return `${n.kind} ${page}: ${what}, ${Math.round(n.fill * 100)}% full, keys ${n.first} … ${n.last}${b.mark === 'split' ? ' — just split' : b.mark === 'rewritten' ? ' — rewritten by copy-on-write' : ''}`;
}

/** Creates the controller inside `el`. */
export function createBtreeView({ el }: { el: HTMLElement }): BtreeView {
  const svg = select(el).append('svg').attr('class', 'btree').attr('role', 'img');
  const edges = svg.append('g').attr('class', 'edges');
  const boxes = svg.append('g').attr('class', 'pages');
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

  function update(l: BtreeLayout): void {
    svg.attr('viewBox', `-2 -2 ${l.width + 4} ${l.height + 4}`).attr('aria-label', `B+tree: ${l.boxes.filter((b) => b.node).length} pages drawn`);
    edges
      .selectAll<SVGLineElement, (typeof l.edges)[number]>('line')
      .data(l.edges, (d) => d.key)
      .join('line')
      .attr('x1', (d) => d.x1)
      .attr('y1', (d) => d.y1)
      .attr('x2', (d) => d.x2)
      .attr('y2', (d) => d.y2)
      .attr('stroke', '#9aa0a6')
      .attr('stroke-width', 1);
    const g = boxes
      .selectAll<SVGGElement, BtreeBox>('g.page')
      .data(l.boxes, (d) => d.key)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'page');
        e.append('rect').attr('class', 'box').attr('rx', 4);
        e.append('rect').attr('class', 'bar').attr('rx', 1.5);
        e.append('text').attr('class', 'l1').attr('font-size', 11).attr('font-weight', 700);
        e.append('text').attr('class', 'l2').attr('font-size', 10);
        e.append('title');
        return e;
      })
      .attr('data-testid', (d) => (d.elided !== undefined ? 'btree-elided' : `btree-${d.node!.kind}`))
      .attr('data-mark', (d) => d.mark ?? '')
      .attr('data-pgid', (d) => d.node?.pgid ?? '')
      .attr('transform', (d) => `translate(${d.x},${d.y})`);
    g.select('title').text(title);
    g.select<SVGRectElement>('rect.box')
      .attr('width', (d) => d.w)
      .attr('height', (d) => d.h)
      .attr('fill', (d) => (d.node ? KIND[d.node.kind].fill : '#f3f4f6'))
      .attr('stroke-dasharray', (d) => (d.elided !== undefined || d.node?.pgid === null ? '4 3' : ''))
      .each(function (d) {
        const r = select(this);
        const base = d.node ? KIND[d.node.kind].stroke : '#9aa0a6';
        r.interrupt();
        if (d.mark) {
          r.attr('stroke', MARK[d.mark]).attr('stroke-width', d.mark === 'split' ? 3.5 : 2.5).attr('opacity', reduced ? 0.55 : 1);
          r.transition().duration(1600).attr('stroke', base).attr('stroke-width', 1.2).attr('opacity', 1);
        } else r.attr('stroke', base).attr('stroke-width', 1.2).attr('opacity', 1);
      });
    g.select<SVGRectElement>('rect.bar')
      .attr('x', 4)
      .attr('y', (d) => d.h - 7)
      .attr('height', 3)
      .attr('width', (d) => (d.node ? Math.max(1, (d.w - 8) * Math.min(1, d.node.fill)) : 0))
      .attr('fill', (d) => (d.node ? KIND[d.node.kind].bar : 'none'));
    g.select('text.l1')
      .attr('x', 5)
      .attr('y', 13)
      .attr('fill', '#1f2937')
      .text((d) => {
        if (d.elided !== undefined) return d.w > 60 ? `… ${d.elided} more` : `…${d.elided}`;
        const n = d.node!;
        const id = n.pgid === null ? 'dirty' : `p${n.pgid}`;
        return d.w > 70 ? `${id} · ${n.count}` : d.w > 34 ? id : '';
      });
    g.select('text.l2')
      .attr('x', 5)
      .attr('y', 26)
      .attr('fill', '#374151')
      .attr('font-family', "'JetBrains Mono', ui-monospace, monospace")
      .text((d) => (d.node && d.w > 90 ? `${d.node.first}…${d.node.last}` : d.node && d.w > 50 ? d.node.first : ''));
  }

  return { update, destroy: () => svg.remove() };
}
