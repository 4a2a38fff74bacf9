/**
 * Small helpers of the fake cluster: etcd's request size limits and the CRC-32 the fake uses
 * for hashes (HashKV, snapshot status).
 */
import type { PutRequest } from '../../protocol/rpc';
import { ServerError } from './fake-store';

/** etcd's default --max-request-bytes and clientv3's default gRPC send limit (that + 512 KiB). */
const MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
const MAX_CALL_SEND_BYTES = MAX_REQUEST_BYTES + 512 * 1024;

const varintLen = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);
const bytesField = (b: Uint8Array): number => (b.length === 0 ? 0 : 1 + varintLen(b.length) + b.length);

/** The protobuf size of a PutRequest (the flags and the lease are small; counted roughly). */
export function putRequestSize(req: PutRequest): number {
  return bytesField(req.key) + bytesField(req.value) + (req.lease ? 10 : 0) + (req.prevKv ? 2 : 0) + (req.ignoreValue ? 2 : 0) + (req.ignoreLease ? 2 : 0);
}

/** Rejects a request as clientv3's gRPC limit or etcd's max-request-bytes would. */
export function checkRequestSize(size: number): void {
  if (size > MAX_CALL_SEND_BYTES) {
    throw new Error(`rpc error: code = ResourceExhausted desc = trying to send message larger than max (${size} vs. ${MAX_CALL_SEND_BYTES})`);
  }
  if (size > MAX_REQUEST_BYTES) throw new ServerError('etcdserver: request is too large');
}

/** CRC-32 (IEEE) of `data`. */
export function crc32(data: Uint8Array): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

