/**
 * What the MVCC store tells an observer (the UI, the simulator's checkers): plain data, one
 * discriminated union, emitted synchronously at the moment it happens.
 */

/** One change of a committed revision. `key` is the raw key. */
export interface RevisionChange {
  key: Uint8Array;
  sub: number;
  type: 'PUT' | 'DELETE';
}

/** A trace event of the MVCC store and its watchers. */
export type MvccEvent =
  | { type: 'revision-committed'; main: number; changes: RevisionChange[] }
  | { type: 'compaction-scheduled'; rev: number; prevCompactRev: number }
  | { type: 'compaction-index'; rev: number; keep: number; removedKeys: number }
  | { type: 'compaction-progress'; rev: number; scanned: number; deleted: number }
  | { type: 'compaction-finished'; rev: number; deleted: number }
  | { type: 'watch-created'; watchId: number; key: Uint8Array; rangeEnd?: Uint8Array; startRevision: number; synced: boolean }
  | { type: 'watch-cancelled'; watchId: number; reason: 'client' | 'compacted' | 'closed'; compactRevision: number }
  | { type: 'watch-synced'; watchId: number; revision: number }
  | { type: 'watch-events-sent'; watchId: number; revision: number; count: number; fromHistory: boolean }
  | { type: 'watch-progress'; watchId: number; revision: number };

/** A listener of {@link MvccEvent}s. */
export type MvccListener = (e: MvccEvent) => void;
