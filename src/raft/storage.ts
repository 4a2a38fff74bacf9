import { assert } from './assert';
import { ErrCompacted, ErrSnapOutOfDate, ErrUnavailable } from './errors';
import { emptySnapshot, entrySize, newEntry } from './messages';
import type { ConfState, Entry, HardState, Snapshot } from './messages';

/**
 * Storage is the read side of the persisted Raft state that the core consults (etcd's Storage).
 * Calls are synchronous. Methods throw ErrCompacted / ErrUnavailable /
 * ErrSnapshotTemporarilyUnavailable as etcd-raft's do.
 */
export interface Storage {
  /** initialState returns the persisted HardState and the ConfState of the latest snapshot. */
  initialState(): { hardState: HardState; confState: ConfState };
  /** entries returns entries in [lo, hi), limited to maxSize bytes but at least one entry. */
  entries(lo: number, hi: number, maxSize?: number): Entry[];
  /** term returns the term of entry i (valid for [firstIndex-1, lastIndex]). */
  term(i: number): number;
  /** lastIndex returns the index of the last entry. */
  lastIndex(): number;
  /** firstIndex returns the index of the first entry still available (snapshot index + 1). */
  firstIndex(): number;
  /** snapshot returns the most recent snapshot. */
  snapshot(): Snapshot;
}

/**
 * MemoryStorage is an in-memory Storage (etcd's MemoryStorage), used by tests and the simulator.
 *
 *   ents[0]  is a dummy entry holding (snapshot.index, snapshot.term)
 *   ents[i]  has index ents[0].index + i
 */
export class MemoryStorage implements Storage {
  private hardState: HardState = { term: 0, vote: 0, commit: 0 };
  private snap: Snapshot = emptySnapshot();
  /** ents[0] is the dummy entry at the snapshot position; real entries follow. */
  ents: Entry[] = [newEntry({})];

  /** initialState implements Storage. */
  initialState(): { hardState: HardState; confState: ConfState } {
    const cs = this.snap.metadata.confState;
    return { hardState: { ...this.hardState }, confState: { voters: [...cs.voters], learners: [...cs.learners] } };
  }

  /**
   * setConfState sets the ConfState of the current snapshot: a bootstrap helper for a fresh
   * storage (etcd's tests do the same with withPeers/withLearners).
   */
  setConfState(cs: ConfState): void {
    this.snap = { ...this.snap, metadata: { ...this.snap.metadata, confState: { voters: [...cs.voters], learners: [...cs.learners] } } };
  }

  /** setHardState saves the current HardState. */
  setHardState(hs: HardState): void {
    this.hardState = { ...hs };
  }

  /** entries implements Storage. */
  entries(lo: number, hi: number, maxSize = Infinity): Entry[] {
    const offset = this.ents[0].index;
    if (lo <= offset) throw new ErrCompacted();
    assert(hi <= this.lastIndex() + 1, `entries' hi(${hi}) is out of bound lastindex(${this.lastIndex()})`);
    if (this.ents.length === 1) throw new ErrUnavailable();
    // Find the size-limited end first, so a far-behind follower costs O(returned entries).
    const start = lo - offset;
    const end = hi - offset;
    let i = start;
    let size = 0;
    for (; i < end; i++) {
      size += entrySize(this.ents[i]);
      if (i > start && size > maxSize) break;
    }
    return this.ents.slice(start, i);
  }

  /** term implements Storage. */
  term(i: number): number {
    const offset = this.ents[0].index;
    if (i < offset) throw new ErrCompacted();
    if (i - offset >= this.ents.length) throw new ErrUnavailable();
    return this.ents[i - offset].term;
  }

  /** lastIndex implements Storage. */
  lastIndex(): number {
    return this.ents[0].index + this.ents.length - 1;
  }

  /** firstIndex implements Storage. */
  firstIndex(): number {
    return this.ents[0].index + 1;
  }

  /** snapshot implements Storage. */
  snapshot(): Snapshot {
    return this.snap;
  }

  /** applySnapshot overwrites the storage with a snapshot (throws ErrSnapOutOfDate if older). */
  applySnapshot(snap: Snapshot): void {
    if (this.snap.metadata.index >= snap.metadata.index) throw new ErrSnapOutOfDate();
    this.snap = snap;
    this.ents = [newEntry({ term: snap.metadata.term, index: snap.metadata.index })];
  }

  /**
   * createSnapshot records a snapshot at index i (<= lastIndex) with the given ConfState and
   * state machine data, and returns it. Entries are kept; call compact() to drop them.
   */
  createSnapshot(i: number, confState: ConfState | undefined, data: Uint8Array): Snapshot {
    if (i <= this.snap.metadata.index) throw new ErrSnapOutOfDate();
    const offset = this.ents[0].index;
    assert(i <= this.lastIndex(), `snapshot ${i} is out of bound lastindex(${this.lastIndex()})`);
    const cs = confState ?? this.snap.metadata.confState;
    this.snap = {
      data,
      metadata: { index: i, term: this.ents[i - offset].term, confState: { voters: [...cs.voters], learners: [...cs.learners] } },
    };
    return this.snap;
  }

  /** compact discards all entries before compactIndex (which becomes the dummy entry). */
  compact(compactIndex: number): void {
    const offset = this.ents[0].index;
    if (compactIndex <= offset) throw new ErrCompacted();
    assert(compactIndex <= this.lastIndex(), `compact ${compactIndex} is out of bound lastindex(${this.lastIndex()})`);
    const i = compactIndex - offset;
    this.ents = [newEntry({ index: this.ents[i].index, term: this.ents[i].term }), ...this.ents.slice(i + 1)];
  }

  /**
   * append persists entries, overwriting any existing entries at or after entries[0].index
   * (entries before firstIndex are ignored; a gap is an invariant violation).
   */
  append(entries: Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = entries[0].index + entries.length - 1;
    if (last < first) return;
    if (first > entries[0].index) entries = entries.slice(first - entries[0].index);
    const offset = entries[0].index - this.ents[0].index;
    assert(this.ents.length >= offset, `missing log entry [last: ${this.lastIndex()}, append at: ${entries[0].index}]`);
    // Truncate a conflicting tail in place, then append (amortized O(new entries)).
    this.ents.length = offset;
    for (const e of entries) this.ents.push(e);
  }
}
