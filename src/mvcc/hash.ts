/**
 * hashKV: a CRC-32C (Castagnoli) over the `key` bucket up to a revision, as etcd's HashByRev
 * computes it, so members that applied the same log report the same hash.
 *
 * The hash starts with the bucket name `key`, then for every record in revision order whose
 * revision is at or below `rev`, its backend key and value. Records at or below the compaction
 * revision count only if they are in the keep set (they survive compaction on every member,
 * whether or not this member has finished deleting the others), and a tombstone exactly at the
 * compaction revision is skipped (older and newer etcd versions disagree on keeping it).
 */
import type { RevisionSet } from './revision';
import { bytesToBucketKey } from './revision';

function makeTable(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
}

const CASTAGNOLI = makeTable(0x82f63b78);

/** Continues a CRC-32C: `crc` is a previous result (0 to start), as Go's crc32.Update. */
export function crc32c(crc: number, data: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = CASTAGNOLI[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** The result of hashKV: the hash, the compaction revision it assumed and the revision hashed up to. */
export interface KeyValueHash {
  hash: number;
  /** The store's compaction revision (-1 when never compacted), as etcd reports it. */
  compactRevision: number;
  revision: number;
}

const KEY_BUCKET_NAME = new TextEncoder().encode('key');

/** Feeds backend records into a hash, skipping what etcd's kvHasher skips. */
export class KVHasher {
  private crc = crc32c(0, KEY_BUCKET_NAME);

  constructor(
    private readonly compactRevision: number,
    private readonly revision: number,
    private readonly keep: RevisionSet,
  ) {}

  /** Adds one record of the `key` bucket (records must come in revision order). */
  writeKeyValue(k: Uint8Array, v: Uint8Array): void {
    const { rev, tombstone } = bytesToBucketKey(k);
    if (rev.main > this.revision) return;
    if (rev.main <= this.compactRevision && this.keep.size > 0 && !this.keep.has(rev)) return;
    if (rev.main === this.compactRevision && tombstone) return;
    this.crc = crc32c(this.crc, k);
    this.crc = crc32c(this.crc, v);
  }

  /** The hash so far. */
  hash(): KeyValueHash {
    return { hash: this.crc, compactRevision: this.compactRevision, revision: this.revision };
  }
}
