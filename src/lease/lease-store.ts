/**
 * Reads and writes of the backend's `lease` bucket (etcd's schema/lease.go). `unsafe*` means
 * the caller holds the batch transaction: the lessor writes inside the apply of the entry that
 * granted, revoked or checkpointed the lease, so the write lands in the same backend commit as
 * that entry's consistent index.
 */
import type { BatchTx, ReadTx } from '../backend/backend';
import { bytesToLeaseId, decodeLeaseRecord, encodeLeaseRecord, leaseIdToBytes, type LeaseRecord } from './lease-codec';
import { assert } from './assert';

/** unsafePutLease writes (or replaces) one lease record. */
export function unsafePutLease(tx: BatchTx, rec: LeaseRecord): void {
  tx.unsafePut('lease', leaseIdToBytes(rec.ID), encodeLeaseRecord(rec));
}

/** unsafeDeleteLease removes one lease record; removing a missing one is not an error. */
export function unsafeDeleteLease(tx: BatchTx, id: bigint): void {
  tx.unsafeDelete('lease', leaseIdToBytes(id));
}

/** unsafeGetAllLeases reads every lease record, in ID order. */
export function unsafeGetAllLeases(tx: ReadTx): LeaseRecord[] {
  const out: LeaseRecord[] = [];
  tx.unsafeForEach('lease', (key, value) => {
    const rec = decodeLeaseRecord(value);
    assert(rec.ID === bytesToLeaseId(key), `lease record ${rec.ID} stored under another key`);
    out.push(rec);
  });
  return out;
}

/** unsafeGetLease reads one lease record, or undefined. */
export function unsafeGetLease(tx: ReadTx, id: bigint): LeaseRecord | undefined {
  const { values } = tx.unsafeRange('lease', leaseIdToBytes(id), undefined, 0);
  return values.length === 1 ? decodeLeaseRecord(values[0]!) : undefined;
}
