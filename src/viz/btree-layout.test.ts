import { describe, expect, it } from 'vitest';
import type { BtreeNodeView } from '../server/backend-view';
import { btreeLayout, formatBytes } from './btree-layout';

const node = (path: string, level: number, first: string, pgid: number | null, over: Partial<BtreeNodeView> = {}): BtreeNodeView => ({
  path, parent: path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null, level, kind: 'leaf', pgid, count: 3, pages: 1, fill: 0.5, first, last: first, ...over,
});

describe('btreeLayout', () => {
  it('lays levels top-down, spreads a level across the width, and places the elided count', () => {
    const view = {
      depth: 2,
      nodes: [node('0', 0, '1.0', 9, { kind: 'branch' }), node('0.0', 1, '1.0', 3), node('0.9', 1, '90.0', 4)],
      elided: [{ level: 1, count: 8, afterPath: '0.0' }],
    };
    const l = btreeLayout(view, { width: 300 });
    expect(l.boxes.map((b) => b.key)).toEqual(['0', '0.0', 'elided-1', '0.9']);
    const [root, a, gap, b] = l.boxes;
    expect(root!.y).toBe(0);
    expect(a!.y).toBeGreaterThan(root!.y + root!.h);
    expect(a!.x).toBeLessThan(gap!.x);
    expect(gap!.x).toBeLessThan(b!.x);
    expect(gap!.elided).toBe(8);
    expect(b!.x + b!.w).toBeLessThanOrEqual(300);
    expect(l.edges.map((e) => e.key)).toEqual(['0.0', '0.9']);
  });

  it('marks the new half of a split, a new root, and copy-on-write rewrites', () => {
    const before = { depth: 2, elided: [], nodes: [node('0', 0, '1.0', 9, { kind: 'branch' }), node('0.0', 1, '1.0', 3), node('0.1', 1, '50.0', 4)] };
    const split = { depth: 2, elided: [], nodes: [node('0', 0, '1.0', 12, { kind: 'branch' }), node('0.0', 1, '1.0', 3), node('0.1', 1, '50.0', 10), node('0.2', 1, '75.0', 11)] };
    const marks = (l: ReturnType<typeof btreeLayout>) => Object.fromEntries(l.boxes.map((b) => [b.key, b.mark]));
    expect(marks(btreeLayout(split, { width: 400 }, before))).toEqual({ '0': 'rewritten', '0.0': undefined, '0.1': 'rewritten', '0.2': 'split' });
    const grown = { depth: 3, elided: [], nodes: [node('0', 0, '1.0', 20, { kind: 'branch' }), node('0.0', 1, '1.0', 21, { kind: 'branch' }), node('0.1', 1, '60.0', 22, { kind: 'branch' })] };
    expect(marks(btreeLayout(grown, { width: 400 }, split))['0']).toBe('split');
    expect(btreeLayout(split, { width: 400 }).boxes.every((b) => b.mark === undefined)).toBe(true);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(4096)).toBe('4.0 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});
