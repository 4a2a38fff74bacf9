/**
 * The lease package's public surface: the lessor, its errors and events, etcd's ID generator,
 * and the `lease` bucket codec.
 *
 * How a member wires it (etcd's order, server.go and apply.go):
 * ```
 *   open:      be = await openBackend(pageStore)
 *              lessor = new Lessor({ backend: be, minLeaseTTL: minLeaseTTL(electionTicks, tickMs) })
 *              kv = new KVStore(be, { lessor })            // lessor first: the store re-attaches keys
 *              lessor.setRangeDeleter({ deleteKeys(keys) { const tw = kv.write();
 *                  for (const k of keys) tw.deleteRange(k, undefined); tw.end(); } })
 *              ids = new IDGenerator(memberId, startUnixMs)
 *   LeaseGrant RPC:   ID = req.ID || ids.nextLeaseID(); propose {LeaseGrant: {ID, TTL}}
 *   apply grant:      view = lessor.grant(ID, TTL, nowMs)     -> {ID, TTL: view.ttl}
 *   apply revoke:     lessor.revoke(ID)                       (one MVCC revision for its keys)
 *   apply checkpoint: lessor.checkpoint(ID, remainingTTL, nowMs) for each entry
 *   put with lease:   the store calls lessor.exists / attach / detach (LeaseAttacher)
 *   apply the empty entry of a term while leader (all earlier terms applied):
 *                     lessor.promote(electionTicks * tickMs, nowMs)
 *   Ready's SoftState says this member is no longer leader: lessor.demote()
 *   every 500 ms on the leader:
 *                     for (id of lessor.findExpiredLeases(nowMs)) propose {LeaseRevoke: {ID: id}}
 *                     cps = lessor.findDueCheckpoints(nowMs); if (cps.length) propose {LeaseCheckpoint: cps}
 *   KeepAlive:        ttl = lessor.renew(ID, nowMs) on the leader (ErrNotPrimary: forward;
 *                     ErrLeaseNotFound: answer TTL 0)
 *   TimeToLive:       lessor.timeToLive(ID, nowMs, keys) on the leader (ErrLeaseNotFound: TTL -1)
 *   Leases:           lessor.leases() (any member), IDs in expiry order
 *   snapshot install: lessor.recover(nowMs, newBackend) before the store restores
 * ```
 */
export { Lessor } from './lessor';
export type { LessorOptions, RangeDeleter, LeaseCheckpoint, LeaseTimeToLive } from './types';
export { MAX_LEASE_TTL, minLeaseTTL, resolveConfig, type LessorConfig, type ResolvedLessorConfig } from './config';
export { ErrLeaseExists, ErrLeaseNotFound, ErrLeaseRevokePending, ErrLeaseTTLTooLarge, ErrNotPrimary } from './errors';
export type { LessorEvent, LessorListener } from './events';
export { FOREVER, type LeaseView } from './lease';
export { IDGenerator, LEASE_ID_MASK, formatLeaseId } from './lease-id';
export { bytesToLeaseId, decodeLeaseRecord, encodeLeaseRecord, leaseIdToBytes, type LeaseRecord } from './lease-codec';
