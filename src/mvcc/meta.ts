/**
 * The MVCC records of the `meta` bucket, under etcd's key names:
 *
 * ```
 *  consistent_index     8-byte BE u64   raft index of the last entry applied to this backend
 *  term                 8-byte BE u64   raft term of that entry
 *  scheduledCompactRev  17-byte rev     compaction recorded (phase 1), maybe unfinished
 *  finishedCompactRev   17-byte rev     compaction whose backend deletes all finished (phase 2)
 * ```
 *
 * They are written through the batch transaction, so they commit atomically with the data they
 * describe: a crash never leaves a consistent index ahead of the keys it covers.
 */
import type { BatchTx, ReadTx } from '../backend/backend';
import { bytesToRev, revToBytes } from './revision';

const enc = new TextEncoder();
/** Key of the applied raft index. */
export const CONSISTENT_INDEX_KEY = enc.encode('consistent_index');
/** Key of the applied raft term. */
export const TERM_KEY = enc.encode('term');
/** Key of the scheduled compaction revision. */
export const SCHEDULED_COMPACT_KEY = enc.encode('scheduledCompactRev');
/** Key of the finished compaction revision. */
export const FINISHED_COMPACT_KEY = enc.encode('finishedCompactRev');

const TWO_32 = 0x1_0000_0000;

function u64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, Math.floor(v / TWO_32));
  dv.setUint32(4, v >>> 0);
  return b;
}

function readU64(tx: ReadTx, key: Uint8Array): number | undefined {
  const r = tx.unsafeRange('meta', key, undefined, 0);
  const v = r.values[0];
  if (v === undefined || v.length !== 8) return undefined;
  const dv = new DataView(v.buffer, v.byteOffset, 8);
  return dv.getUint32(0) * TWO_32 + dv.getUint32(4);
}

function readRev(tx: ReadTx, key: Uint8Array): number | undefined {
  const v = tx.unsafeRange('meta', key, undefined, 0).values[0];
  return v === undefined ? undefined : bytesToRev(v).main;
}

/** Writes the applied raft index (and its term when given) into the batch. */
export function unsafeSetConsistentIndex(tx: BatchTx, index: number, term?: number): void {
  tx.unsafePut('meta', CONSISTENT_INDEX_KEY, u64(index));
  if (term !== undefined) tx.unsafePut('meta', TERM_KEY, u64(term));
}

/** The applied raft index and term stored in the backend (0 when never set). */
export function unsafeReadConsistentIndex(tx: ReadTx): { index: number; term: number } {
  return { index: readU64(tx, CONSISTENT_INDEX_KEY) ?? 0, term: readU64(tx, TERM_KEY) ?? 0 };
}

/** Records a scheduled compaction revision. */
export function unsafeSetScheduledCompact(tx: BatchTx, rev: number): void {
  tx.unsafePut('meta', SCHEDULED_COMPACT_KEY, revToBytes({ main: rev, sub: 0 }));
}

/** Records a finished compaction revision. */
export function unsafeSetFinishedCompact(tx: BatchTx, rev: number): void {
  tx.unsafePut('meta', FINISHED_COMPACT_KEY, revToBytes({ main: rev, sub: 0 }));
}

/** The scheduled compaction revision, if any was ever recorded. */
export function unsafeReadScheduledCompact(tx: ReadTx): number | undefined {
  return readRev(tx, SCHEDULED_COMPACT_KEY);
}

/** The finished compaction revision, if any was ever recorded. */
export function unsafeReadFinishedCompact(tx: ReadTx): number | undefined {
  return readRev(tx, FINISHED_COMPACT_KEY);
}
