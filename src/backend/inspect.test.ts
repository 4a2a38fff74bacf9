import { describe, expect, it } from 'vitest';
import { openBackend } from './bolt-backend';
import { utf8 } from './bytes';
import { MemoryPageStore } from './memory-page-store';

const k = (i: number): Uint8Array => utf8(`k${String(i).padStart(6, '0')}`);

describe('describeLevels', () => {
  it('draws whole levels that fit and only the two ends of one that does not', async () => {
    const be = await openBackend(new MemoryPageStore(), { pageSize: 512 });
    for (let i = 0; i < 3000; i++) be.unsafePut('key', k(i), utf8('v'));
    await be.forceCommit();
    const full = be.describeLevels('key', 100_000);
    const leaves = full.nodes.filter((n) => n.kind === 'leaf');
    expect(full.elided).toEqual([]);
    expect(leaves.reduce((a, n) => a + n.count, 0)).toBe(3000);
    expect(full.depth).toBe(be.stats().depth.key);
    expect(full.nodes[0]).toMatchObject({ path: '0', parent: undefined, level: 0, kind: 'branch' });

    const cut = be.describeLevels('key', 8);
    const perLevel = (lvl: number) => cut.nodes.filter((n) => n.level === lvl).length;
    for (let l = 0; l < cut.depth; l++) expect(perLevel(l)).toBeLessThanOrEqual(8);
    const leafLevel = cut.depth - 1;
    const e = cut.elided.find((x) => x.level === leafLevel)!;
    expect(e.count).toBeGreaterThan(0);
    // The picture keeps the first and last leaf of the tree, in key order.
    const drawnLeaves = cut.nodes.filter((n) => n.level === leafLevel);
    expect(new TextDecoder().decode(drawnLeaves[0]!.firstKey)).toBe('k000000');
    expect(new TextDecoder().decode(drawnLeaves.at(-1)!.lastKey)).toBe('k002999');
    // Every drawn node's parent is drawn.
    const paths = new Set(cut.nodes.map((n) => n.path));
    for (const n of cut.nodes) if (n.parent !== undefined) expect(paths.has(n.parent)).toBe(true);
  });

  it('keeps one node at each end of a level even when asked for a single node per level', async () => {
    const be = await openBackend(new MemoryPageStore(), { pageSize: 512 });
    for (let i = 0; i < 3000; i++) be.unsafePut('key', k(i), utf8('v'));
    await be.forceCommit();
    const one = be.describeLevels('key', 1);
    const leaves = one.nodes.filter((n) => n.level === one.depth - 1);
    expect(leaves).toHaveLength(2);
    expect(new TextDecoder().decode(leaves.at(-1)!.lastKey)).toBe('k002999');
  });
});
