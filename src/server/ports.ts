/**
 * The I/O an etcd member needs, named as ports its host provides (hexagonal style). The member
 * (src/server) is pure: the Web Worker host plugs IndexedDB and a MessagePort in here; the
 * simulator plugs memory stores and its simulated network.
 */
import type { Entry, HardState, Message, Snapshot } from '../raft';
import type { PageStore } from '../backend';
import { ErrNoSpaceLeft } from '../backend';

export type { PageStore };
export { ErrNoSpaceLeft };

/** What a WAL holds after a restart: the newest raft snapshot, the HardState, and the entries after the snapshot. */
export interface WalState {
  snapshot?: Snapshot;
  hardState: HardState;
  entries: Entry[];
}

/**
 * Raised by `WalStore.load` when a record fails its checksum or the log has a gap: the member
 * must stop and report, never use the data (etcd's "wal: crc mismatch" / "unexpected EOF").
 */
export class ErrWalCorrupt extends Error {
  constructor(detail: string) {
    super(`wal: ${detail}`);
    this.name = 'ErrWalCorrupt';
  }
}

/** One Ready's worth of durable raft state, written atomically. */
export interface WalBatch {
  hardState?: HardState;
  /**
   * Entries to append. An entry whose index is already in the WAL replaces it and every entry
   * after it (a follower's log truncation on conflict).
   */
  entries: Entry[];
  /** A snapshot received from the leader (MsgSnap) or taken locally; entries at or below its index are dropped. */
  snapshot?: Snapshot;
}

/**
 * The member's write-ahead log. Each record carries a checksum. `save` is one atomic write per
 * Ready (one IndexedDB readwrite transaction in the browser): the member sends its messages and
 * acknowledges only after the promise resolves (`durability: 'strict'`).
 */
export interface WalStore {
  /** Reads the durable state; throws ErrWalCorrupt on a checksum mismatch or a gap. Empty WAL: zero HardState, no entries. */
  load(): Promise<WalState>;
  /**
   * Persists one Ready atomically. Throws {@link ErrNoSpaceLeft} when storage is full: then none
   * of the batch landed (the member never acknowledges it).
   */
  save(batch: WalBatch): Promise<void>;
  /** Drops entries with index < `index` (raft log compaction after a snapshot); may throw ErrNoSpaceLeft. */
  compact(index: number): Promise<void>;
  /** Releases the store (the data stays). */
  close(): Promise<void>;
}

/** Where a member sends raft messages: the host hands them to the network bus. */
export interface Transport {
  send(messages: Message[]): void;
}
