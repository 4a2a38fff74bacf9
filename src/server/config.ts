/**
 * The member configuration with etcd's defaults filled in (etcd's embed.Config and
 * etcdserver.ServerConfig), in etcdscope's units (ms and ticks).
 */
import { minLeaseTTL } from '../lease';
import { assert } from './assert';
import type { MemberConfig } from './api';
import { DEFAULT_QUOTA_BYTES } from './quota';
import { DEFAULT_MAX_REQUEST_BYTES } from './size';
import { DEFAULT_MAX_TXN_OPS } from '../mvcc';

/** MemberConfig with every default resolved, plus this member's own URLs. */
export interface ResolvedMemberConfig extends Required<Omit<MemberConfig, 'clusterId' | 'memberId'>> {
  clusterId: bigint | undefined;
  memberId: bigint | undefined;
  peerURLs: string[];
  clientURLs: string[];
  minLeaseTTL: number;
}

/** resolveMemberConfig validates `c` and fills etcd's defaults. */
export function resolveMemberConfig(c: MemberConfig): ResolvedMemberConfig {
  assert(c.raftId > 0, 'raftId must be > 0');
  assert(c.electionTicks > c.heartbeatTicks, 'electionTicks must be > heartbeatTicks');
  const self = c.initialCluster.find((m) => m.raftId === c.raftId);
  assert(self !== undefined || c.initialClusterState === 'existing', `member ${c.raftId} is not in initialCluster`);
  const electionMs = c.electionTicks * c.tickMs;
  const snapshotCount = Math.max(1, c.snapshotCount);
  return {
    ...c,
    clusterId: c.clusterId,
    memberId: c.memberId,
    peerURLs: self?.peerURLs ?? [],
    clientURLs: self?.clientURLs ?? [],
    snapshotCount,
    quotaBackendBytes: c.quotaBackendBytes > 0 ? c.quotaBackendBytes : DEFAULT_QUOTA_BYTES,
    preVote: c.preVote ?? false,
    initialElectionTickAdvance: c.initialElectionTickAdvance ?? true,
    startMs: c.startMs ?? 0,
    requestTimeoutMs: c.requestTimeoutMs ?? 5000 + 2 * electionMs,
    maxRequestBytes: c.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    maxTxnOps: c.maxTxnOps ?? DEFAULT_MAX_TXN_OPS,
    snapshotCatchUpEntries: c.snapshotCatchUpEntries ?? Math.max(1, Math.floor(snapshotCount / 2)),
    batchIntervalMs: c.batchIntervalMs ?? 100,
    batchLimit: c.batchLimit ?? 10_000,
    leaseCheckpointIntervalMs: c.leaseCheckpointIntervalMs ?? 5 * 60 * 1000,
    watchProgressNotifyIntervalMs: c.watchProgressNotifyIntervalMs ?? 10 * 60 * 1000,
    minLeaseTTL: minLeaseTTL(c.electionTicks, c.tickMs),
  };
}
