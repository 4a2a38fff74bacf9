/**
 * Events the backend reports to an optional listener, for the B+tree view of the UI.
 * Splits and merges happen as the write transaction changes the tree (in memory); `commit`
 * when a commit has been built and handed to the page store.
 */
import type { BackendStats, BucketName } from './backend';

/** Tree of a bucket, or `root`: the tree that maps bucket names to bucket roots. */
export type TreeName = BucketName | 'root';

/** Something the storage engine did that the UI may draw. */
export type BackendEvent =
  | {
      /** An overfull node was split into `parts` nodes. */
      type: 'split';
      bucket: TreeName;
      kind: 'leaf' | 'branch';
      parts: number;
      /** True when the split made a new root (the tree grew one level). */
      newRoot: boolean;
    }
  | {
      /** An underfull node was merged into a sibling (`rebalance`: then split evenly again). */
      type: 'merge' | 'rebalance';
      bucket: TreeName;
      kind: 'leaf' | 'branch';
    }
  | {
      /** A commit was built and handed to the page store. */
      type: 'commit';
      txid: number;
      pagesWritten: number;
      bytes: number;
      /** Pages released by this transaction (free from the next one on). */
      pagesFreed: number;
      dbSize: number;
    }
  | {
      /** `defrag` rewrote the database compactly. */
      type: 'defrag';
      before: BackendStats;
      after: BackendStats;
    }
  | {
      /** Open found the newest meta (or its tree) unusable and fell back to the previous one. */
      type: 'recover';
      reason: string;
      txid: number;
    };

/** Receives backend events. */
export type BackendListener = (e: BackendEvent) => void;
