/**
 * Reading a committed version back from a page store on open, bbolt-style: pick the newest meta
 * whose checksum holds, check every page its tree reaches, and fall back to the other meta when
 * the newest one (or a page it needs) is corrupt.
 */
import { decodeBucketHeader, type BucketHeader } from './bucket-header';
import { ErrCorrupt } from './errors';
import { decodeMeta, FIRST_DATA_PGID, type Meta } from './meta';
import { BRANCH_PAGE, decodeFreelist, decodeNode, FREELIST_PAGE, LEAF_PAGE, readHeader, verifyPage } from './page';
import type { StoredPages } from './page-store';

/** A committed version, checked and ready for the page cache. */
export interface LoadedVersion {
  meta: Meta;
  /** The buffers of every page the version uses (stale store pages left out). */
  pages: Map<number, Uint8Array>;
  /** Free page ids from the freelist page. */
  free: number[];
  /** Bucket headers by bucket name, from the root bucket. */
  buckets: Map<string, BucketHeader>;
}

/** The outcome of {@link loadNewest}: a version, or undefined for an empty store. */
export interface LoadResult {
  version: LoadedVersion | undefined;
  /** Why the newest meta was passed over, when it was. */
  recovered: string | undefined;
}

/** Picks the newest sound version among the two meta slots. Throws {@link ErrCorrupt} if none is. */
export function loadNewest(stored: StoredPages): LoadResult {
  const present = stored.metas.filter((m): m is Uint8Array => m !== undefined);
  if (present.length === 0) return { version: undefined, recovered: undefined };
  const candidates: Meta[] = [];
  const errors: string[] = [];
  for (const buf of present) {
    try {
      candidates.push(decodeMeta(buf));
    } catch (e) {
      errors.push(`meta: ${(e as Error).message}`);
    }
  }
  candidates.sort((a, b) => b.txid - a.txid);
  for (const meta of candidates) {
    try {
      const version = loadVersion(meta, stored);
      return { version, recovered: errors.length > 0 ? errors.join('; ') : undefined };
    } catch (e) {
      if (!(e instanceof ErrCorrupt)) throw e;
      errors.push(`txid ${meta.txid}: ${e.message}`);
    }
  }
  throw new ErrCorrupt(`no usable meta: ${errors.join('; ')}`);
}

/** Checks and collects every page of the version `meta` points at. */
export function loadVersion(meta: Meta, stored: StoredPages): LoadedVersion {
  const pages = new Map<number, Uint8Array>();
  const owner = new Map<number, number>(); // page id -> head page id that covers it
  const take = (pgid: number): Uint8Array => {
    if (pgid < FIRST_DATA_PGID || pgid >= meta.highWater) throw new ErrCorrupt(`page ${pgid}: out of range`);
    const buf = stored.pages.get(pgid);
    const h = verifyPage(buf, pgid, meta.pageSize);
    for (let id = pgid; id <= pgid + h.overflow; id++) {
      if (owner.has(id)) throw new ErrCorrupt(`page ${id}: referenced twice`);
      owner.set(id, pgid);
    }
    pages.set(pgid, buf!);
    return buf!;
  };
  const buckets = new Map<string, BucketHeader>();
  walkTree(meta.root, take, (k, v) => buckets.set(new TextDecoder().decode(k), decodeBucketHeader(v)));
  for (const h of buckets.values()) walkTree(h.root, take, () => {});
  const flBuf = take(meta.freelist);
  if (verifyPage(flBuf, meta.freelist, meta.pageSize).flags !== FREELIST_PAGE) throw new ErrCorrupt(`page ${meta.freelist}: not a freelist`);
  const free = decodeFreelist(flBuf);
  for (const id of free) {
    if (owner.has(id) || id < FIRST_DATA_PGID || id >= meta.highWater) throw new ErrCorrupt(`freelist: page ${id} is in use or out of range`);
    owner.set(id, 0);
  }
  if (owner.size !== meta.highWater - FIRST_DATA_PGID) {
    throw new ErrCorrupt(`${meta.highWater - FIRST_DATA_PGID - owner.size} pages are neither used nor free`);
  }
  return { meta, pages, free, buckets };
}

function walkTree(pgid: number, take: (pgid: number) => Uint8Array, leafEntry: (k: Uint8Array, v: Uint8Array) => void): void {
  const buf = take(pgid);
  const flags = readHeader(buf).flags;
  if (flags !== LEAF_PAGE && flags !== BRANCH_PAGE) throw new ErrCorrupt(`page ${pgid}: not a tree page`);
  const n = decodeNode(buf);
  if (n.leaf) {
    for (let i = 0; i < n.keys.length; i++) leafEntry(n.keys[i]!, n.values[i]!);
    return;
  }
  if (n.keys.length === 0) throw new ErrCorrupt(`page ${pgid}: empty branch`);
  for (const c of n.children) walkTree(c as number, take, leafEntry);
}
