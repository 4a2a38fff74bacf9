/**
 * `snapshot status` of a snapshot image (what `EtcdMember.snapshot()` returns): the CRC-32 (IEEE)
 * hash of the image, the newest revision in its key bucket, the number of records in all its
 * buckets and its size in bytes (etcdctl's snapshot status reads the same from a bolt file).
 */
import { bytesToBucketKey } from '../mvcc';
import { crc32 } from './crc32';
import { decodeBackendImage } from './snapshot';

export { crc32 };

/** etcdctl's snapshot.Status. */
export interface SnapshotImageStatus {
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
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
