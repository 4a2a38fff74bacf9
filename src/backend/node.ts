/**
 * The in-memory form of a B+tree page, as bbolt's `node`.
 *
 * A node is either **clean** (decoded from a committed page and shared through the page cache:
 * never mutated) or **dirty** (a private copy made by the write transaction). A parent refers to
 * a clean child by its page id and to a dirty child by the object itself:
 *
 * ```
 *            branch (dirty)
 *     keys:  [ k0    k1    k2  ]       keys[i] is a lower bound of child i
 *     kids:  [ 17    Node  42  ]       17 and 42: committed pages; Node: copied on write
 * ```
 *
 * Separators follow bbolt: every child has a key, the first key it held when it was placed.
 * A key smaller than every separator descends into child 0.
 */

/** Page header size in bytes (see page.ts for the layout). */
export const PAGE_HEADER_SIZE = 16;
/** Per-element overhead on a leaf page: key length u32 + value length u32. */
export const LEAF_ELEMENT_SIZE = 8;
/** Per-element overhead on a branch page: key length u32 + child page id u32. */
export const BRANCH_ELEMENT_SIZE = 8;

/** A reference to a child: a committed page id (clean) or a dirty node. */
export type Child = number | Node;

/** A decoded or dirty B+tree node. */
export interface Node {
  /** True for a leaf (keys and values), false for a branch (keys and children). */
  leaf: boolean;
  /** Keys in ascending byte order. */
  keys: Uint8Array[];
  /** Leaf only: `values[i]` belongs to `keys[i]`. */
  values: Uint8Array[];
  /** Branch only: `children[i]` holds keys `>= keys[i]` and `< keys[i+1]`. */
  children: Child[];
  /** Serialised size in bytes (header included); kept up to date by every mutation. */
  size: number;
}

/** Serialised size of element `i` of `n`. */
export function elementSize(n: Node, i: number): number {
  return n.leaf
    ? LEAF_ELEMENT_SIZE + n.keys[i]!.length + n.values[i]!.length
    : BRANCH_ELEMENT_SIZE + n.keys[i]!.length;
}

/** Recomputes the serialised size of `n` from scratch. */
export function computeSize(n: Node): number {
  let size = PAGE_HEADER_SIZE;
  for (let i = 0; i < n.keys.length; i++) size += elementSize(n, i);
  return size;
}

/** A new empty leaf. */
export function emptyLeaf(): Node {
  return { leaf: true, keys: [], values: [], children: [], size: PAGE_HEADER_SIZE };
}

/** A private copy of `n` that the write transaction may mutate. */
export function cloneNode(n: Node): Node {
  return {
    leaf: n.leaf,
    keys: n.keys.slice(),
    values: n.leaf ? n.values.slice() : [],
    children: n.leaf ? [] : n.children.slice(),
    size: n.size,
  };
}

/** Fewest elements a non-root node may hold: one for a leaf, two for a branch (as bbolt). */
export function minKeys(n: Node): number {
  return n.leaf ? 1 : 2;
}

/** Elements `[from, to)` of `n` as a new node. */
export function sliceNode(n: Node, from: number, to: number): Node {
  const part: Node = {
    leaf: n.leaf,
    keys: n.keys.slice(from, to),
    values: n.leaf ? n.values.slice(from, to) : [],
    children: n.leaf ? [] : n.children.slice(from, to),
    size: 0,
  };
  part.size = computeSize(part);
  return part;
}

/**
 * Splits an oversized node into parts that each fit a page (a part with a single element may
 * still be larger: it becomes a multi-page node). Each part but the last is filled up to
 * `fillPercent * pageSize` bytes, so 0.5 halves a node and 1.0 packs sequential inserts.
 */
export function splitNode(n: Node, pageSize: number, fillPercent: number): Node[] {
  const min = minKeys(n);
  const threshold = Math.max(PAGE_HEADER_SIZE + 1, Math.floor(pageSize * fillPercent));
  const parts: Node[] = [];
  let start = 0;
  let restSize = n.size;
  while (restSize > pageSize && n.keys.length - start >= 2 * min) {
    let size = PAGE_HEADER_SIZE;
    let end = start;
    const last = n.keys.length - min; // leave at least `min` elements for the rest
    while (end < last) {
      const el = elementSize(n, end);
      if (end - start >= min && size + el > threshold) break;
      size += el;
      end++;
    }
    parts.push(sliceNode(n, start, end));
    restSize -= size - PAGE_HEADER_SIZE;
    start = end;
  }
  if (parts.length === 0) return [n];
  parts.push(sliceNode(n, start, n.keys.length));
  return parts;
}
