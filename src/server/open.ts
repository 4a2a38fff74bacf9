/**
 * openMember: starts one etcd member from its ports (etcd's NewServer + bootstrap):
 *
 * ```
 *   wal.load() ─► MemoryStorage (snapshot, HardState, entries)      ErrWalCorrupt: refuse to start
 *   openBackend(pages) ─► Lessor ─► WatchableStore ─► RaftCluster, AlarmStore
 *   WAL snapshot newer than the backend's consistent index (crash while installing a snapshot
 *   from the leader) ─► restore the backend from the snapshot's image first
 *   new cluster, empty WAL ─► RawNode.bootstrap(initial voters)
 *   restart ─► RawNode with applied = snapshot index; entries <= consistent index are not re-applied
 * ```
 */
import { openBackend } from '../backend';
import { IDGenerator, Lessor } from '../lease';
import { WatchableStore } from '../mvcc';
import { MemoryStorage, type RawNode } from '../raft';
import type { EtcdMember, MemberConfig } from './api';
import { bootstrapContext } from './apply-membership';
import { resolveMemberConfig } from './config';
import { computeClusterId, computeMemberId } from './ids';
import { loadOrStoreIdentity } from './identity';
import { RaftCluster } from './membership';
import type { PageStore, Transport, WalStore } from './ports';
import { AlarmStore } from './quota';
import { RaftNode } from './raft-node';
import { newRawNode } from './raft-restart';
import { EtcdServer } from './server';
import { reloadFromBackend, rewriteBackend } from './snapshot';

/** The I/O a member is opened on. */
export interface MemberPorts {
  wal: WalStore;
  pages: PageStore;
  transport: Transport;
}

/** Opens (bootstraps or restarts) one member. The host then calls tick() every tickMs and step() per message. */
export async function openMember(config: MemberConfig, ports: MemberPorts): Promise<EtcdMember> {
  return openServer(config, ports);
}

/**
 * etcd's adjustTicks: a member alone fast-forwards electionTicks - 1 ticks, one with peers
 * electionTicks - 2 (etcd waits for a peer connection first; in etcdscope peers are reachable
 * at once or the bus says they are not, so it advances straight away).
 */
function advanceTicks(node: RawNode, enabled: boolean, members: number, electionTicks: number): void {
  if (members <= 1) {
    for (let i = 0; i < electionTicks - 1; i++) node.tick();
    return;
  }
  if (!enabled) return;
  for (let i = 0; i < electionTicks - 2; i++) node.tick();
}

/** openMember returning the concrete server (tests, the simulator). */
export async function openServer(config: MemberConfig, ports: MemberPorts): Promise<EtcdServer> {
  const cfg = resolveMemberConfig(config);
  const walState = await ports.wal.load();
  const storage = new MemoryStorage();
  if (walState.snapshot !== undefined && walState.snapshot.metadata.index > 0) storage.applySnapshot(walState.snapshot);
  storage.setHardState(walState.hardState);
  storage.append(walState.entries);
  const isNewWal = storage.lastIndex() === 0 && walState.hardState.term === 0;

  const ref: { s?: EtcdServer } = {};
  const be = await openBackend(ports.pages, {
    batchIntervalMs: cfg.batchIntervalMs,
    batchLimit: cfg.batchLimit,
    listener: (ev) => {
      ref.s?.backendLog.record(ev);
      if (ref.s?.tracing) ref.s.emit({ kind: 'backend', member: cfg.raftId, ev });
    },
  });
  const initialIds = cfg.initialCluster.map((m) => computeMemberId(m.peerURLs, cfg.clusterToken));
  const { memberId, clusterId } = loadOrStoreIdentity(be, {
    memberId: cfg.memberId ?? computeMemberId(cfg.peerURLs, cfg.clusterToken),
    clusterId: cfg.clusterId ?? computeClusterId(initialIds),
  });
  const lessor = new Lessor({
    backend: be,
    minLeaseTTL: cfg.minLeaseTTL,
    checkpointIntervalMs: cfg.leaseCheckpointIntervalMs,
    expiredLeaseRetryIntervalMs: cfg.requestTimeoutMs,
    listener: (ev) => ref.s?.tracing && ref.s.emit({ kind: 'lease', member: cfg.raftId, ev }),
  });
  const mvccListener = (ev: Parameters<NonNullable<EtcdServer['mvccListener']>>[0]): void => {
    if (ref.s?.tracing) ref.s.emit({ kind: 'mvcc', member: cfg.raftId, ev });
  };
  const kv = new WatchableStore(be, { lessor, listener: mvccListener });
  const s = new EtcdServer({
    cfg,
    memberId,
    clusterId,
    be,
    lessor,
    kv,
    cluster: new RaftCluster(clusterId, be),
    alarms: new AlarmStore(be),
    ids: new IDGenerator(memberId, cfg.startMs),
    wal: ports.wal,
    transport: ports.transport,
  });
  ref.s = s;
  s.mvccListener = mvccListener;
  lessor.setRangeDeleter({
    deleteKeys(keys) {
      const tw = s.kv.write();
      for (const k of keys) tw.deleteRange(k, undefined);
      tw.end();
    },
  });

  const snap = walState.snapshot;
  if (snap !== undefined && snap.metadata.index > s.kv.consistentIndex() && snap.data.length > 0) {
    rewriteBackend(be, snap.data);
    reloadFromBackend(s);
    await be.forceCommit();
  }
  const snapIndex = storage.snapshot().metadata.index;
  s.snapshotIndex = snapIndex;
  s.appliedIndex = snapIndex;
  s.appliedTerm = storage.snapshot().metadata.term;
  s.confState = storage.snapshot().metadata.confState;
  const node = newRawNode(s, storage, snapIndex);
  if (isNewWal && cfg.initialClusterState === 'new') {
    // like etcd's StartNode peers, each bootstrap entry carries its member record, so a member
    // that joins later and replays the log learns the initial members' real IDs and names
    node.bootstrap(cfg.initialCluster.map((m) => ({ id: m.raftId, context: bootstrapContext(cfg, m) })));
  }
  for (const r of s.cluster.removedRaftIds()) s.removedRaftIds.add(r);
  s.r = new RaftNode(node, storage, ports.wal, ports.transport, s);
  if (s.cluster.isRemoved(memberId)) {
    // etcd: "the member has been permanently removed from the cluster"
    s.removed = true;
    await s.close();
    return s;
  }
  advanceTicks(node, cfg.initialElectionTickAdvance, s.confState.voters.length || cfg.initialCluster.length, cfg.electionTicks);
  s.r.kick();
  return s;
}
