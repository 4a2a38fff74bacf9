/**
 * The page cache and allocator shared by every bucket tree of one backend.
 *
 * `pages` holds the buffer of every page of the last committed version (the whole database is
 * cached, so tree operations stay synchronous); `decoded` memoises their decoded nodes. A commit
 * collects the buffers it writes in `written`, which the backend hands to the page store.
 */
import { assert } from './assert';
import { Freelist } from './freelist';
import type { Node } from './node';
import { decodeNode, encodeNode, pagesFor, readHeader } from './page';
import { PageCache } from './page-cache';

/** Page cache, allocator and write set of one backend. */
export class Pager {
  /** Committed page buffers by first page id. */
  readonly pages = new PageCache();
  private decoded = new Map<number, Node>();
  /** Heads of pages released by the current transaction (dropped from the cache at commit). */
  private releasedHeads: number[] = [];
  /** Pages written by the commit being built. */
  written: Array<[number, Uint8Array]> = [];

  constructor(
    readonly pageSize: number,
    public highWater: number,
    public freelist: Freelist,
  ) {}

  /** The decoded node of a committed page (shared and read-only). */
  node(pgid: number): Node {
    let n = this.decoded.get(pgid);
    if (n === undefined) {
      const buf = this.pages.get(pgid);
      assert(buf !== undefined, `page ${pgid} is not in the page cache`);
      n = decodeNode(buf);
      this.decoded.set(pgid, n);
    }
    return n;
  }

  /** Releases a committed page that the live tree no longer references. */
  release(pgid: number): void {
    const buf = this.pages.get(pgid);
    assert(buf !== undefined, `release of unknown page ${pgid}`);
    this.freelist.release(pgid, readHeader(buf).overflow);
    this.releasedHeads.push(pgid);
  }

  /** Allocates `n` contiguous page ids, from the freelist if it can, else at the high-water mark. */
  allocate(n: number): number {
    const reused = this.freelist.allocate(n);
    if (reused !== 0) return reused;
    const pgid = this.highWater;
    this.highWater += n;
    return pgid;
  }

  /** Allocates pages for a node whose children are all committed, encodes it, returns its id. */
  write(n: Node): number {
    const pgid = this.allocate(pagesFor(n.size, this.pageSize));
    // Not memoised as `n`: its keys may be views into older page buffers, which would stay alive.
    this.put(pgid, encodeNode(n, pgid, this.pageSize));
    return pgid;
  }

  /** Records an encoded page buffer as written by this commit. */
  put(pgid: number, buf: Uint8Array): void {
    this.written.push([pgid, buf]);
    this.pages.set(pgid, buf);
    this.decoded.delete(pgid);
  }

  /**
   * Ends the commit being built: drops released pages from the cache, makes pending ids free,
   * and returns the written buffers.
   */
  finishCommit(): Array<[number, Uint8Array]> {
    const written = new Set(this.written.map(([pgid]) => pgid));
    for (const pgid of this.releasedHeads) {
      assert(!written.has(pgid), `page ${pgid} was reused by the commit that released it`);
      this.pages.delete(pgid);
      this.decoded.delete(pgid);
    }
    this.releasedHeads = [];
    this.freelist.releasePending();
    const out = this.written;
    this.written = [];
    return out;
  }
}
