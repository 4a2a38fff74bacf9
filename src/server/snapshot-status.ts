/**
 * `snapshot status` of a snapshot image (what `EtcdMember.snapshot()` returns): the CRC-32 (IEEE)
 * hash of the image, the newest revision in its key bucket, the number of records in all its
 * buckets and its size in bytes (etcdctl's snapshot status reads the same from a bolt file).
 */
import { bytesToBucketKey } from '../mvcc';
import { decodeBackendImage } from './snapshot';

/** etcdctl's snapshot.Status. */
export interface SnapshotImageStatus {
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** crc32 (IEEE), as Go's hash/crc32.ChecksumIEEE. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** snapshotImageStatus reads a snapshot image like `etcdctl snapshot status` reads a db file. */
export function snapshotImageStatus(image: Uint8Array): SnapshotImageStatus {
  const img = decodeBackendImage(image);
  let totalKey = 0;
  let revision = 0;
  for (const recs of Object.values(img.buckets)) totalKey += recs?.length ?? 0;
  for (const [k] of img.buckets.key ?? []) revision = Math.max(revision, bytesToBucketKey(k).rev.main);
  return { hash: crc32(image), revision, totalKey, totalSize: image.length };
}
