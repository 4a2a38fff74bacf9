/**
 * A read-only picture of a bucket's tree for the B+tree view of the UI: which pages exist, how
 * full they are, what key range each covers, and which nodes are dirty (not yet committed).
 *
 * ```
 *            [branch 17  3 keys 58%]
 *            /          |          \
 *   [leaf 9 88%]  [leaf dirty 41%]  [leaf 23 96%]
 * ```
 */
import { pagesFor } from './page';
import type { Child, Node } from './node';
import type { Pager } from './pager';

/** One node of a bucket's tree. */
export interface PageInfo {
  /** The committed page id, or undefined for a dirty node (its page is written at commit). */
  pgid: number | undefined;
  kind: 'branch' | 'leaf';
  /** Number of elements (keys of a leaf, children of a branch). */
  count: number;
  /** Serialised size in bytes. */
  size: number;
  /** Pages the node occupies (1 + overflow). */
  pages: number;
  /** Fill ratio of its pages, 0..1. */
  fill: number;
  /** First and last key held (a branch's are its first and last separators). */
  firstKey: Uint8Array | undefined;
  lastKey: Uint8Array | undefined;
  /** Branch only, down to the requested depth. */
  children?: PageInfo[];
}

/** Describes the tree under `root`, `maxDepth` levels deep (1 = the root alone). */
export function describeTree(pager: Pager, root: Child, maxDepth = Infinity): PageInfo {
  const n: Node = typeof root === 'number' ? pager.node(root) : root;
  const pages = pagesFor(n.size, pager.pageSize);
  const info: PageInfo = {
    pgid: typeof root === 'number' ? root : undefined,
    kind: n.leaf ? 'leaf' : 'branch',
    count: n.keys.length,
    size: n.size,
    pages,
    fill: n.size / (pages * pager.pageSize),
    firstKey: n.keys[0]?.slice(),
    lastKey: n.keys[n.keys.length - 1]?.slice(),
  };
  if (!n.leaf && maxDepth > 1) info.children = n.children.map((c) => describeTree(pager, c, maxDepth - 1));
  return info;
}

/** One node of a bounded tree picture ({@link describeLevels}): a {@link PageInfo} with its place. */
export interface LevelNode extends Omit<PageInfo, 'children'> {
  /** Position path from the root ("0", "0.3", "0.3.1"): stable while the tree's shape is. */
  path: string;
  /** Path of the parent, undefined for the root. */
  parent: string | undefined;
  level: number;
}

/** A bounded picture of a tree: whole levels while they fit, then their two ends. */
export interface TreeLevels {
  nodes: LevelNode[];
  /** Per level (index = level): nodes left out of the picture, and after which drawn node. */
  elided: { level: number; count: number; afterPath: string }[];
  depth: number;
}

/**
 * Describes a tree level by level, decoding only what it keeps: a level with more than
 * `maxPerLevel` nodes keeps its first and last `maxPerLevel / 2` (the middle is counted in
 * `elided`), and only kept branches are descended into. So a 10,000-page tree costs
 * depth x maxPerLevel page decodes, not 10,000.
 */
export function describeLevels(pager: Pager, root: Child, maxPerLevel = 24): TreeLevels {
  const out: TreeLevels = { nodes: [], elided: [], depth: 0 };
  let level: { child: Child; path: string; parent: string | undefined }[] = [{ child: root, path: '0', parent: undefined }];
  for (let depth = 0; level.length > 0; depth++) {
    out.depth = depth + 1;
    let kept = level;
    if (level.length > maxPerLevel) {
      const half = Math.max(1, Math.floor(maxPerLevel / 2)); // at least one node at each end
      kept = [...level.slice(0, half), ...level.slice(level.length - half)];
      out.elided.push({ level: depth, count: level.length - kept.length, afterPath: level[half - 1]!.path });
    }
    const next: typeof level = [];
    for (const { child, path, parent } of kept) {
      const n: Node = typeof child === 'number' ? pager.node(child) : child;
      const pages = pagesFor(n.size, pager.pageSize);
      out.nodes.push({
        path,
        parent,
        level: depth,
        pgid: typeof child === 'number' ? child : undefined,
        kind: n.leaf ? 'leaf' : 'branch',
        count: n.keys.length,
        size: n.size,
        pages,
        fill: n.size / (pages * pager.pageSize),
        firstKey: n.keys[0]?.slice(),
        lastKey: n.keys[n.keys.length - 1]?.slice(),
      });
      if (!n.leaf) n.children.forEach((c, i) => next.push({ child: c, path: `${path}.${i}`, parent: path }));
    }
    level = next;
  }
  return out;
}
