/**
 * A copy-on-write B+tree: one bucket's keys, over the shared {@link Pager}.
 *
 * Writes copy the path from the root to the leaf (releasing the committed pages they replace),
 * then fix the tree at once: an overfull node is split (bbolt splits at spill time; we split
 * eagerly so reads and writes stay logarithmic however big the batch), an underfull node is
 * merged with a sibling. `spill()` writes the dirty nodes bottom-up into fresh pages at commit.
 */
import { compareBytes, lowerBound, upperBound } from './bytes';
import type { BackendListener, TreeName } from './events';
import { cloneNode, computeSize, emptyLeaf, minKeys, PAGE_HEADER_SIZE, splitNode, type Child, type Node } from './node';
import type { Pager } from './pager';

/** Fill factor for random inserts: split a node in halves. */
export const DEFAULT_FILL_PERCENT = 0.5;
/** Fill factor for sequential inserts (`unsafeSeqPut`): pack nodes full, as etcd does. */
export const SEQ_FILL_PERCENT = 1.0;

/** Index of the child of branch `n` whose range holds `key`. */
function childIndex(n: Node, key: Uint8Array): number {
  const i = upperBound(n.keys, key) - 1;
  return i < 0 ? 0 : i;
}

/** One bucket's B+tree. */
export class Tree {
  constructor(
    private readonly pager: Pager,
    readonly name: TreeName,
    /** Root of the tree: a committed page id, or a dirty node. */
    public root: Child,
    /** Number of keys in the tree. */
    public count: number,
    private readonly listener?: BackendListener,
  ) {}

  /** True when the tree has uncommitted changes. */
  dirty(): boolean {
    return typeof this.root !== 'number';
  }

  private resolve(c: Child): Node {
    return typeof c === 'number' ? this.pager.node(c) : c;
  }

  /** A node the transaction may mutate: dirty nodes as they are, clean ones copied. */
  private mutable(c: Child): Node {
    if (typeof c !== 'number') return c;
    this.pager.release(c);
    return cloneNode(this.pager.node(c));
  }

  /** The value of `key`, or undefined. The returned bytes are read-only. */
  get(key: Uint8Array): Uint8Array | undefined {
    let n = this.resolve(this.root);
    while (!n.leaf) n = this.resolve(n.children[childIndex(n, key)]!);
    const i = lowerBound(n.keys, key);
    return i < n.keys.length && compareBytes(n.keys[i]!, key) === 0 ? n.values[i] : undefined;
  }

  /** Visits keys in `[start, end)` (no upper bound when `end` is undefined) until `visit` returns false. */
  range(start: Uint8Array, end: Uint8Array | undefined, visit: (k: Uint8Array, v: Uint8Array) => boolean): void {
    this.rangeIn(this.root, start, end, visit);
  }

  private rangeIn(c: Child, start: Uint8Array, end: Uint8Array | undefined, visit: (k: Uint8Array, v: Uint8Array) => boolean): boolean {
    const n = this.resolve(c);
    if (n.leaf) {
      for (let i = lowerBound(n.keys, start); i < n.keys.length; i++) {
        if (end !== undefined && compareBytes(n.keys[i]!, end) >= 0) return false;
        if (!visit(n.keys[i]!, n.values[i]!)) return false;
      }
      return true;
    }
    const first = childIndex(n, start);
    for (let i = first; i < n.children.length; i++) {
      if (i > first && end !== undefined && compareBytes(n.keys[i]!, end) >= 0) return false;
      if (!this.rangeIn(n.children[i]!, start, end, visit)) return false;
    }
    return true;
  }

  /** Copies the path to `key`'s leaf; returns the path and the child index taken at each branch. */
  private mutablePath(key: Uint8Array): { path: Node[]; idx: number[] } {
    const root = this.mutable(this.root);
    this.root = root;
    const path = [root];
    const idx: number[] = [];
    let n = root;
    while (!n.leaf) {
      const i = childIndex(n, key);
      const c = this.mutable(n.children[i]!);
      n.children[i] = c;
      path.push(c);
      idx.push(i);
      n = c;
    }
    return { path, idx };
  }

  /** Inserts or replaces `key`; `fillPercent` says how full a split leaves the left node. */
  put(key: Uint8Array, value: Uint8Array, fillPercent = DEFAULT_FILL_PERCENT): void {
    const { path, idx } = this.mutablePath(key);
    const leaf = path[path.length - 1]!;
    const i = lowerBound(leaf.keys, key);
    if (i < leaf.keys.length && compareBytes(leaf.keys[i]!, key) === 0) {
      leaf.size += value.length - leaf.values[i]!.length;
      leaf.values[i] = value;
    } else {
      leaf.keys.splice(i, 0, key);
      leaf.values.splice(i, 0, value);
      leaf.size += 8 + key.length + value.length;
      this.count++;
    }
    this.splitUp(path, idx, fillPercent);
  }

  private splitUp(path: Node[], idx: number[], fillPercent: number): void {
    for (let level = path.length - 1; level >= 0; level--) {
      const node = path[level]!;
      if (node.size <= this.pager.pageSize) return;
      const parts = splitNode(node, this.pager.pageSize, fillPercent);
      if (parts.length === 1) return; // a single element larger than a page: a multi-page node
      this.listener?.({ type: 'split', bucket: this.name, kind: node.leaf ? 'leaf' : 'branch', parts: parts.length, newRoot: level === 0 });
      if (level === 0) {
        const root: Node = { leaf: false, keys: parts.map((p) => p.keys[0]!), values: [], children: parts, size: 0 };
        root.size = computeSize(root);
        this.root = root;
      } else {
        replaceChild(path[level - 1]!, idx[level - 1]!, parts);
      }
    }
  }

  /** Removes `key`; returns whether it was present. */
  delete(key: Uint8Array): boolean {
    if (this.get(key) === undefined) return false;
    const { path, idx } = this.mutablePath(key);
    const leaf = path[path.length - 1]!;
    const i = lowerBound(leaf.keys, key);
    leaf.size -= 8 + key.length + leaf.values[i]!.length;
    leaf.keys.splice(i, 1);
    leaf.values.splice(i, 1);
    this.count--;
    this.rebalanceUp(path, idx);
    return true;
  }

  private rebalanceUp(path: Node[], idx: number[]): void {
    const threshold = this.pager.pageSize / 4;
    for (let level = path.length - 1; level >= 1; level--) {
      const node = path[level]!;
      if (node.size >= threshold && node.keys.length >= minKeys(node)) break;
      const parent = path[level - 1]!;
      const i = idx[level - 1]!;
      if (node.keys.length === 0) {
        parent.keys.splice(i, 1);
        parent.children.splice(i, 1);
        parent.size = computeSize(parent);
        this.listener?.({ type: 'merge', bucket: this.name, kind: node.leaf ? 'leaf' : 'branch' });
        continue;
      }
      if (parent.children.length < 2) continue;
      this.mergeWithSibling(parent, i);
    }
    this.collapseRoot();
  }

  /** Merges child `i` of `parent` with a sibling; re-splits evenly if the result overflows. */
  private mergeWithSibling(parent: Node, i: number): void {
    const s = i > 0 ? i - 1 : i + 1;
    const sib = this.mutable(parent.children[s]!);
    parent.children[s] = sib;
    const li = Math.min(i, s);
    const left = this.resolve(parent.children[li]!);
    const right = this.resolve(parent.children[li + 1]!);
    for (const k of right.keys) left.keys.push(k);
    if (left.leaf) for (const v of right.values) left.values.push(v);
    else for (const c of right.children) left.children.push(c);
    left.size += right.size - PAGE_HEADER_SIZE;
    parent.keys.splice(li + 1, 1);
    parent.children.splice(li + 1, 1);
    const parts = splitNode(left, this.pager.pageSize, DEFAULT_FILL_PERCENT);
    if (parts.length > 1) replaceChild(parent, li, parts);
    else parent.size = computeSize(parent);
    this.listener?.({ type: parts.length > 1 ? 'rebalance' : 'merge', bucket: this.name, kind: left.leaf ? 'leaf' : 'branch' });
  }

  /** A root branch with a single child is replaced by that child (the tree shrinks a level). */
  private collapseRoot(): void {
    for (;;) {
      const root = this.resolve(this.root);
      if (root.leaf) return;
      if (root.children.length === 0) {
        this.root = emptyLeaf();
        return;
      }
      if (root.children.length > 1) return;
      if (typeof this.root === 'number') this.pager.release(this.root);
      this.root = root.children[0]!;
    }
  }

  /** Writes every dirty node into fresh pages, bottom-up; returns the root's page id. */
  spill(): number {
    if (typeof this.root !== 'number') this.root = this.spillNode(this.root);
    return this.root;
  }

  private spillNode(n: Node): number {
    if (!n.leaf) {
      for (let i = 0; i < n.children.length; i++) {
        const c = n.children[i]!;
        if (typeof c !== 'number') n.children[i] = this.spillNode(c);
      }
    }
    return this.pager.write(n);
  }

  /** Depth of the tree: 1 for a single leaf. */
  depth(): number {
    let d = 1;
    let n = this.resolve(this.root);
    while (!n.leaf) {
      n = this.resolve(n.children[0]!);
      d++;
    }
    return d;
  }
}

/**
 * Replaces child `i` of `parent` by `parts`; the others get their first key as separator. The
 * first part keeps child `i`'s separator, except at index 0, whose separator may have gone stale
 * (a smaller key descended into it) and is refreshed so the branch's keys stay ascending.
 */
function replaceChild(parent: Node, i: number, parts: Node[]): void {
  const keys = [i === 0 ? parts[0]!.keys[0]! : parent.keys[i]!, ...parts.slice(1).map((p) => p.keys[0]!)];
  parent.keys.splice(i, 1, ...keys);
  parent.children.splice(i, 1, ...parts);
  parent.size = computeSize(parent);
}
