/**
 * etcd's ID generator (pkg/idutil) and the lease-ID helpers built on it.
 *
 * ```
 *   | prefix   | suffix              |
 *   | 2 bytes  | 5 bytes   | 1 byte  |
 *   | memberID | timestamp | cnt     |
 * ```
 * The prefix is the low 16 bits of the member ID. The suffix starts at (start time in Unix ms,
 * low 40 bits) << 8 and is incremented before every ID; the counter may carry into the
 * timestamp, which is intended (it widens the window to 2^48 IDs). One generator per member
 * serves every request ID the member issues, lease grants included, which is why consecutive
 * grants on a busy member differ by more than one. The server masks a lease ID to 63 bits
 * (only positive int64 IDs) and draws again if that gives 0.
 */
import { assert } from './assert';

const TS_BITS = 40n;
const CNT_BITS = 8n;
const SUFFIX_BITS = TS_BITS + CNT_BITS;
const SUFFIX_MASK = (1n << SUFFIX_BITS) - 1n;
/** The mask etcd's LeaseGrant applies to a generated ID: positive int64 only. */
export const LEASE_ID_MASK = (1n << 63n) - 1n;

/** IDGenerator is etcd's idutil.Generator: unique 64-bit IDs for one member. */
export class IDGenerator {
  private readonly prefix: bigint;
  private suffix: bigint;

  /**
   * @param memberId the member's ID (only its low 16 bits are used)
   * @param startMs the host's wall-clock time in Unix milliseconds when the member started
   */
  constructor(memberId: bigint, startMs: number) {
    assert(Number.isSafeInteger(startMs) && startMs >= 0, 'startMs is a Unix time in ms');
    this.prefix = BigInt.asUintN(16, memberId) << SUFFIX_BITS;
    this.suffix = BigInt.asUintN(Number(TS_BITS), BigInt(startMs)) << CNT_BITS;
  }

  /** The next request ID (uint64). */
  next(): bigint {
    this.suffix++;
    return this.prefix | (this.suffix & SUFFIX_MASK);
  }

  /** The next lease ID as etcd's LeaseGrant picks one: next() masked to 63 bits, never 0. */
  nextLeaseID(): bigint {
    for (;;) {
      const id = this.next() & LEASE_ID_MASK;
      if (id !== 0n) return id;
    }
  }
}

/** formatLeaseId prints a lease ID the way etcdctl does (`%016x`). */
export function formatLeaseId(id: bigint): string {
  return id.toString(16).padStart(16, '0');
}
