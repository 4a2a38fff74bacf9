/**
 * snapshotStatusOf: what `etcdctl snapshot status` prints for an image `snapshot save` wrote:
 * a CRC-32 of the image, the newest revision in its `key` bucket, its total key count, its size.
 */
import { decodeBackendImage } from '../server';
import { crc32 } from '../../workers/wal-codec';

/** Computes the status of a backend image. */
export function snapshotStatusOf(image: Uint8Array): { hash: number; revision: number; totalKey: number; totalSize: number } {
  const img = decodeBackendImage(image);
  let totalKey = 0;
  let revision = 0;
  for (const [bucket, records] of Object.entries(img.buckets)) {
    const list = records ?? [];
    totalKey += list.length;
    if (bucket !== 'key') continue;
    for (const [k] of list) {
      if (k.length < 8) continue;
      const main = Number(new DataView(k.buffer, k.byteOffset, 8).getBigUint64(0));
      if (main > revision) revision = main;
    }
  }
  return { hash: crc32(image), revision, totalKey, totalSize: image.length };
}
