/**
 * PageCache: the committed page buffers of a backend by first page id, with running counts of
 * each page kind kept on every set and delete. bbolt reads its size from the meta page
 * (`txid.meta.pgid * pageSize`) and never walks the file for it; this cache does the same for
 * the page counts that `stats()` reports, so a stats call (every quota check, every status
 * report) is O(buckets), not O(pages).
 */
import { FREELIST_PAGE, BRANCH_PAGE, LEAF_PAGE } from './page';

/** Page counts of the committed version, as {@link computeStats} reports them. */
export interface PageCounts {
  branchPages: number;
  leafPages: number;
  /** Overflow pages of branch and leaf nodes (pages after a node's first). */
  overflowPages: number;
  /** Pages of the freelist, its overflow included. */
  freelistPages: number;
}

/** A Map of page buffers that keeps {@link PageCounts} up to date. */
export class PageCache extends Map<number, Uint8Array> {
  private readonly c: PageCounts = { branchPages: 0, leafPages: 0, overflowPages: 0, freelistPages: 0 };

  /** The current counts (a copy). */
  counts(): PageCounts {
    return { ...this.c };
  }

  override set(pgid: number, buf: Uint8Array): this {
    // Map's constructor calls set() before the field initialisers have run.
    if (this.c !== undefined) {
      const old = super.get(pgid);
      if (old !== undefined) this.count(old, -1);
      this.count(buf, 1);
    }
    return super.set(pgid, buf);
  }

  override delete(pgid: number): boolean {
    const old = super.get(pgid);
    if (old !== undefined) this.count(old, -1);
    return super.delete(pgid);
  }

  override clear(): void {
    this.c.branchPages = this.c.leafPages = this.c.overflowPages = this.c.freelistPages = 0;
    super.clear();
  }

  /** Adds (sign 1) or removes (sign -1) one page buffer from the counts (header at offset 4). */
  private count(buf: Uint8Array, sign: 1 | -1): void {
    const flags = buf[4]! | (buf[5]! << 8);
    const overflow = buf[6]! | (buf[7]! << 8);
    if (flags === BRANCH_PAGE) {
      this.c.branchPages += sign;
      this.c.overflowPages += sign * overflow;
    } else if (flags === LEAF_PAGE) {
      this.c.leafPages += sign;
      this.c.overflowPages += sign * overflow;
    } else if (flags === FREELIST_PAGE) {
      this.c.freelistPages += sign * (1 + overflow);
    }
  }
}
