/**
 * The meta record: the one small record that says which tree is the committed one.
 *
 * Like bbolt there are two meta slots; transaction `txid` writes slot `txid % 2`, so the previous
 * meta survives a torn write of the new one. On open the valid meta with the highest txid wins.
 *
 * ```
 *  +-------+---------+----------+------+----------+-----------+------+----------+
 *  | magic | version | pageSize | root | freelist | highWater | txid | checksum |
 *  | u32   | u32     | u32      | u32  | u32      | u32       | f64  | u32      |
 *  +-------+---------+----------+------+----------+-----------+------+----------+
 * ```
 * `root` is the page of the root bucket (bucket name -> bucket root), `freelist` the page of the
 * free page ids, `highWater` the first never-allocated page id (bbolt's `pgid`): the database
 * occupies `highWater * pageSize` bytes. Page ids 0 and 1 stand for the two meta slots.
 */
import { fnv1a } from './bytes';
import { ErrCorrupt } from './errors';

/** Magic number of an etcdscope backend meta record. */
export const META_MAGIC = 0xed0cb017;
/** Version of the on-store format. */
export const META_VERSION = 1;
/** Size of an encoded meta record. */
export const META_SIZE = 40;
/** First page id available to data pages (0 and 1 are the meta slots). */
export const FIRST_DATA_PGID = 2;

/** A decoded meta record. */
export interface Meta {
  pageSize: number;
  /** Page id of the root bucket's tree. */
  root: number;
  /** Page id of the freelist page. */
  freelist: number;
  /** First page id never allocated; the database spans `[0, highWater)`. */
  highWater: number;
  /** Id of the transaction that wrote this meta. */
  txid: number;
}

/** Which meta slot transaction `txid` writes. */
export function metaSlot(txid: number): number {
  return txid % 2;
}

/** Serialises a meta record with its checksum. */
export function encodeMeta(m: Meta): Uint8Array {
  const buf = new Uint8Array(META_SIZE);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, META_MAGIC, true);
  dv.setUint32(4, META_VERSION, true);
  dv.setUint32(8, m.pageSize, true);
  dv.setUint32(12, m.root, true);
  dv.setUint32(16, m.freelist, true);
  dv.setUint32(20, m.highWater, true);
  dv.setFloat64(24, m.txid, true);
  dv.setUint32(32, fnv1a(buf, 0, 32), true);
  return buf;
}

/** Decodes and validates a meta record; throws {@link ErrCorrupt} when it is not sound. */
export function decodeMeta(buf: Uint8Array): Meta {
  if (buf.length !== META_SIZE) throw new ErrCorrupt(`meta record has ${buf.length} bytes`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getUint32(0, true) !== META_MAGIC) throw new ErrCorrupt('invalid magic');
  if (dv.getUint32(4, true) !== META_VERSION) throw new ErrCorrupt('version mismatch');
  if (dv.getUint32(32, true) !== fnv1a(buf, 0, 32)) throw new ErrCorrupt('checksum error');
  return {
    pageSize: dv.getUint32(8, true),
    root: dv.getUint32(12, true),
    freelist: dv.getUint32(16, true),
    highWater: dv.getUint32(20, true),
    txid: dv.getFloat64(24, true),
  };
}
