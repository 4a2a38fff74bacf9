import { MemoryStorage } from '../raft';
import { SimStateMachine } from './state-machine';

/** BOOTSTRAP_INDEX is the index of the shared initial snapshot every node starts from. */
export const BOOTSTRAP_INDEX = 1;

/**
 * bootstrapStorage returns a fresh "disk" for a member of a new cluster of
 * `peers`: an identical initial snapshot at index 1, term 1 whose ConfState
 * lists the voters (the role of etcd's bootstrap ConfChange entries), and a
 * HardState with term 1 and commit 1.
 */
export function bootstrapStorage(peers: readonly number[]): MemoryStorage {
  const disk = new MemoryStorage();
  const sm = new SimStateMachine();
  sm.apply(BOOTSTRAP_INDEX, 'bootstrap', new Uint8Array(0));
  disk.applySnapshot({
    data: sm.snapshotData(),
    metadata: { index: BOOTSTRAP_INDEX, term: 1, confState: { voters: [...peers], learners: [] } },
  });
  disk.setHardState({ term: 1, vote: 0, commit: BOOTSTRAP_INDEX });
  return disk;
}

/**
 * copyStorage returns a new MemoryStorage with the same durable content
 * (snapshot, entries, HardState): what a restarted process reads back from
 * its WAL and snapshot files. The copy shares no arrays with the original.
 */
export function copyStorage(disk: MemoryStorage): MemoryStorage {
  const fresh = new MemoryStorage();
  const snap = disk.snapshot();
  if (snap.metadata.index > 0) fresh.applySnapshot(snap);
  const first = disk.firstIndex();
  const last = disk.lastIndex();
  if (last >= first) fresh.append(disk.entries(first, last + 1).slice());
  fresh.setHardState(disk.initialState().hardState);
  return fresh;
}
