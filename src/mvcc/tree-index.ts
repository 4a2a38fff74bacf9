/**
 * treeIndex: the in-memory ordered index from key to {@link KeyIndex} (etcd's index.go).
 * A B-tree (sorted-btree) ordered by key bytes, so ranges and prefixes are ordered scans.
 *
 * Keys are binary strings (see bytes.ts). A range end follows etcd's convention after
 * mkGteRange: `undefined` = the single key, `''` = no upper bound, otherwise `[key, end)`.
 */
import { BTree, type BTreeMap } from './btree';
import { ErrRevisionNotFound } from './errors';
import type { KeyIndexGet } from './key-index';
import { KeyIndex } from './key-index';
import type { Revision } from './revision';
import { RevisionSet } from './revision';

/** Keys visible at a revision with their metadata, in key order. */
export interface IndexRangeResult {
  keys: string[];
  modifies: Revision[];
  creates: Revision[];
  versions: number[];
  /** Number of keys visible in the whole range (not limited). */
  total: number;
}

/** The ordered key index of a store. */
export class TreeIndex {
  private tree: BTreeMap<string, KeyIndex> = new BTree<string, KeyIndex>();

  /** Number of keys held (deleted-but-not-compacted keys included). */
  get size(): number {
    return this.tree.size;
  }

  /** Records a put of `key` at `rev`. */
  put(key: string, rev: Revision): void {
    let ki = this.tree.get(key);
    if (ki === undefined) {
      ki = new KeyIndex(key);
      this.tree.set(key, ki);
    }
    ki.put(rev.main, rev.sub);
  }

  /** Records a delete of `key` at `rev`. @throws ErrRevisionNotFound when it does not exist. */
  tombstone(key: string, rev: Revision): void {
    const ki = this.tree.get(key);
    if (ki === undefined) throw new ErrRevisionNotFound();
    ki.tombstone(rev.main, rev.sub);
  }

  /** The version of `key` visible at `atRev`, if any. */
  get(key: string, atRev: number): KeyIndexGet | undefined {
    return this.tree.get(key)?.get(atRev);
  }

  /** The keyIndex of `key`, if present. */
  keyIndex(key: string): KeyIndex | undefined {
    return this.tree.get(key);
  }

  /** Adds a keyIndex built elsewhere (restore). */
  insert(ki: KeyIndex): void {
    this.tree.set(ki.key, ki);
  }

  /** Calls `f` for each keyIndex in `[key, end)` in key order until it returns false. */
  visit(key: string, end: string, f: (ki: KeyIndex) => boolean): void {
    for (const [k, ki] of this.tree.entries(key)) {
      if (end !== '' && k >= end) return;
      if (!f(ki)) return;
    }
  }

  /** Keys visible at `atRev` in the range, at most `limit` of them (0 = all); total counts all. */
  range(key: string, end: string | undefined, atRev: number, limit: number): IndexRangeResult {
    const out: IndexRangeResult = { keys: [], modifies: [], creates: [], versions: [], total: 0 };
    const take = (k: string, g: KeyIndexGet): void => {
      if (limit <= 0 || out.keys.length < limit) {
        out.keys.push(k);
        out.modifies.push(g.modified);
        out.creates.push(g.created);
        out.versions.push(g.ver);
      }
      out.total++;
    };
    if (end === undefined) {
      const g = this.get(key, atRev);
      if (g !== undefined) take(key, g);
      return out;
    }
    this.visit(key, end, (ki) => {
      const g = ki.get(atRev);
      if (g !== undefined) take(ki.key, g);
      return true;
    });
    return out;
  }

  /** Revisions of the keys visible at `atRev` (at most `limit`, 0 = all) and their total count. */
  revisions(key: string, end: string | undefined, atRev: number, limit: number): { revs: Revision[]; total: number } {
    const r = this.range(key, end, atRev, limit);
    return { revs: r.modifies, total: r.total };
  }

  /** Number of keys visible at `atRev` in the range. */
  countRevisions(key: string, end: string | undefined, atRev: number): number {
    if (end === undefined) return this.get(key, atRev) === undefined ? 0 : 1;
    let n = 0;
    this.visit(key, end, (ki) => {
      if (ki.get(atRev) !== undefined) n++;
      return true;
    });
    return n;
  }

  /**
   * Compacts every keyIndex at `rev` and removes the keys left empty. Returns the revisions at or
   * below `rev` that stay (the keep set) and how many keys were removed from the index.
   */
  compact(rev: number): { keep: RevisionSet; removedKeys: number } {
    const keep = new RevisionSet();
    const empty: string[] = [];
    this.tree.forEach((ki, k) => {
      ki.compact(rev, keep);
      if (ki.isEmpty()) empty.push(k);
    });
    for (const k of empty) this.tree.delete(k);
    return { keep, removedKeys: empty.length };
  }

  /** The revisions a compaction at `rev` would keep (tombstones at or below `rev` excluded). */
  keep(rev: number): RevisionSet {
    const keep = new RevisionSet();
    this.tree.forEach((ki) => ki.keep(rev, keep));
    return keep;
  }

  /** Every keyIndex in key order (for tests and the UI). */
  keyIndexes(): KeyIndex[] {
    return [...this.tree.values()];
  }

  /** Same keys with equal generations. */
  equal(b: TreeIndex): boolean {
    if (this.tree.size !== b.tree.size) return false;
    for (const [k, ki] of this.tree.entries()) {
      const bki = b.tree.get(k);
      if (bki === undefined || !ki.equal(bki)) return false;
    }
    return true;
  }
}
