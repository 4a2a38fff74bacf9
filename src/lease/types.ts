/**
 * The shapes the lessor exchanges with the server: its options, the RangeDeleter it deletes a
 * revoked lease's keys through, and what time-to-live and checkpoint scheduling return.
 */
import type { Backend } from '../backend/backend';
import type { LessorConfig } from './config';
import type { LessorListener } from './events';

/**
 * RangeDeleter deletes keys for a revoke. The server binds it to ONE write transaction of the
 * MVCC store: all the keys go in one revision (none: no new revision), and the lessor's removal
 * of the lease record happens in the same backend batch.
 */
export interface RangeDeleter {
  /** Deletes `keys` (sorted, byte order) in one write transaction. */
  deleteKeys(keys: Uint8Array[]): void;
}

/** LeaseCheckpoint is one entry of a LeaseCheckpointRequest: a lease's remaining TTL to record. */
export interface LeaseCheckpoint {
  ID: bigint;
  /** Remaining seconds; 0 clears the checkpoint (after a renew). */
  remainingTTL: number;
}

/** LeaseTimeToLive is the lessor's answer to a TimeToLive request (the server adds the header). */
export interface LeaseTimeToLive {
  ID: bigint;
  /** Remaining seconds, truncated (etcd: `int64(Remaining().Seconds())`). */
  TTL: number;
  grantedTTL: number;
  /** Attached keys in attach order when asked for, else empty. */
  keys: Uint8Array[];
}

/** LessorOptions are the lessor's dependencies and configuration. */
export interface LessorOptions extends LessorConfig {
  /** The member's backend; leases are recovered from its `lease` bucket at construction. */
  backend: Backend;
  /** Deletes a revoked lease's keys; may be set later with setRangeDeleter. */
  rangeDeleter?: RangeDeleter;
  /** Receives every LessorEvent. */
  listener?: LessorListener;
}
