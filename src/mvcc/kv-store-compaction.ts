/**
 * Compaction in two phases, as etcd's kvstore_compaction.go, driven by the host one step at a
 * time (no timers: each step is a unit of work the host interleaves with applies and commits).
 *
 * ```
 *  compact(R)  ── phase 1, at once ──────────────────────────────────────────────
 *     check compactMainRev < R <= currentRev, set compactMainRev = R,
 *     write meta scheduledCompactRev = R                (reads below R now fail)
 *  step 1      ── index ─────────────────────────────────────────────────────────
 *     treeIndex.compact(R) -> keep set (the newest revision <= R of each live key)
 *  step 2..n   ── backend, one batch per step ──────────────────────────────────
 *     scan [last, R+1) of the key bucket, at most batchLimit records (1000),
 *     delete every record not in the keep set; last = the record after the batch
 *  last step   ── a short batch: write meta finishedCompactRev = R ─────────────
 * ```
 *
 * A restart between phase 1 and the last step finds scheduledCompactRev > finishedCompactRev and
 * schedules the compaction again (see KVStore.restore), so a compaction always finishes.
 */
import { assert } from './assert';
import type { KVStore } from './kv-store';
import type { KeyValueHash } from './hash';
import { KVHasher } from './hash';
import { unsafeSetFinishedCompact } from './meta';
import type { RevisionSet } from './revision';
import { bytesToRev, mainRevPrefix, revToBytes, REV_BYTES_LEN } from './revision';

/** etcd's default number of backend records a compaction batch scans. */
export const DEFAULT_COMPACTION_BATCH_LIMIT = 1000;
const HASH_STORAGE_MAX_SIZE = 10;

interface CompactionJob {
  rev: number;
  prevCompactRev: number;
  /** Whether the previous compaction had finished when this one was scheduled. */
  prevCompactionCompleted: boolean;
  /** Set by the index step. */
  keep?: RevisionSet;
  hasher?: KVHasher;
  /** First backend key of the next batch. */
  last: Uint8Array;
  scanned: number;
  deleted: number;
}

/** The queue of scheduled compactions of a store, worked off by {@link step}. */
export class Compactor {
  private readonly queue: CompactionJob[] = [];
  /** Hashes computed by finished compactions, newest last (etcd's HashStorage, 10 kept). */
  readonly hashes: KeyValueHash[] = [];

  constructor(
    private readonly s: KVStore,
    private readonly batchLimit: number,
  ) {
    assert(batchLimit > 0, 'compaction batch limit must be positive');
  }

  /** Queues the phase-2 work of a compaction at `rev`. */
  schedule(rev: number, prevCompactRev: number, prevCompactionCompleted: boolean): void {
    this.queue.push({ rev, prevCompactRev, prevCompactionCompleted, last: new Uint8Array(REV_BYTES_LEN), scanned: 0, deleted: 0 });
  }

  /** Whether a compaction still has work to do. */
  pending(): boolean {
    return this.queue.length > 0;
  }

  /** The revision of the compaction being worked on, if any. */
  current(): number | undefined {
    return this.queue[0]?.rev;
  }

  /** Does one unit of compaction work; returns false when there was nothing to do. */
  step(): boolean {
    const job = this.queue[0];
    if (job === undefined) return false;
    if (job.keep === undefined) {
      const { keep, removedKeys } = this.s.kvindex.compact(job.rev);
      job.keep = keep;
      job.hasher = new KVHasher(job.prevCompactRev, job.rev, keep);
      this.s.emit({ type: 'compaction-index', rev: job.rev, keep: keep.size, removedKeys });
      return true;
    }
    this.deleteBatch(job, job.keep, job.hasher!);
    return true;
  }

  private deleteBatch(job: CompactionJob, keep: RevisionSet, hasher: KVHasher): void {
    const tx = this.s.b.batchTx();
    const { keys, values } = tx.unsafeRange('key', job.last, mainRevPrefix(job.rev + 1), this.batchLimit);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!keep.has(bytesToRev(k))) {
        tx.unsafeDelete('key', k);
        job.deleted++;
      }
      hasher.writeKeyValue(k, values[i]!);
    }
    job.scanned += keys.length;
    if (keys.length < this.batchLimit) {
      unsafeSetFinishedCompact(tx, job.rev);
      this.queue.shift();
      if (job.prevCompactionCompleted) this.storeHash(hasher.hash());
      this.s.emit({ type: 'compaction-finished', rev: job.rev, deleted: job.deleted });
      return;
    }
    const lastRev = bytesToRev(keys[keys.length - 1]!);
    job.last = revToBytes({ main: lastRev.main, sub: lastRev.sub + 1 });
    this.s.emit({ type: 'compaction-progress', rev: job.rev, scanned: job.scanned, deleted: job.deleted });
  }

  private storeHash(h: KeyValueHash): void {
    this.hashes.push(h);
    this.hashes.sort((a, b) => a.revision - b.revision);
    if (this.hashes.length > HASH_STORAGE_MAX_SIZE) this.hashes.splice(0, this.hashes.length - HASH_STORAGE_MAX_SIZE);
  }
}
