/**
 * The lease package's public surface: the lessor, its errors and events, etcd's ID generator,
 * and the `lease` bucket codec.
 */
export { Lessor } from './lessor';
export type { LessorOptions, RangeDeleter, LeaseCheckpoint, LeaseTimeToLive } from './types';
export { MAX_LEASE_TTL, minLeaseTTL, resolveConfig, type LessorConfig, type ResolvedLessorConfig } from './config';
export { ErrLeaseExists, ErrLeaseNotFound, ErrLeaseRevokePending, ErrLeaseTTLTooLarge, ErrNotPrimary } from './errors';
export type { LessorEvent, LessorListener } from './events';
export { FOREVER, type LeaseView } from './lease';
export { IDGenerator, LEASE_ID_MASK, formatLeaseId } from './lease-id';
export { bytesToLeaseId, decodeLeaseRecord, encodeLeaseRecord, leaseIdToBytes, type LeaseRecord } from './lease-codec';
