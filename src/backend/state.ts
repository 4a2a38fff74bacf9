/**
 * The in-memory state of an open backend: page cache, bucket trees and the last committed meta,
 * and the two ways it is born: from a loaded version, or empty.
 */
import { BUCKETS, type BucketName } from './backend';
import { encodeBucketHeader } from './bucket-header';
import { utf8 } from './bytes';
import type { BackendListener } from './events';
import { Freelist } from './freelist';
import type { LoadedVersion } from './load';
import { FIRST_DATA_PGID, type Meta } from './meta';
import { emptyLeaf } from './node';
import { Pager } from './pager';
import { Tree } from './tree';

/** Page cache, trees and last committed meta of one backend. */
export interface BackendState {
  pager: Pager;
  /** The root bucket: bucket name -> bucket header. */
  root: Tree;
  buckets: Map<BucketName, Tree>;
  /** The meta of the last commit built (in memory it is the committed version). */
  meta: Meta;
}

/** A state over a loaded version; buckets it lacks are created (dirty, committed next). */
export function stateFromVersion(v: LoadedVersion, listener: BackendListener | undefined): BackendState {
  const pager = new Pager(v.meta.pageSize, v.meta.highWater, new Freelist(v.free));
  for (const [pgid, buf] of v.pages) pager.pages.set(pgid, buf);
  const root = new Tree(pager, 'root', v.meta.root, v.buckets.size, listener);
  const buckets = new Map<BucketName, Tree>();
  for (const name of BUCKETS) {
    const h = v.buckets.get(name);
    buckets.set(name, new Tree(pager, name, h === undefined ? emptyLeaf() : h.root, h?.count ?? 0, listener));
  }
  return { pager, root, buckets, meta: v.meta };
}

/**
 * A state with no committed version yet: empty trees for every bucket, txid 0. Its first commit
 * (txid 1) creates the database. `meta.freelist` 0 means "no freelist page yet".
 */
export function emptyState(pageSize: number, listener: BackendListener | undefined): BackendState {
  const pager = new Pager(pageSize, FIRST_DATA_PGID, new Freelist());
  const root = new Tree(pager, 'root', emptyLeaf(), 0, listener);
  const buckets = new Map<BucketName, Tree>();
  for (const name of BUCKETS) buckets.set(name, new Tree(pager, name, emptyLeaf(), 0, listener));
  return { pager, root, buckets, meta: { pageSize, root: 0, freelist: 0, highWater: FIRST_DATA_PGID, txid: 0 } };
}

/** True when some tree has changes not yet built into a commit. */
export function isDirty(s: BackendState): boolean {
  if (s.root.dirty()) return true;
  for (const t of s.buckets.values()) if (t.dirty()) return true;
  return false;
}

/** Writes every dirty bucket tree, then the root bucket; returns the root bucket's page id. */
export function spillAll(s: BackendState): number {
  for (const [name, tree] of s.buckets) {
    if (!tree.dirty()) continue;
    const root = tree.spill();
    s.root.put(utf8(name), encodeBucketHeader({ root, count: tree.count }));
  }
  return s.root.spill();
}
