/**
 * etcdscope's etcd member (the server layer): the public surface for hosts (the Web Worker host,
 * the simulator, tests).
 *
 * ```ts
 *   const m = await openMember(cfg, { wal, pages, transport });
 *   every cfg.tickMs of member time:  m.tick(nowMs)      // monotonic ms; the first tick sets the clock
 *   per raft message from the bus:    m.step(msg)
 *   client calls:                     m.put / m.range / m.txn / m.watch / m.leaseGrant / ...
 *   m.on(ev => ...)                   raft trace, applies, mvcc, lease, backend, snapshot events
 *   await m.close()
 * ```
 *
 * Host notes:
 * - Tick: one raft tick per call (heartbeat = heartbeatTicks ticks, election = electionTicks).
 *   Everything time-based runs off `tick`: request deadlines (`timeoutMs`, default 5 s + 2
 *   election timeouts), ReadIndex retries (500 ms), lease expiry and checkpoints (leader, every
 *   500 ms), watcher catch-up, compaction steps, backend batch commits (batchIntervalMs). With
 *   no ticks nothing times out and the backend does not commit on its interval.
 * - Messages: `transport.send` is called after the WAL save of the Ready that produced them;
 *   deliver them in any order, drop or delay them at will. MsgSnap carries the backend image.
 * - Leader-only calls: leaseRenew, leaseTimeToLive, memberPromote and moveLeader reject with
 *   ErrNotLeader on a follower; `err.leaderRaftId` (0: unknown) says where to retry (etcd
 *   forwards these over its peer HTTP API, which members here do not have). Right after an
 *   election the new leader's lease calls wait (tick-driven) until its lessor is promoted.
 * - ErrLeaderChanged (`etcdserver: leader changed`): a linearizable read was in flight across a
 *   leader change; clients retry it (clientv3 does).
 * - Timeouts: ErrTimeout and its subclasses (isTimeoutError) mean "the deadline passed"; etcdctl
 *   prints `context deadline exceeded` for them when the client's own deadline is shorter, as
 *   in etcd-spec §5.10. ErrDeadlineExceeded: the request never reached raft (no leader).
 * - Watches: `watch(req, send, { requireLeader })`; the member pushes every response to `send`
 *   (created, events, progress, a final canceled one). Require-leader watches are cancelled with
 *   `etcdserver: no leader` after 3 election timeouts without a leader; `close()` cancels all
 *   with `etcdserver: server stopped`.
 * - Learners serve status and serializable ranges only (`etcdserver: rpc not supported for learner`).
 * - Joining (`member add` then start): start the new member with `initialClusterState:
 *   'existing'`, `raftId` from MemberAddResult, `memberId` and `clusterId` from the response,
 *   and `initialCluster` listing the current members plus itself.
 */
export type * from './api';
export type { MemberEvent } from './events';
export type { MvccView, MvccViewOptions, MvccChangeView, KeyView, GenerationView, LeaseInfoView } from './mvcc-view';
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
