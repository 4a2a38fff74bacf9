/**
 * etcdscope's deterministic Raft simulator: seeded worlds of RawNodes over a
 * simulated network, with a nemesis, a client workload and an invariant
 * checker. Browser-safe (no Node APIs; the CLI lives in cli.ts).
 *
 * For a page: `createSimCluster({ seed, members })`.
 * For tests and tools: `SimWorld`, `Harness` (6.824-style), `runSwarm`.
 * Full etcd members with clients and a Jepsen history: `runEtcdSim` (EtcdSimMember).
 */
export { createSimCluster } from './browser';
export type { ClusterStatus, InFlightMessage, SimCluster, SimClusterOptions } from './browser';
export { RaftChecker } from './checker';
export type { CheckedLog, CommittedEntry, PersistRecord } from './checker';
export { TRACE_DEFAULT_KINDS, formatTraceLine } from './events';
export type { SimEvent, SimEventKind, SimListener } from './events';
export { EtcdClients, formatHistoryLine } from './etcd-clients';
export type { ClientHost, ClientOptions, ClientStats } from './etcd-clients';
export { EtcdSimMember, initialMember } from './etcd-member';
export type { EtcdMemberOptions } from './etcd-member';
export { runEtcdSim } from './etcd-run';
export type { EtcdRun, EtcdRunOptions, EtcdRunResult } from './etcd-run';
export { ETCD_REGRESSION_SEEDS, ETCD_SWARM_SEEDS, ETCD_SWARM_TICKS, etcdSwarmCases } from './etcd-swarm';
export { Harness, HarnessError, LONG_REORDER } from './harness';
export type { MemberConfig, MemberFactory, MemberStatus, SimMember } from './member';
export { NEMESIS_KINDS, Nemesis } from './nemesis';
export type { NemesisKind, NemesisStats } from './nemesis';
export { RELIABLE, SimNetwork, UNRELIABLE } from './network';
export type { InFlight, NetworkProfile, NetworkStats } from './network';
export { SimRand } from './prng';
export { RaftMember } from './raft-member';
export type { RaftMemberConfig } from './raft-member';
export { SimStateMachine } from './state-machine';
export { REGRESSION_SEEDS, SWARM_TICKS, runSwarm, runSwarmCase, swarmCases } from './swarm';
export type { SwarmCase } from './swarm';
export { replayCommand, summarize } from './result';
export type { SimResult } from './result';
export { SimWorld, resolveOptions } from './world';
export type { WorldOptions } from './world';
