/**
 * Revisions and their backend keys (etcd's revision.go).
 *
 * Every change to the key space has a revision {main, sub}: `main` is the store revision of the
 * write transaction (one per txn), `sub` the position of the change inside it (0, 1, 2...).
 * The `key` bucket is keyed by revision, so it is one append-only log sorted by time:
 *
 * ```
 *  byte  0 ........ 7   8   9 ........ 16   [17]
 *       | main (BE u64) | _ | sub (BE u64) | t |   <- 't' only on a tombstone (18 bytes)
 * ```
 *
 * "every record at or below revision R" is therefore one range scan from the start of the bucket
 * to the 8-byte key R+1, which is how compaction and watch catch-up read it.
 */
import { assert } from './assert';

/** A revision: the main revision of a write txn and the sub revision of one change in it. */
export interface Revision {
  main: number;
  sub: number;
}

/** Length of a revision key. */
export const REV_BYTES_LEN = 17;
/** Length of a tombstone revision key (the mark byte appended). */
export const MARKED_REV_BYTES_LEN = 18;
/** The mark byte of a tombstone, `t`. */
export const MARK_TOMBSTONE = 0x74;
const SEPARATOR = 0x5f; // '_'
const TWO_32 = 0x1_0000_0000;

/** Whether `a` is strictly after `b` (main first, then sub). */
export function revGreaterThan(a: Revision, b: Revision): boolean {
  return a.main > b.main || (a.main === b.main && a.sub > b.sub);
}

/** Whether two revisions are the same. */
export function revEqual(a: Revision, b: Revision): boolean {
  return a.main === b.main && a.sub === b.sub;
}

function putU64(b: Uint8Array, off: number, v: number): void {
  assert(Number.isSafeInteger(v) && v >= 0, `revision component out of range: ${v}`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  dv.setUint32(off, Math.floor(v / TWO_32));
  dv.setUint32(off + 4, v >>> 0);
}

function getU64(b: Uint8Array, off: number): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return dv.getUint32(off) * TWO_32 + dv.getUint32(off + 4);
}

/** The 17-byte (or, for a tombstone, 18-byte) backend key of a revision. */
export function revToBytes(rev: Revision, tombstone = false): Uint8Array {
  const b = new Uint8Array(tombstone ? MARKED_REV_BYTES_LEN : REV_BYTES_LEN);
  putU64(b, 0, rev.main);
  b[8] = SEPARATOR;
  putU64(b, 9, rev.sub);
  if (tombstone) b[17] = MARK_TOMBSTONE;
  return b;
}

/** The 8-byte big-endian prefix `main`: every revision key of main revisions below it sorts first. */
export function mainRevPrefix(main: number): Uint8Array {
  const b = new Uint8Array(8);
  putU64(b, 0, main);
  return b;
}

/** A decoded backend key: the revision and whether it marks a tombstone. */
export interface BucketKey {
  rev: Revision;
  tombstone: boolean;
}

/** Decodes a backend key made by {@link revToBytes}. */
export function bytesToBucketKey(b: Uint8Array): BucketKey {
  assert(b.length === REV_BYTES_LEN || b.length === MARKED_REV_BYTES_LEN, `invalid revision length: ${b.length}`);
  assert(b[8] === SEPARATOR, `invalid separator in bucket key: ${b[8]}`);
  return { rev: { main: getU64(b, 0), sub: getU64(b, 9) }, tombstone: isTombstone(b) };
}

/** The revision of a backend key. */
export function bytesToRev(b: Uint8Array): Revision {
  return bytesToBucketKey(b).rev;
}

/** Whether a backend key marks a tombstone (a delete). */
export function isTombstone(b: Uint8Array): boolean {
  return b.length === MARKED_REV_BYTES_LEN && b[17] === MARK_TOMBSTONE;
}

/** A set of revisions (the "keep" set of a compaction), keyed by main then sub. */
export class RevisionSet {
  private readonly byMain = new Map<number, number[]>();
  private count = 0;

  /** Adds a revision (no-op when present). */
  add(rev: Revision): void {
    const subs = this.byMain.get(rev.main);
    if (subs === undefined) {
      this.byMain.set(rev.main, [rev.sub]);
    } else if (!subs.includes(rev.sub)) {
      subs.push(rev.sub);
    } else {
      return;
    }
    this.count++;
  }

  /** Whether the set holds `rev`. */
  has(rev: Revision): boolean {
    const subs = this.byMain.get(rev.main);
    return subs !== undefined && subs.includes(rev.sub);
  }

  /** Removes a revision (no-op when absent). */
  delete(rev: Revision): void {
    const subs = this.byMain.get(rev.main);
    if (subs === undefined) return;
    const i = subs.indexOf(rev.sub);
    if (i < 0) return;
    subs.splice(i, 1);
    if (subs.length === 0) this.byMain.delete(rev.main);
    this.count--;
  }

  /** Number of revisions held. */
  get size(): number {
    return this.count;
  }

  /** Every revision, ascending. */
  toArray(): Revision[] {
    const out: Revision[] = [];
    for (const [main, subs] of this.byMain) for (const sub of subs) out.push({ main, sub });
    return out.sort((a, b) => a.main - b.main || a.sub - b.sub);
  }
}
