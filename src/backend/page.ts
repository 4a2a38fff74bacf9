/**
 * Page layout: how nodes and the freelist are serialised into fixed-size pages.
 *
 * ```
 *  page header (16 bytes, little-endian)
 *  +--------+-------+----------+--------+----------+
 *  | pgid   | flags | overflow | count  | checksum |
 *  | u32    | u16   | u16      | u32    | u32      |
 *  +--------+-------+----------+--------+----------+
 *  leaf body:     count x [ klen u32 | vlen u32 | key | value ]
 *  branch body:   count x [ klen u32 | child pgid u32 | key ]
 *  freelist body: count x [ pgid u32 ]
 * ```
 *
 * A node larger than one page occupies `1 + overflow` contiguous page ids and is stored as one
 * buffer of that many pages under its first id (bbolt's overflow pages). The checksum is FNV-1a
 * over the whole buffer except the checksum field, so a torn or corrupted page is detected.
 */
import { assert } from './assert';
import { fnv1a } from './bytes';
import { ErrCorrupt } from './errors';
import { PAGE_HEADER_SIZE, type Node } from './node';

/** Page flag of a branch page (bbolt's value). */
export const BRANCH_PAGE = 0x01;
/** Page flag of a leaf page. */
export const LEAF_PAGE = 0x02;
/** Page flag of the freelist page. */
export const FREELIST_PAGE = 0x10;

/** The kind of a page, as the stats and the UI name it. */
export type PageKind = 'branch' | 'leaf' | 'freelist';

/** The header fields of a page. */
export interface PageHeader {
  pgid: number;
  flags: number;
  overflow: number;
  count: number;
  checksum: number;
}

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Number of pages needed for `bytes` bytes. */
export function pagesFor(bytes: number, pageSize: number): number {
  return Math.max(1, Math.ceil(bytes / pageSize));
}

/** Reads the header of a page buffer. */
export function readHeader(buf: Uint8Array): PageHeader {
  const dv = view(buf);
  return {
    pgid: dv.getUint32(0, true),
    flags: dv.getUint16(4, true),
    overflow: dv.getUint16(6, true),
    count: dv.getUint32(8, true),
    checksum: dv.getUint32(12, true),
  };
}

/** The kind named by a page flag. */
export function pageKind(flags: number): PageKind {
  if (flags === BRANCH_PAGE) return 'branch';
  if (flags === LEAF_PAGE) return 'leaf';
  if (flags === FREELIST_PAGE) return 'freelist';
  throw new ErrCorrupt(`invalid page type: ${flags}`);
}

function pageChecksum(buf: Uint8Array): number {
  return fnv1a(buf, PAGE_HEADER_SIZE, buf.length, fnv1a(buf, 0, 12));
}

function allocPage(pgid: number, flags: number, count: number, bytes: number, pageSize: number, minPages = 1): Uint8Array {
  const n = Math.max(minPages, pagesFor(bytes, pageSize));
  assert(n - 1 <= 0xffff, `node of ${bytes} bytes needs more than 65536 pages`);
  const buf = new Uint8Array(n * pageSize);
  const dv = view(buf);
  dv.setUint32(0, pgid, true);
  dv.setUint16(4, flags, true);
  dv.setUint16(6, n - 1, true);
  dv.setUint32(8, count, true);
  return buf;
}

function seal(buf: Uint8Array): Uint8Array {
  view(buf).setUint32(12, pageChecksum(buf), true);
  return buf;
}

/** Serialises a node whose children are all committed page ids into a page buffer. */
export function encodeNode(n: Node, pgid: number, pageSize: number): Uint8Array {
  const buf = allocPage(pgid, n.leaf ? LEAF_PAGE : BRANCH_PAGE, n.keys.length, n.size, pageSize);
  const dv = view(buf);
  let off = PAGE_HEADER_SIZE;
  for (let i = 0; i < n.keys.length; i++) {
    const key = n.keys[i]!;
    dv.setUint32(off, key.length, true);
    if (n.leaf) {
      const value = n.values[i]!;
      dv.setUint32(off + 4, value.length, true);
      buf.set(key, off + 8);
      buf.set(value, off + 8 + key.length);
      off += 8 + key.length + value.length;
    } else {
      const child = n.children[i];
      assert(typeof child === 'number', 'encodeNode: dirty child');
      dv.setUint32(off + 4, child, true);
      buf.set(key, off + 8);
      off += 8 + key.length;
    }
  }
  assert(off === n.size, `encodeNode: size ${n.size} but wrote ${off}`);
  return seal(buf);
}

/**
 * Checks a page buffer read back from the store: checksum, page id, known kind and a length that
 * matches its overflow count. Throws {@link ErrCorrupt} naming the page.
 */
export function verifyPage(buf: Uint8Array | undefined, pgid: number, pageSize: number): PageHeader {
  if (buf === undefined) throw new ErrCorrupt(`page ${pgid} is missing`);
  if (buf.length < PAGE_HEADER_SIZE) throw new ErrCorrupt(`page ${pgid} is truncated`);
  const h = readHeader(buf);
  if (h.pgid !== pgid) throw new ErrCorrupt(`page ${pgid} has id ${h.pgid}`);
  if (buf.length !== (h.overflow + 1) * pageSize) throw new ErrCorrupt(`page ${pgid} is truncated`);
  if (pageChecksum(buf) !== h.checksum) throw new ErrCorrupt(`page ${pgid}: checksum error`);
  pageKind(h.flags);
  return h;
}

/** Decodes a leaf or branch page; keys and values are views into `buf` (read-only). */
export function decodeNode(buf: Uint8Array): Node {
  const h = readHeader(buf);
  const dv = view(buf);
  const leaf = h.flags === LEAF_PAGE;
  assert(leaf || h.flags === BRANCH_PAGE, `decodeNode: page ${h.pgid} is not a tree page`);
  const n: Node = { leaf, keys: new Array(h.count), values: leaf ? new Array(h.count) : [], children: leaf ? [] : new Array(h.count), size: 0 };
  let off = PAGE_HEADER_SIZE;
  for (let i = 0; i < h.count; i++) {
    const klen = dv.getUint32(off, true);
    const second = dv.getUint32(off + 4, true);
    n.keys[i] = buf.subarray(off + 8, off + 8 + klen);
    if (leaf) {
      n.values[i] = buf.subarray(off + 8 + klen, off + 8 + klen + second);
      off += 8 + klen + second;
    } else {
      n.children[i] = second;
      off += 8 + klen;
    }
  }
  n.size = off;
  return n;
}

/**
 * Serialises the freelist (sorted page ids) into a buffer of at least `minPages` pages (the
 * caller allocated them before the list shrank by that allocation).
 */
export function encodeFreelist(ids: readonly number[], pgid: number, pageSize: number, minPages = 1): Uint8Array {
  const buf = allocPage(pgid, FREELIST_PAGE, ids.length, freelistBytes(ids.length), pageSize, minPages);
  const dv = view(buf);
  for (let i = 0; i < ids.length; i++) dv.setUint32(PAGE_HEADER_SIZE + 4 * i, ids[i]!, true);
  return seal(buf);
}

/** Bytes a freelist page of `count` ids occupies. */
export function freelistBytes(count: number): number {
  return PAGE_HEADER_SIZE + 4 * count;
}

/** Decodes a freelist page into its page ids. */
export function decodeFreelist(buf: Uint8Array): number[] {
  const h = readHeader(buf);
  assert(h.flags === FREELIST_PAGE, `page ${h.pgid} is not a freelist page`);
  const dv = view(buf);
  const ids: number[] = new Array(h.count);
  for (let i = 0; i < h.count; i++) ids[i] = dv.getUint32(PAGE_HEADER_SIZE + 4 * i, true);
  return ids;
}
