/**
 * The lessor's configuration, with etcd's defaults (server/lease/lessor.go, etcdserver/server.go).
 */

/** MAX_LEASE_TTL is the largest TTL a grant may ask for, in seconds (etcd's MaxLeaseTTL). */
export const MAX_LEASE_TTL = 9_000_000_000;

/**
 * minLeaseTTL computes etcd's minimum lease TTL in seconds: 1.5 election timeouts, rounded up.
 * Like etcd it halves `3 * electionTicks` in integer arithmetic before multiplying by the tick
 * (`time.Duration((3*cfg.ElectionTicks)/2) * heartbeat`), so 10 ticks of 100 ms give 2 s.
 */
export function minLeaseTTL(electionTicks: number, heartbeatMs: number): number {
  return Math.ceil((Math.floor((3 * electionTicks) / 2) * heartbeatMs) / 1000);
}

/** LessorConfig tunes a Lessor; every field has etcd's default. */
export interface LessorConfig {
  /** Shorter requested TTLs are raised to this (seconds). Default minLeaseTTL(10, 100) = 2. */
  minLeaseTTL?: number;
  /**
   * Whether the primary schedules checkpoints of remaining TTLs (etcd's
   * --experimental-enable-lease-checkpoint, off by default in 3.4). Default true here: a learner
   * should see remaining TTLs survive a leader change. Applying a checkpoint works either way.
   */
  enableCheckpoint?: boolean;
  /** Whether an applied checkpoint is written to the lease bucket (always so from etcd 3.6). Default true. */
  checkpointPersist?: boolean;
  /** Interval between checkpoints of one lease, ms. Default 5 minutes. */
  checkpointIntervalMs?: number;
  /** At most this many checkpoints are returned by one findDueCheckpoints. Default 1000. */
  maxCheckpointBatchSize?: number;
  /**
   * After an expired lease is reported, how long before it is reported again if its revocation
   * has not been applied by then, ms. Default 3000 (the lessor's default; etcd's server passes
   * its request timeout, 5 s + 2 election timeouts).
   */
  expiredLeaseRetryIntervalMs?: number;
  /** Leases revoked per second at most (etcd's leaseRevokeRate). Default 1000. */
  leaseRevokeRate?: number;
}

/** The configuration with every default filled in. */
export type ResolvedLessorConfig = Required<LessorConfig>;

/** resolveConfig fills in etcd's defaults. */
export function resolveConfig(cfg: LessorConfig = {}): ResolvedLessorConfig {
  return {
    minLeaseTTL: cfg.minLeaseTTL ?? minLeaseTTL(10, 100),
    enableCheckpoint: cfg.enableCheckpoint ?? true,
    checkpointPersist: cfg.checkpointPersist ?? true,
    checkpointIntervalMs: cfg.checkpointIntervalMs ?? 5 * 60 * 1000,
    maxCheckpointBatchSize: cfg.maxCheckpointBatchSize ?? 1000,
    expiredLeaseRetryIntervalMs: cfg.expiredLeaseRetryIntervalMs ?? 3000,
    leaseRevokeRate: cfg.leaseRevokeRate ?? 1000,
  };
}
