/**
 * Size statistics of a backend, as `endpoint status` (dbSize, dbSizeInUse) and the B+tree view
 * show them.
 */
import type { BackendStats, BucketName } from './backend';
import { assertNever } from './assert';
import { pageKind, readHeader } from './page';
import type { PageCounts } from './page-cache';
import type { BackendState } from './state';

/** {@link BackendStats} plus the bbolt details the UI can draw. */
export interface BoltStats extends BackendStats {
  /** First never-allocated page id: the database spans pages `[0, highWater)`. */
  highWater: number;
  /** Pages of the freelist. */
  freelistPages: number;
  /** The two meta slots, counted as pages 0 and 1 as in bbolt. */
  metaPages: number;
  /** Writes not yet committed. */
  pending: number;
}

/**
 * Computes the stats in O(buckets): page counts are kept by the page cache, sizes come from the
 * meta and the freelist (as bbolt's `Tx.Size`). Sizes and page counts describe the last
 * committed version (what the page store holds); `keys` and `depth` describe the live trees,
 * uncommitted writes included.
 */
export function computeStats(s: BackendState, pending: number): BoltStats {
  const { branchPages, leafPages, overflowPages, freelistPages } = s.pager.pages.counts();
  const pageSize = s.pager.pageSize;
  const freePages = s.pager.freelist.count() - s.pager.freelist.pendingCount();
  const dbSize = s.meta.highWater * pageSize;
  const depth = {} as Record<BucketName, number>;
  const keys = {} as Record<BucketName, number>;
  for (const [name, tree] of s.buckets) {
    depth[name] = tree.depth();
    keys[name] = tree.count;
  }
  return {
    dbSize,
    dbSizeInUse: dbSize - freePages * pageSize,
    pageSize,
    branchPages,
    leafPages,
    overflowPages,
    freePages,
    depth,
    keys,
    txid: s.meta.txid,
    highWater: s.meta.highWater,
    freelistPages,
    metaPages: 2,
    pending,
  };
}

/**
 * Counts the page kinds by walking every cached page: what {@link PageCache} keeps
 * incrementally, recomputed from scratch (tests compare the two).
 */
export function walkPageCounts(s: BackendState): PageCounts {
  let branchPages = 0;
  let leafPages = 0;
  let overflowPages = 0;
  let freelistPages = 0;
  for (const buf of s.pager.pages.values()) {
    const h = readHeader(buf);
    const kind = pageKind(h.flags);
    switch (kind) {
      case 'branch':
        branchPages++;
        overflowPages += h.overflow;
        break;
      case 'leaf':
        leafPages++;
        overflowPages += h.overflow;
        break;
      case 'freelist':
        freelistPages += 1 + h.overflow;
        break;
      default:
        assertNever(kind);
    }
  }
  return { branchPages, leafPages, overflowPages, freelistPages };
}
