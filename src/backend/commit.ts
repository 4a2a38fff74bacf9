/**
 * Building a commit: spill the dirty trees into fresh pages, write a new freelist page, and
 * produce the meta that makes it all the committed version. Nothing here touches the page store;
 * the backend hands the result to it.
 *
 * ```
 *  dirty nodes ──spill──► new pages ─┐
 *  old freelist page released         ├─► PageWrite { pages..., meta(slot txid % 2) }
 *  new freelist page (free ∪ pending) ┘
 * ```
 */
import { encodeMeta, metaSlot, type Meta } from './meta';
import { encodeFreelist, freelistBytes, pagesFor } from './page';
import type { PageWrite } from './page-store';
import type { Pager } from './pager';
import { spillAll, type BackendState } from './state';

/** A built commit, ready for the page store. */
export interface BuiltCommit {
  write: PageWrite;
  meta: Meta;
  pagesWritten: number;
  bytes: number;
  pagesFreed: number;
}

/** Builds transaction `meta.txid + 1` from the dirty trees of `s` and makes it current. */
export function buildCommit(s: BackendState): BuiltCommit {
  const txid = s.meta.txid + 1;
  const root = spillAll(s);
  const pager = s.pager;
  if (s.meta.freelist !== 0) pager.release(s.meta.freelist);
  const pagesFreed = pager.freelist.pendingCount();
  writeFreelistPage(pager);
  const flPgid = pager.written[pager.written.length - 1]![0];
  const pages = pager.finishCommit();
  const meta: Meta = { pageSize: pager.pageSize, root, freelist: flPgid, highWater: pager.highWater, txid };
  s.meta = meta;
  let bytes = 0;
  for (const [, buf] of pages) bytes += buf.length;
  return {
    write: { pages, metas: [[metaSlot(txid), encodeMeta(meta)]], replaceAll: false },
    meta,
    pagesWritten: pages.reduce((n, [, buf]) => n + buf.length / pager.pageSize, 0),
    bytes,
    pagesFreed,
  };
}

/** Allocates and writes the freelist page; it records free and pending ids (all free after commit). */
export function writeFreelistPage(pager: Pager): void {
  const n = pagesFor(freelistBytes(pager.freelist.count()), pager.pageSize);
  const pgid = pager.allocate(n);
  pager.put(pgid, encodeFreelist(pager.freelist.all(), pgid, pager.pageSize, n));
}
