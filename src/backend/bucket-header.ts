/**
 * The value the root bucket stores for each bucket: where its tree starts and how many keys it
 * holds (so `stats()` need not walk the tree).
 *
 * ```
 *  +-----------+----------+
 *  | root pgid | keyCount |
 *  | u32       | u32      |
 *  +-----------+----------+
 * ```
 */
import { ErrCorrupt } from './errors';

/** A decoded bucket header. */
export interface BucketHeader {
  root: number;
  count: number;
}

/** Encodes a bucket header. */
export function encodeBucketHeader(h: BucketHeader): Uint8Array {
  const buf = new Uint8Array(8);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, h.root, true);
  dv.setUint32(4, h.count, true);
  return buf;
}

/** Decodes a bucket header. */
export function decodeBucketHeader(buf: Uint8Array): BucketHeader {
  if (buf.length !== 8) throw new ErrCorrupt(`bucket header has ${buf.length} bytes`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return { root: dv.getUint32(0, true), count: dv.getUint32(4, true) };
}
