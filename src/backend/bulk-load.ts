/**
 * Building a tree bottom-up from sorted entries: what `defrag` uses to rewrite a bucket into
 * densely packed, contiguous pages (etcd's defrag copies every bucket with FillPercent 0.9).
 */
import { elementSize, emptyLeaf, minKeys, PAGE_HEADER_SIZE, sliceNode, type Node } from './node';

/** Fill factor of defragmented pages, as etcd's defrag sets it. */
export const DEFRAG_FILL_PERCENT = 0.9;

/** Builds a tree of dirty nodes holding `keys`/`values` (ascending); returns its root. */
export function bulkLoad(keys: Uint8Array[], values: Uint8Array[], pageSize: number, fillPercent = DEFRAG_FILL_PERCENT): Node {
  if (keys.length === 0) return emptyLeaf();
  const all: Node = { leaf: true, keys, values, children: [], size: 0 };
  let level = pack(all, pageSize * fillPercent);
  while (level.length > 1) {
    const branch: Node = { leaf: false, keys: level.map((n) => n.keys[0]!), values: [], children: level, size: 0 };
    level = pack(branch, pageSize * fillPercent);
  }
  return level[0]!;
}

/** Cuts the elements of `n` into nodes of at most `limit` bytes (each with at least minKeys). */
function pack(n: Node, limit: number): Node[] {
  const out: Node[] = [];
  const min = minKeys(n);
  let start = 0;
  let size = PAGE_HEADER_SIZE;
  for (let i = 0; i < n.keys.length; i++) {
    const el = elementSize(n, i);
    if (i - start >= min && size + el > limit && n.keys.length - i >= min) {
      out.push(sliceNode(n, start, i));
      start = i;
      size = PAGE_HEADER_SIZE;
    }
    size += el;
  }
  out.push(sliceNode(n, start, n.keys.length));
  return out;
}
