/**
 * Raft snapshots of a member (etcd's snapshot.go, snapshot_merge.go, and the snapshot branch of
 * applyAll):
 *
 * ```
 *  take     every snapshotCount applied entries: commit the backend, record a raft snapshot
 *           (metadata only: the backend itself is durable), save it in the WAL, compact the
 *           raft log and the WAL, keeping snapshotCatchUpEntries for slow followers
 *  send     raft's MsgSnap to a follower too far behind gets the backend image attached
 *           (every bucket's records: data, leases, members, alarms, consistent index)
 *  install  the follower rewrites its backend from the image in one batch, commits it, and
 *           reloads the lessor, the MVCC store (watches re-registered), membership and alarms
 * ```
 */
import type { Backend, BucketName } from '../backend';
import { BUCKETS, ErrNoSpaceLeft } from '../backend';
import { WatchableStore } from '../mvcc';
import type { Message, Snapshot } from '../raft';
import { decodeData, encodeData } from './codec';
import type { EtcdServer } from './server';

/** Prefix of the meta keys that belong to this member only (its identity): never shipped or replaced. */
const LOCAL_PREFIX = new TextEncoder().encode('local_');

function isLocalKey(bucket: BucketName, k: Uint8Array): boolean {
  return bucket === 'meta' && k.length > LOCAL_PREFIX.length && LOCAL_PREFIX.every((x, i) => k[i] === x);
}

/** The backend image: every record of every bucket. */
interface BackendImage {
  buckets: Partial<Record<BucketName, [Uint8Array, Uint8Array][]>>;
}

/** encodeBackendImage reads every bucket of `be` (the batch view: consistent with the consistent index). */
export function encodeBackendImage(be: Backend): Uint8Array {
  const img: BackendImage = { buckets: {} };
  const tx = be.readTx();
  for (const b of BUCKETS) {
    const recs: [Uint8Array, Uint8Array][] = [];
    tx.unsafeForEach(b, (k, v) => {
      if (!isLocalKey(b, k)) recs.push([k.slice(), v.slice()]);
    });
    img.buckets[b] = recs;
  }
  return encodeData(img);
}

/** decodeBackendImage reads an image back: bucket -> records. */
export function decodeBackendImage(data: Uint8Array): BackendImage {
  return decodeData<BackendImage>(data);
}

/**
 * rewriteBackend replaces the whole content of `be` with the image `data`, in the batch
 * transaction (synchronous: readers see the new content at once; the caller commits).
 */
export function rewriteBackend(be: Backend, data: Uint8Array): void {
  const img = decodeBackendImage(data);
  const tx = be.batchTx();
  for (const b of BUCKETS) {
    const keys: Uint8Array[] = [];
    tx.unsafeForEach(b, (k) => {
      if (!isLocalKey(b, k)) keys.push(k.slice());
    });
    for (const k of keys) tx.unsafeDelete(b, k);
    for (const [k, v] of img.buckets[b] ?? []) if (!isLocalKey(b, k)) tx.unsafePut(b, k, v);
  }
}

/**
 * The snapshot merger: every outgoing MsgSnap gets the backend image, and metadata for the
 * position that image covers (the applied index, its term and the applied configuration), as
 * etcd's merger pairs raft's snapshot with the current backend. Using the applied position,
 * not the last raft snapshot's, matters for a member added after that snapshot: the older
 * configuration would not contain it and it would refuse the snapshot.
 */
export function attachSnapshotImages(s: EtcdServer, msgs: Message[]): Message[] {
  if (!msgs.some((m) => m.type === 'MsgSnap')) return msgs;
  const data = encodeBackendImage(s.be);
  const metadata = { index: s.appliedIndex, term: s.appliedTerm, confState: { voters: [...s.confState.voters], learners: [...s.confState.learners] } };
  return msgs.map((m) => {
    if (m.type !== 'MsgSnap' || m.snapshot === undefined) return m;
    const md = s.appliedIndex >= m.snapshot.metadata.index ? metadata : m.snapshot.metadata;
    return { ...m, snapshot: { data, metadata: md } };
  });
}

/** Reloads everything that lives on the backend after its content was replaced. */
export function reloadFromBackend(s: EtcdServer): void {
  s.lessor.recover(s.nowMs);
  s.kv = new WatchableStore(s.be, { lessor: s.lessor, listener: s.mvccListener });
  s.cluster.recover();
  for (const r of s.cluster.removedRaftIds()) s.removedRaftIds.add(r);
  s.alarms.recover();
  s.watches.rebind();
}

/** Installs a snapshot received from the leader (its image in `snap.data`). */
export async function applySnapshotImage(s: EtcdServer, snap: Snapshot): Promise<void> {
  const md = snap.metadata;
  if (md.index <= s.kv.consistentIndex() || snap.data.length === 0) {
    // the backend already covers it (or there is no image): only raft's positions move
    s.appliedIndex = Math.max(s.appliedIndex, md.index);
    s.snapshotIndex = md.index;
    s.confState = md.confState;
    return;
  }
  // rewrite and reload synchronously, so no read or tick ever sees the old store over the new
  // backend; then make it durable (a crash before that is repaired from the WAL's snapshot)
  rewriteBackend(s.be, snap.data);
  reloadFromBackend(s);
  // out of space, the image stays in memory (the WAL holds the snapshot: a restart repairs it)
  await s.be.forceCommit().catch((e: unknown) => s.onStorageError(e));
  s.appliedIndex = md.index;
  s.appliedTerm = md.term;
  s.snapshotIndex = md.index;
  s.confState = md.confState;
  if (s.cluster.isRemoved(s.memberId)) s.removed = true;
  s.emit({ kind: 'snapshot', member: s.raftId, index: md.index, term: md.term, how: 'installed' });
}

/** Takes a raft snapshot and compacts the log when snapshotCount entries were applied since the last. */
export async function maybeTriggerSnapshot(s: EtcdServer): Promise<void> {
  try {
    await triggerSnapshot(s);
  } catch (e) {
    // out of space: no snapshot and no log compaction yet (the WAL keeps every entry the
    // backend may still need); tried again after a later Ready
    if (!(e instanceof ErrNoSpaceLeft)) throw e;
    s.onNoSpace(e, s.be.hasUnwritten() ? 'backend' : 'wal');
  }
}

async function triggerSnapshot(s: EtcdServer): Promise<void> {
  const applied = s.appliedIndex;
  if (applied - s.snapshotIndex < s.cfg.snapshotCount || s.stopped || s.be.hasUnwritten()) return;
  const storage = s.r.storage;
  if (applied > storage.lastIndex() || applied <= storage.snapshot().metadata.index) return;
  await s.be.forceCommit();
  const snap = storage.createSnapshot(applied, s.confState, new Uint8Array(0));
  await s.wal.save({ entries: [], snapshot: snap });
  s.snapshotIndex = applied;
  s.emit({ kind: 'snapshot', member: s.raftId, index: applied, term: snap.metadata.term, how: 'taken' });
  const compactIndex = applied - s.cfg.snapshotCatchUpEntries;
  if (compactIndex > storage.firstIndex()) {
    storage.compact(compactIndex);
    await s.wal.compact(compactIndex);
    s.emit({ kind: 'log-compacted', member: s.raftId, index: compactIndex });
  }
}
