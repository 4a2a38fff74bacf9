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
