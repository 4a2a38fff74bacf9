/**
 * What the lessor tells an optional listener (the UI's lease panel, the simulator's trace).
 * Plain data, so it can cross a worker boundary by structured clone.
 */

/** LessorEvent is one observable lessor change. */
export type LessorEvent =
  /** A grant was applied. `expiryMs` is FOREVER (Infinity) on a member that is not the primary. */
  | { type: 'granted'; ID: bigint; ttl: number; expiryMs: number }
  /** A revoke was applied; `keys` were deleted in one write transaction, in this (sorted) order. */
  | { type: 'revoked'; ID: bigint; keys: Uint8Array[] }
  /** The primary renewed a lease (keep-alive). */
  | { type: 'renewed'; ID: bigint; ttl: number; expiryMs: number }
  /** The primary found a lease past its expiry (again each retry interval until its revoke applies). */
  | { type: 'expired'; ID: bigint; expiryMs: number }
  /** A checkpoint was applied: the lease's remaining TTL is now `remainingTTL` seconds (0 = cleared). */
  | { type: 'checkpoint'; ID: bigint; remainingTTL: number }
  /** This member's lessor became the primary; every lease was extended by `extendMs`. */
  | { type: 'promoted'; extendMs: number; leases: number }
  /** This member's lessor stopped being the primary; every expiry is FOREVER. */
  | { type: 'demoted' };

/** LessorListener receives LessorEvents synchronously, in order. */
export type LessorListener = (event: LessorEvent) => void;
