/**
 * The backend contract: what the MVCC store, the lessor and the server layer may ask of the
 * storage engine. It mirrors etcd's `server/storage/backend` (ReadTx, BatchTx, Backend) in the
 * vocabulary of bbolt: named buckets of byte keys in sorted order.
 *
 * Everything here is synchronous except the moments that touch the page store (commit, defrag,
 * close), because the B+tree works on an in-memory page cache and only its commits go to disk.
 *
 * `unsafe*` means, as in etcd, "the caller holds the batch transaction": in etcdscope a member is
 * single-threaded, so this is a naming convention that marks writes and reads of the live
 * transaction rather than a lock discipline.
 */

/** The buckets etcd creates in its bbolt file. */
export type BucketName =
  | 'key'
  | 'meta'
  | 'lease'
  | 'members'
  | 'members_removed'
  | 'cluster'
  | 'alarm';

/** Every bucket a backend creates when it opens. */
export const BUCKETS: readonly BucketName[] = [
  'key',
  'meta',
  'lease',
  'members',
  'members_removed',
  'cluster',
  'alarm',
];

/** The result of a range over one bucket: parallel arrays, keys in ascending byte order. */
export interface RangeResult {
  keys: Uint8Array[];
  values: Uint8Array[];
}

/** A read view of the backend that sees the batch transaction's uncommitted writes. */
export interface ReadTx {
  /**
   * Reads a range of a bucket.
   * - `endKey` undefined or empty: the single key `key` (zero or one result).
   * - otherwise: every key in `[key, endKey)` in ascending order, at most `limit` of them
   *   when `limit > 0` (0 or negative means no limit).
   */
  unsafeRange(bucket: BucketName, key: Uint8Array, endKey: Uint8Array | undefined, limit: number): RangeResult;
  /** Calls `visitor` for every key of a bucket in ascending order. */
  unsafeForEach(bucket: BucketName, visitor: (key: Uint8Array, value: Uint8Array) => void): void;
}

/** The single write transaction of a backend: writes are buffered until the next commit. */
export interface BatchTx extends ReadTx {
  /** Inserts or replaces `key` in `bucket`. */
  unsafePut(bucket: BucketName, key: Uint8Array, value: Uint8Array): void;
  /**
   * Like `unsafePut`, for keys that arrive in ascending order (revisions): a hint that lets the
   * tree fill pages fully instead of splitting them in half, as bbolt's FillPercent does.
   */
  unsafeSeqPut(bucket: BucketName, key: Uint8Array, value: Uint8Array): void;
  /** Removes `key` from `bucket`; removing a missing key is not an error. */
  unsafeDelete(bucket: BucketName, key: Uint8Array): void;
  /** Number of writes buffered since the last commit. */
  pending(): number;
}

/** Size statistics, as `endpoint status` and the B+tree view show them. */
export interface BackendStats {
  /** Bytes the database occupies on its page store (every allocated page, free ones included). */
  dbSize: number;
  /** Bytes of pages that hold live data (dbSize minus free pages). */
  dbSizeInUse: number;
  pageSize: number;
  branchPages: number;
  leafPages: number;
  overflowPages: number;
  freePages: number;
  /** Depth of each bucket's tree (1 = a single leaf). */
  depth: Record<BucketName, number>;
  /** Number of keys in each bucket. */
  keys: Record<BucketName, number>;
  /** Id of the last committed transaction. */
  txid: number;
}

/** The storage engine of one member. */
export interface Backend {
  /** A read view (the batch transaction's view: it sees uncommitted writes). */
  readTx(): ReadTx;
  /** The write transaction. */
  batchTx(): BatchTx;
  /**
   * Commits the batch transaction: the new tree version becomes the committed one in memory
   * at once, and the returned promise resolves when it is durable in the page store.
   * Commits are serialised: a second commit waits for the first to be written.
   */
  forceCommit(): Promise<void>;
  /**
   * Commits when the batch holds at least `batchLimit` writes or `batchIntervalMs` have passed
   * since the last commit (etcd's 10,000 ops / 100 ms). The host calls this with its clock;
   * returns undefined when no commit was due.
   */
  maybeCommit(nowMs: number): Promise<void> | undefined;
  /** Rewrites the whole tree compactly into fresh pages and drops the free space. */
  defrag(): Promise<void>;
  /** Current size statistics. */
  stats(): BackendStats;
  /** Commits what is pending and releases the page store. */
  close(): Promise<void>;
}
