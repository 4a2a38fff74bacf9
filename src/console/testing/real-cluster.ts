/**
 * Real-cluster golden targets: a fresh WorkerCluster (the worker member host, src/server members
 * on fake IndexedDB, the real bus over MessageChannel) started in Node with the exact layout the
 * etcd 3.4.23 transcripts were recorded on (member names, peer/client URLs, cluster token), so
 * member and cluster IDs come out equal to the ones etcd printed and can be pinned, not bound.
 * Requires `fake-indexeddb/auto` to be imported by the test file.
 */
import { createHash } from 'node:crypto';
import { WorkerCluster } from '../../cluster/cluster';
import { WorkerClusterClient } from '../../cluster/client';
import type { ClusterLayout } from '../../cluster/layout';
import { inProcessHost } from '../../cluster/testing/in-process';
import type { HostServices } from '../context';
import type { GoldenTarget } from './golden';

/** One member of a recorded layout. */
export interface RecordedMember {
  name: string;
  /** Peer port on 127.0.0.1; the client port is one less (the transcripts' convention). */
  peerPort: number;
}

/** A layout a transcript was recorded on. */
export interface RecordedLayout {
  token: string;
  members: RecordedMember[];
}

/** Transcripts 40/41 (spec 9.1/9.2): `etcd --name fresh` on :28379/:28380, default token. */
export const FRESH_LAYOUT: RecordedLayout = { token: 'etcd-cluster', members: [{ name: 'fresh', peerPort: 28380 }] };
/** Transcripts 01-18: `etcd --name ref1` on :22379/:22380, default token. */
export const REF_LAYOUT: RecordedLayout = { token: 'etcd-cluster', members: [{ name: 'ref1', peerPort: 22380 }] };
/** Transcripts 22-25: n1..n3 on :23379/:24379/:25379, token `tok3`. */
export const THREE_LAYOUT: RecordedLayout = {
  token: 'tok3',
  members: [
    { name: 'n1', peerPort: 23380 },
    { name: 'n2', peerPort: 24380 },
    { name: 'n3', peerPort: 25380 },
  ],
};

/** etcd's member ID of an initial member (spec section 12), computed independently of src/server. */
export function etcdMemberId(peerURLs: string[], token: string): bigint {
  return createHash('sha1')
    .update([...peerURLs].sort().join('') + token)
    .digest()
    .readBigUInt64BE(0);
}

/** etcd's cluster ID from its member IDs (spec section 12). */
export function etcdClusterId(memberIds: bigint[]): bigint {
  const buf = Buffer.alloc(8 * memberIds.length);
  [...memberIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).forEach((id, i) => buf.writeBigUInt64BE(id, i * 8));
  return createHash('sha1').update(buf).digest().readBigUInt64BE(0);
}

/** A started real cluster and the golden target over it. */
export interface RealTarget extends GoldenTarget {
  cluster: WorkerCluster;
  close(): void;
}

let seq = 0;

function layoutOf(rec: RecordedLayout, now: number): ClusterLayout {
  const initialCluster = rec.members.map((m, i) => ({
    raftId: i + 1,
    name: m.name,
    peerURLs: [`http://127.0.0.1:${m.peerPort}`],
    clientURLs: [`http://127.0.0.1:${m.peerPort - 1}`],
  }));
  return {
    version: 1,
    cluster: `golden${seq++}x${now.toString(36)}`,
    token: rec.token,
    seed: 1,
    createdMs: now,
    initialCluster,
    members: initialCluster.map((m) => ({ ...m, initialClusterState: 'new' as const })),
  };
}

/**
 * Console host services on cluster time: `sleep`/`timeout` run at the cluster's speed.
 *
 * With `idleSpeed` below `speed`, cluster time runs at `speed` only while a console sleep (a
 * `sleep`, a `timeout`) is pending, and at `idleSpeed` while the console merely runs commands.
 * etcdctl spends milliseconds per command, so a recording's lease TTLs count its sleeps, not its
 * commands; the in-process members spend far more wall time per command on a loaded machine, and
 * at full speed that time would show up as lost seconds of lease TTL. Ticks keep coming (slowly)
 * while idle, so whatever a command needs ticks for still happens.
 */
function clusterHost(c: WorkerCluster, speed: number, idleSpeed: number): Partial<HostServices> {
  let sleeping = 0;
  const track = (d: number): void => {
    sleeping += d;
    c.speed(sleeping > 0 ? speed : idleSpeed);
  };
  if (idleSpeed !== speed) c.speed(idleSpeed);
  return {
    now: () => c.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(new Error('context canceled'));
        track(+1);
        const cancel = c.after(ms, () => {
          signal.removeEventListener('abort', onAbort);
          track(-1);
          resolve();
        });
        const onAbort = (): void => {
          cancel();
          track(-1);
          reject(new Error('context canceled'));
        };
        signal.addEventListener('abort', onAbort);
      }),
  };
}

/**
 * Starts a fresh real cluster with `rec`'s layout, cluster time running `speed` times wall time,
 * and waits for a leader. `idleSpeed` (default `speed`) is the speed between console sleeps
 * (see clusterHost). ETCDCTL_ENDPOINTS names the first member's client URL, as in the
 * recordings. `pinned` are the IDs etcd derived for this layout: the replay must print them exactly.
 * `unixStartMs` sets the members' Unix clock at start (IDs salted with time derive from it).
 */
export async function startRealTarget(rec: RecordedLayout, speed: number, unixStartMs?: number, idleSpeed = speed): Promise<RealTarget & { pinned: bigint[] }> {
  const host = inProcessHost();
  if (unixStartMs !== undefined) {
    // The members' Unix clock (etcd's time.Now) starts here instead of today.
    const wall0 = host.wallNow();
    host.unixNow = () => unixStartMs + Math.floor(host.wallNow() - wall0);
  }
  host.saved = layoutOf(rec, host.unixNow());
  const cluster = await WorkerCluster.open(host, {});
  cluster.speed(speed);
  await cluster.waitForLeader(20_000);
  const memberIds = rec.members.map((m) => etcdMemberId([`http://127.0.0.1:${m.peerPort}`], rec.token));
  return {
    cluster,
    client: new WorkerClusterClient(cluster),
    host: clusterHost(cluster, speed, idleSpeed),
    env: { ETCDCTL_ENDPOINTS: `127.0.0.1:${rec.members[0]!.peerPort - 1}` },
    pinned: [...memberIds, etcdClusterId(memberIds)],
    close: () => cluster.close(),
  };
}
