/**
 * The backend of one member: bucket trees over a page cache, one batch transaction with its
 * writes in memory, and commits serialised to a {@link PageStore}.
 *
 * ```
 *   unsafePut/Delete ──► dirty nodes (reads see them) ──forceCommit/maybeCommit──►
 *      buildCommit: spill + freelist + meta (in memory: committed at once)
 *      ──► writeChain: store.commit(pages, meta), one after another ──► durable
 * ```
 * Host contract (the pure code has no timers): call `maybeCommit(nowMs)` after applying entries
 * and on a timer; it commits when `batchLimit` writes are pending or `batchIntervalMs` passed
 * since the last commit (etcd: 10,000 / 100 ms). Writes never commit on their own, so a
 * multi-key transaction of the MVCC layer is never split across two commits.
 *
 * A store that refuses a commit for lack of space ({@link ErrNoSpaceLeft}) wrote none of it, so
 * the backend keeps serving from memory and keeps that write as `unwritten`: the next commit
 * writes it merged with its own pages (one atomic write: the store goes from its last durable
 * version straight to the newest), and a defrag replaces it with the compact image. Any other
 * store failure stops the backend (ErrCommitFailed).
 */
import type { Backend, BatchTx, BucketName, RangeResult } from './backend';
import { checkState } from './check';
import { buildCommit, type BuiltCommit } from './commit';
import { buildDefrag } from './defrag';
import { ErrCommitFailed, ErrDatabaseNotOpen, ErrNoSpaceLeft } from './errors';
import type { BackendListener } from './events';
import { describeLevels, describeTree, type PageInfo, type TreeLevels } from './inspect';
import { loadNewest } from './load';
import type { PageStore, PageWrite } from './page-store';
import { emptyState, isDirty, stateFromVersion, type BackendState } from './state';
import { computeStats, type BoltStats } from './stats';
import { DEFAULT_FILL_PERCENT, SEQ_FILL_PERCENT, type Tree } from './tree';

/** Options of {@link openBackend}. */
export interface BackendOptions {
  /** Page size of a new database (an existing one keeps its own). Default 4096. */
  pageSize?: number;
  /** Pending writes that make `maybeCommit` commit. Default 10,000 (etcd's batch limit). */
  batchLimit?: number;
  /** Milliseconds after the last commit that make `maybeCommit` commit. Default 100. */
  batchIntervalMs?: number;
  /** Receives split/merge/commit/defrag/recover events. */
  listener?: BackendListener;
}

/**
 * Opens the backend stored in `store`: loads the newest sound version (falling back to the
 * previous meta if the newest is torn), or creates a new database with every bucket.
 */
export async function openBackend(store: PageStore, opts: BackendOptions = {}): Promise<BoltBackend> {
  const loaded = loadNewest(await store.load());
  const state =
    loaded.version === undefined
      ? emptyState(opts.pageSize ?? 4096, opts.listener)
      : stateFromVersion(loaded.version, opts.listener);
  if (loaded.recovered !== undefined) {
    opts.listener?.({ type: 'recover', reason: loaded.recovered, txid: state.meta.txid });
  }
  const backend = new BoltBackend(store, state, opts, loaded.recovered);
  if (isDirty(state)) await backend.forceCommit();
  return backend;
}

/** A bbolt-like {@link Backend}; it is its own read and batch transaction. */
export class BoltBackend implements Backend, BatchTx {
  private pendingOps = 0;
  private lastCommitMs: number | undefined;
  private writeChain: Promise<void> = Promise.resolve();
  private failed: ErrCommitFailed | undefined;
  /** Built commits the store refused for lack of space, merged; written before anything newer. */
  private unwritten: PageWrite | undefined;
  private closed = false;
  private readonly batchLimit: number;
  private readonly batchIntervalMs: number;

  /** Use {@link openBackend}. */
  constructor(
    private readonly store: PageStore,
    private state: BackendState,
    private readonly opts: BackendOptions,
    /** Why open passed over the newest meta, if it did (shown to the learner). */
    readonly recovered: string | undefined,
  ) {
    this.batchLimit = opts.batchLimit ?? 10_000;
    this.batchIntervalMs = opts.batchIntervalMs ?? 100;
  }

  /** The read view: the batch transaction itself (reads see uncommitted writes). */
  readTx(): BatchTx {
    return this;
  }

  /** The write transaction. */
  batchTx(): BatchTx {
    return this;
  }

  private tree(bucket: BucketName): Tree {
    if (this.closed) throw new ErrDatabaseNotOpen();
    if (this.failed !== undefined) throw this.failed;
    const t = this.state.buckets.get(bucket);
    if (t === undefined) throw new Error(`bucket not found: ${bucket}`);
    return t;
  }

  /**
   * Reads one key (`endKey` empty) or `[key, endKey)`, at most `limit` keys when `limit > 0`.
   * The returned bytes are copies (views into one buffer per call): callers may keep or mutate
   * them without pinning or corrupting the page cache.
   */
  unsafeRange(bucket: BucketName, key: Uint8Array, endKey: Uint8Array | undefined, limit: number): RangeResult {
    const t = this.tree(bucket);
    if (endKey === undefined || endKey.length === 0) {
      const v = t.get(key);
      return v === undefined ? { keys: [], values: [] } : copyOut([key], [v]);
    }
    const keys: Uint8Array[] = [];
    const values: Uint8Array[] = [];
    t.range(key, endKey, (k, v) => {
      keys.push(k);
      values.push(v);
      return limit <= 0 || keys.length < limit;
    });
    return copyOut(keys, values);
  }

  /** Visits every key of `bucket` in ascending order (with copies of the bytes, as unsafeRange). */
  unsafeForEach(bucket: BucketName, visitor: (key: Uint8Array, value: Uint8Array) => void): void {
    const keys: Uint8Array[] = [];
    const values: Uint8Array[] = [];
    this.tree(bucket).range(new Uint8Array(0), undefined, (k, v) => {
      keys.push(k);
      values.push(v);
      return true;
    });
    for (let i = 0; i < keys.length; i += FOR_EACH_CHUNK) {
      const chunk = copyOut(keys.slice(i, i + FOR_EACH_CHUNK), values.slice(i, i + FOR_EACH_CHUNK));
      for (let j = 0; j < chunk.keys.length; j++) visitor(chunk.keys[j]!, chunk.values[j]!);
    }
  }

  /** Inserts or replaces a key (the bytes are copied). */
  unsafePut(bucket: BucketName, key: Uint8Array, value: Uint8Array): void {
    this.tree(bucket).put(key.slice(), value.slice(), DEFAULT_FILL_PERCENT);
    this.pendingOps++;
  }

  /** Inserts a key that sorts after the bucket's others: splits pack the left node full. */
  unsafeSeqPut(bucket: BucketName, key: Uint8Array, value: Uint8Array): void {
    this.tree(bucket).put(key.slice(), value.slice(), SEQ_FILL_PERCENT);
    this.pendingOps++;
  }

  /** Removes a key; a missing key is not an error. */
  unsafeDelete(bucket: BucketName, key: Uint8Array): void {
    this.tree(bucket).delete(key);
    this.pendingOps++;
  }

  /** Writes since the last commit. */
  pending(): number {
    return this.pendingOps;
  }

  /** Commits now; resolves when this commit (and every earlier one) is durable. */
  forceCommit(): Promise<void> {
    if (this.closed) return Promise.reject(new ErrDatabaseNotOpen());
    if (this.failed !== undefined) return Promise.reject(this.failed);
    this.pendingOps = 0;
    if (!isDirty(this.state)) return this.unwritten !== undefined ? this.chainFlush(undefined) : this.writeChain;
    return this.enqueue(buildCommit(this.state));
  }

  /** Whether some committed version is only in memory because the store ran out of space. */
  hasUnwritten(): boolean {
    return this.unwritten !== undefined;
  }

  /**
   * Commits when `batchLimit` writes are pending, or when `batchIntervalMs` passed since the
   * last interval tick and something is pending (like etcd's commit ticker: an idle interval
   * just restarts the clock). The first call starts the clock.
   */
  maybeCommit(nowMs: number): Promise<void> | undefined {
    this.lastCommitMs ??= nowMs;
    let due = this.pendingOps >= this.batchLimit;
    if (nowMs - this.lastCommitMs >= this.batchIntervalMs) {
      this.lastCommitMs = nowMs;
      due ||= this.pendingOps > 0 || this.unwritten !== undefined;
    }
    if (!due) return undefined;
    this.lastCommitMs = nowMs;
    return this.forceCommit();
  }

  /**
   * Rewrites the database compactly (commits pending writes first). With the store out of space
   * it still runs: the compact image replaces whatever was left unwritten.
   */
  async defrag(): Promise<void> {
    await this.forceCommit().catch((e: unknown) => {
      if (!(e instanceof ErrNoSpaceLeft)) throw e;
    });
    const before = this.stats();
    const { state, commit } = buildDefrag(this.state, this.opts.listener);
    this.state = state;
    const written = this.enqueue(commit);
    this.opts.listener?.({ type: 'defrag', before, after: this.stats() });
    await written;
  }

  /** The shape of a bucket's tree, `maxDepth` levels deep, for the B+tree view. */
  describe(bucket: BucketName, maxDepth = Infinity): PageInfo {
    return describeTree(this.state.pager, this.tree(bucket).root, maxDepth);
  }

  /** A bounded, level-by-level picture of a bucket's tree (at most `maxPerLevel` nodes a level). */
  describeLevels(bucket: BucketName, maxPerLevel?: number): TreeLevels {
    return describeLevels(this.state.pager, this.tree(bucket).root, maxPerLevel);
  }

  /** Checks every tree's structure; throws on the first broken invariant (tests, simulator). */
  check(): void {
    checkState(this.state);
  }

  /** Size statistics (see {@link computeStats} for what is committed and what is live). */
  stats(): BoltStats {
    return computeStats(this.state, this.pendingOps);
  }

  /**
   * Commits what is pending, waits for every write, and closes the page store. The store is
   * closed even when the commit fails (the error is still thrown), so a host can reopen.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.forceCommit();
    } finally {
      this.closed = true;
      await this.store.close();
    }
  }

  /**
   * Hands a built commit to the store after the previous ones. Lack of space keeps it unwritten
   * (merged with the next); any other failure stops the backend.
   */
  private enqueue(c: BuiltCommit): Promise<void> {
    this.opts.listener?.({
      type: 'commit',
      txid: c.meta.txid,
      pagesWritten: c.pagesWritten,
      bytes: c.bytes,
      pagesFreed: c.pagesFreed,
      dbSize: c.meta.highWater * c.meta.pageSize,
    });
    return this.chainFlush(c.write);
  }

  /** Queues, after the writes already queued, a write of what is unwritten then of `own`. */
  private chainFlush(own: PageWrite | undefined): Promise<void> {
    const done = this.writeChain.then(async () => {
      if (this.failed !== undefined) throw this.failed;
      const left = this.unwritten;
      const w = left === undefined ? own : own === undefined ? left : mergeWrites(left, own);
      if (w === undefined) return; // an earlier flush wrote it
      this.unwritten = undefined;
      try {
        await this.store.commit(w);
      } catch (e) {
        if (e instanceof ErrNoSpaceLeft) {
          this.unwritten = w;
          throw e;
        }
        this.failed ??= new ErrCommitFailed(e);
        throw this.failed;
      }
    });
    this.writeChain = done.catch(() => {});
    return done;
  }
}

/**
 * One write with the effect of `a` then `b`. Atomic like each of them, it takes the store from
 * the version before `a` straight to the one after `b`; a defrag image (`replaceAll`) in `b`
 * makes `a` moot. Pages `b` reuses were freed before `b` was built, so no page of `a`'s version
 * is overwritten, and `a`'s meta may land with it.
 */
export function mergeWrites(a: PageWrite, b: PageWrite): PageWrite {
  if (b.replaceAll) return b;
  const pages = new Map(a.pages);
  for (const [pgid, buf] of b.pages) pages.set(pgid, buf);
  const metas = new Map(a.metas);
  for (const [slot, buf] of b.metas) metas.set(slot, buf);
  return { pages: [...pages], metas: [...metas], replaceAll: a.replaceAll };
}

/** Entries copied per shared buffer by unsafeForEach. */
const FOR_EACH_CHUNK = 1024;

/** Copies keys and values into one fresh buffer and returns views of it. */
function copyOut(keys: Uint8Array[], values: Uint8Array[]): RangeResult {
  let total = 0;
  for (let i = 0; i < keys.length; i++) total += keys[i]!.length + values[i]!.length;
  const buf = new Uint8Array(total);
  const out: RangeResult = { keys: new Array(keys.length), values: new Array(keys.length) };
  let off = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = values[i]!;
    buf.set(k, off);
    out.keys[i] = buf.subarray(off, off + k.length);
    off += k.length;
    buf.set(v, off);
    out.values[i] = buf.subarray(off, off + v.length);
    off += v.length;
  }
  return out;
}
