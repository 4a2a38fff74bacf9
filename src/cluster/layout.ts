/**
 * The cluster layout: who the members are and where their data lives, in etcd's local-cluster
 * Procfile shape (names infra1..N, client URLs http://127.0.0.1:2379, :22379, :32379, ...,
 * peer URLs :12380, :22380, :32380, ..., token `etcd-cluster-1`). The layout is persisted (the
 * page keeps it in localStorage) so a reload restarts the same members from their IndexedDB.
 */
import type { InitialMember, MemberAddResult, MemberConfig } from '../server/api';

/** One member slot of the layout. */
export interface MemberSlot {
  raftId: number;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  /** 'existing' once the slot was re-added through `member add` (after a wipe). */
  initialClusterState: 'new' | 'existing';
  /** For an 'existing' member: the IDs `member add` returned (hex, uint64). */
  memberId?: string;
  clusterId?: string;
}

/** What is persisted about a cluster. */
export interface ClusterLayout {
  version: 1;
  /** Namespace of this cluster's IndexedDB databases (changes on reset). */
  cluster: string;
  token: string;
  seed: number;
  /** Unix ms when the cluster was created (member clocks start here). */
  createdMs: number;
  initialCluster: InitialMember[];
  members: MemberSlot[];
  /**
   * IndexedDB durability of every member's WAL and page commits: `strict` (etcd's fsync, the
   * default) or `relaxed` (atomic, but the OS may lose the last commits on power loss, like
   * etcd's --unsafe-no-fsync). Layouts saved before this field existed read as `strict`.
   */
  durability?: Durability;
  /**
   * etcd's `--quota-backend-bytes` of every member (0 or absent: etcd's default, 2 GiB). A start
   * flag, not cluster state: changing it takes effect as members (re)start.
   */
  quotaBackendBytes?: number;
  /**
   * etcd's `--snapshot-count` of every member (absent: the Timing's); a lesson's small count makes
   * snapshots and MsgSnap happen within a minute. Kept in the layout, so a reload keeps it.
   */
  snapshotCount?: number;
}

/** IndexedDB transaction durability of the members (see {@link ClusterLayout.durability}). */
export type Durability = 'strict' | 'relaxed';

/** Reads a durability setting (`?durability=relaxed`); anything else is undefined. */
export function parseDurability(s: string | null | undefined): Durability | undefined {
  return s === 'strict' || s === 'relaxed' ? s : undefined;
}

/** etcd's Procfile port for member i (1-based): 2379, 22379, 32379, ... */
export function clientPort(i: number): number {
  return i === 1 ? 2379 : i * 10000 + 2379;
}

/** Peer port for member i (1-based): 12380, 22380, 32380, ... */
export function peerPort(i: number): number {
  return i * 10000 + 2380;
}

/** A fresh layout of `n` members. */
export function newLayout(n: number, seed: number, cluster: string, createdMs: number, durability: Durability = 'strict'): ClusterLayout {
  const initialCluster: InitialMember[] = [];
  for (let i = 1; i <= n; i++) {
    initialCluster.push({ raftId: i, name: `infra${i}`, peerURLs: [`http://127.0.0.1:${peerPort(i)}`], clientURLs: [`http://127.0.0.1:${clientPort(i)}`] });
  }
  return {
    version: 1,
    cluster,
    token: 'etcd-cluster-1',
    seed,
    createdMs,
    initialCluster,
    members: initialCluster.map((m) => ({ ...m, initialClusterState: 'new' })),
    durability,
  };
}

/** Timing of the members (etcd's defaults: 100 ms heartbeat, 1 s election timeout). */
export interface Timing {
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
  snapshotCount: number;
}

/** Default timing: etcd's, with a small snapshot count so snapshots are visible. */
export const DEFAULT_TIMING: Timing = { tickMs: 100, electionTicks: 10, heartbeatTicks: 1, snapshotCount: 1000 };

/** The MemberConfig a slot starts with. */
export function memberConfig(layout: ClusterLayout, slot: MemberSlot, timing: Timing, startMs: number): MemberConfig {
  const cfg: MemberConfig = {
    raftId: slot.raftId,
    name: slot.name,
    clusterToken: layout.token,
    initialCluster: slot.initialClusterState === 'new' ? layout.initialCluster : [...layout.initialCluster.filter((m) => m.name !== slot.name), { raftId: slot.raftId, name: slot.name, peerURLs: slot.peerURLs, clientURLs: slot.clientURLs }],
    initialClusterState: slot.initialClusterState,
    tickMs: timing.tickMs,
    electionTicks: timing.electionTicks,
    heartbeatTicks: timing.heartbeatTicks,
    snapshotCount: layout.snapshotCount ?? timing.snapshotCount,
    quotaBackendBytes: layout.quotaBackendBytes ?? 0,
    seed: (layout.seed * 7919 + slot.raftId * 104729) >>> 0,
    durability: layout.durability ?? 'strict',
    startMs,
  };
  if (slot.memberId) cfg.memberId = BigInt('0x' + slot.memberId);
  if (slot.clusterId) cfg.clusterId = BigInt('0x' + slot.clusterId);
  return cfg;
}

/** Where a layout is kept between page loads. */
export interface LayoutStore {
  load(): ClusterLayout | undefined;
  save(layout: ClusterLayout): void;
}

/** Strips the scheme: `http://127.0.0.1:2379` -> `127.0.0.1:2379`. */
export function stripScheme(url: string): string {
  return url.replace(/^[a-z]+:\/\//, '');
}

/**
 * The slot of a member `member add` just added, as an operator would start it: a peer URL on the
 * Procfile grid (`:42380`) names it `infra4` with client URL `:42379`; any other port gives
 * `member<raftId>` with client port = peer port - 1.
 */
export function slotForAdded(added: MemberAddResult): MemberSlot {
  const peer = added.member.peerURLs[0] ?? '';
  const port = Number(/:(\d+)$/.exec(peer)?.[1] ?? 0);
  const i = (port - 2380) / 10000;
  const onGrid = Number.isInteger(i) && i >= 1;
  return {
    raftId: added.raftId,
    name: onGrid ? `infra${i}` : `member${added.raftId}`,
    peerURLs: added.member.peerURLs,
    clientURLs: [onGrid ? `http://127.0.0.1:${clientPort(i)}` : `http://127.0.0.1:${port - 1}`],
    initialClusterState: 'existing',
    memberId: added.member.ID.toString(16),
    clusterId: added.header.clusterId.toString(16),
  };
}
