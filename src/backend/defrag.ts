/**
 * Defragmentation: rewriting every bucket compactly into a new database image, as etcd's
 * `defrag` copies the bbolt file bucket by bucket into a fresh one and swaps it in.
 *
 * The image numbers its pages from the first data page with no free pages, so the database
 * shrinks to what its data needs. The store replaces all its pages with the image in one atomic
 * write, and the meta goes to both slots: the old pages are gone, so neither slot may point at them.
 */
import type { BucketName } from './backend';
import { bulkLoad } from './bulk-load';
import { writeFreelistPage, type BuiltCommit } from './commit';
import type { BackendListener } from './events';
import { Freelist } from './freelist';
import { encodeMeta, FIRST_DATA_PGID, type Meta } from './meta';
import { emptyLeaf } from './node';
import { Pager } from './pager';
import { spillAll, type BackendState } from './state';
import { Tree } from './tree';

/** Builds the compact image of `s` (which must have no uncommitted changes) as transaction txid + 1. */
export function buildDefrag(s: BackendState, listener: BackendListener | undefined): { state: BackendState; commit: BuiltCommit } {
  const pageSize = s.pager.pageSize;
  const pager = new Pager(pageSize, FIRST_DATA_PGID, new Freelist());
  const root = new Tree(pager, 'root', emptyLeaf(), 0, listener);
  const buckets = new Map<BucketName, Tree>();
  for (const [name, tree] of s.buckets) {
    const keys: Uint8Array[] = [];
    const values: Uint8Array[] = [];
    tree.range(new Uint8Array(0), undefined, (k, v) => {
      keys.push(k);
      values.push(v);
      return true;
    });
    buckets.set(name, new Tree(pager, name, bulkLoad(keys, values, pageSize), keys.length, listener));
  }
  const state: BackendState = { pager, root, buckets, meta: s.meta };
  const rootPgid = spillAll(state);
  writeFreelistPage(pager);
  const flPgid = pager.written[pager.written.length - 1]![0];
  const pages = pager.finishCommit();
  const meta: Meta = { pageSize, root: rootPgid, freelist: flPgid, highWater: pager.highWater, txid: s.meta.txid + 1 };
  state.meta = meta;
  const encoded = encodeMeta(meta);
  let bytes = 0;
  for (const [, buf] of pages) bytes += buf.length;
  return {
    state,
    commit: {
      write: { pages, metas: [[0, encoded], [1, encoded]], replaceAll: true },
      meta,
      pagesWritten: bytes / pageSize,
      bytes,
      pagesFreed: 0,
    },
  };
}
