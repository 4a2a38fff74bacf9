/**
 * etcdscope's etcd member (server layer), the public surface for hosts (the Web Worker host, the
 * simulator). Usage:
 *
 * ```ts
 *   const m = await openMember(cfg, { wal, pages, transport });
 *   every cfg.tickMs of member time:  m.tick(nowMs)
 *   per raft message from the bus:    m.step(msg)
 *   client calls:                     m.put / m.range / m.txn / m.watch / m.leaseGrant / ...
 *   m.on(ev => ...)                   raft trace, applies, mvcc, lease, backend events
 *   await m.close()
 * ```
 * Lease keep-alive / time-to-live, member promote and move-leader are served by the leader only:
 * elsewhere they reject with ErrNotLeader carrying the leader's raft id (retry there).
 */
export type * from './api';
export type { MemberEvent } from './events';
export * from './ports';
export { openMember, openServer, type MemberPorts } from './open';
export type { EtcdServer } from './server';
export * from './errors';
export { computeMemberId, computeClusterId, formatId } from './ids';
export { MemoryWalStore, ErrWalClosed } from './memory-wal-store';
export { decodeBackendImage, encodeBackendImage } from './snapshot';
export { snapshotImageStatus, crc32, type SnapshotImageStatus } from './snapshot-status';
export { formatAlarm } from './quota';
export { VERSION } from './maintenance';
