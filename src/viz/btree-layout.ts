/**
 * Pure layout of the B+tree tab (RaftScope-style "spec" functions): where each page of a
 * bucket's tree is drawn, level by level, and which pages changed since the previous picture.
 *
 * ```
 *  level 0            [branch p41]
 *  level 1   [p12] [p13] [… 37 more …] [p39] [p40]      a wide level: its two ends and a count
 * ```
 * A page is marked `split` when its level has more pages than before and its first key did not
 * start a page of that level before (the new half of a split); `rewritten` when the same
 * position now has another page id (copy-on-write: a write copies the path from the root to the
 * leaf into new pages, and the old ones go to the freelist).
 */
import type { BackendView, BtreeNodeView } from '../server/backend-view';

/** A drawn box: a page, or the count of pages left out of a wide level. */
export interface BtreeBox {
  key: string;
  level: number;
  x: number;
  y: number;
  w: number;
  h: number;
  node?: BtreeNodeView;
  /** For the placeholder of a wide level: how many pages it stands for. */
  elided?: number;
  mark?: 'split' | 'rewritten';
}

/** An edge from a branch to a child (both drawn). */
export interface BtreeEdge {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The whole picture. */
export interface BtreeLayout {
  boxes: BtreeBox[];
  edges: BtreeEdge[];
  width: number;
  height: number;
}

/** Sizes of the layout. */
export interface BtreeLayoutOptions {
  width: number;
  boxHeight?: number;
  levelGap?: number;
  maxBoxWidth?: number;
}

/** Lays out a backend view; `prev` (the previous picture of the same member and bucket) drives the marks. */
export function btreeLayout(view: Pick<BackendView, 'nodes' | 'elided' | 'depth'>, opts: BtreeLayoutOptions, prev?: Pick<BackendView, 'nodes' | 'elided' | 'depth'>): BtreeLayout {
  const h = opts.boxHeight ?? 40;
  const gap = opts.levelGap ?? 34;
  const maxW = opts.maxBoxWidth ?? 132;
  const boxes: BtreeBox[] = [];
  const at = new Map<string, BtreeBox>();
  for (let level = 0; level < view.depth; level++) {
    const items: BtreeBox[] = [];
    for (const n of view.nodes.filter((x) => x.level === level)) {
      items.push({ key: n.path, level, x: 0, y: 0, w: 0, h, node: n });
      const e = view.elided.find((x) => x.level === level && x.afterPath === n.path);
      if (e) items.push({ key: `elided-${level}`, level, x: 0, y: 0, w: 0, h, elided: e.count });
    }
    const slot = opts.width / Math.max(1, items.length);
    const w = Math.max(8, Math.min(maxW, slot - 6));
    items.forEach((b, i) => {
      b.x = slot * i + (slot - w) / 2;
      b.y = level * (h + gap);
      b.w = w;
      if (b.node) at.set(b.node.path, b);
    });
    boxes.push(...items);
  }
  markChanges(view, boxes, prev);
  const edges: BtreeEdge[] = [];
  for (const b of boxes) {
    const p = b.node?.parent != null ? at.get(b.node.parent) : undefined;
    if (p) edges.push({ key: b.key, x1: p.x + p.w / 2, y1: p.y + p.h, x2: b.x + b.w / 2, y2: b.y });
  }
  return { boxes, edges, width: opts.width, height: view.depth * (h + gap) - gap };
}

/** Total pages of a level, drawn or elided. */
function levelSize(v: Pick<BackendView, 'nodes' | 'elided'>, level: number): number {
  return v.nodes.filter((n) => n.level === level).length + v.elided.filter((e) => e.level === level).reduce((a, e) => a + e.count, 0);
}

function markChanges(view: Pick<BackendView, 'nodes' | 'elided' | 'depth'>, boxes: BtreeBox[], prev: Pick<BackendView, 'nodes' | 'elided' | 'depth'> | undefined): void {
  if (!prev) return;
  // Levels are compared from the leaves up: a tree that grew a level keeps its leaves at the bottom.
  const shift = view.depth - prev.depth;
  for (const b of boxes) {
    const n = b.node;
    if (!n) continue;
    const oldLevel = n.level - shift;
    if (oldLevel < 0) {
      b.mark = 'split'; // a new root: the tree grew one level
      continue;
    }
    const grew = levelSize(view, n.level) > levelSize(prev, oldLevel);
    const starts = new Set(prev.nodes.filter((x) => x.level === oldLevel).map((x) => x.first));
    if (grew && !starts.has(n.first)) b.mark = 'split';
    else {
      const same = shift === 0 ? prev.nodes.find((x) => x.path === n.path) : undefined;
      if (same && same.pgid !== n.pgid) b.mark = 'rewritten';
    }
  }
}

/** Human size: 4096 -> "4 KiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
