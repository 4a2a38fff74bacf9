/**
 * A tiny Backend for the lessor's tests: sorted Maps instead of a B+tree, with the contract's
 * commit semantics. Writes go to the live (batch) state at once; `forceCommit` copies it into a
 * `MapDisk`, the stand-in for the page store, and a backend reopened on that disk sees only
 * what was committed, so tests can "crash" by dropping a backend without committing.
 */
import {
  BUCKETS,
  type Backend,
  type BackendStats,
  type BatchTx,
  type BucketName,
  type RangeResult,
  type ReadTx,
} from '../../backend/backend';

type Bucket = Map<string, { key: Uint8Array; value: Uint8Array }>;
type Buckets = Map<BucketName, Bucket>;

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function emptyBuckets(): Buckets {
  return new Map(BUCKETS.map((b) => [b, new Map()]));
}

function copyBuckets(src: Buckets): Buckets {
  const out: Buckets = new Map();
  for (const [name, b] of src) {
    out.set(name, new Map([...b].map(([k, e]) => [k, { key: e.key.slice(), value: e.value.slice() }])));
  }
  return out;
}

/** MapDisk is what survives a MapBackend: the last committed buckets and the commit count. */
export class MapDisk {
  committed: Buckets = emptyBuckets();
  txid = 0;
}

/** MapBackend implements the Backend contract over sorted Maps (tests only). */
export class MapBackend implements Backend, BatchTx {
  private live: Buckets;
  private writes = 0;
  private lastCommitMs: number | undefined;
  /** Number of commits, for tests that check a commit happened. */
  commits = 0;

  constructor(
    readonly disk: MapDisk = new MapDisk(),
    private readonly batchLimit = 10_000,
    private readonly batchIntervalMs = 100,
  ) {
    this.live = copyBuckets(disk.committed);
  }

  readTx(): ReadTx {
    return this;
  }

  batchTx(): BatchTx {
    return this;
  }

  unsafeRange(bucket: BucketName, key: Uint8Array, endKey: Uint8Array | undefined, limit: number): RangeResult {
    const b = this.bucket(bucket);
    const out: RangeResult = { keys: [], values: [] };
    if (endKey === undefined || endKey.length === 0) {
      const e = b.get(hex(key));
      if (e) {
        out.keys.push(e.key.slice());
        out.values.push(e.value.slice());
      }
      return out;
    }
    const lo = hex(key);
    const hi = hex(endKey);
    for (const k of [...b.keys()].sort()) {
      if (k < lo || k >= hi) continue;
      if (limit > 0 && out.keys.length >= limit) break;
      const e = b.get(k)!;
      out.keys.push(e.key.slice());
      out.values.push(e.value.slice());
    }
    return out;
  }

  unsafeForEach(bucket: BucketName, visitor: (key: Uint8Array, value: Uint8Array) => void): void {
    const b = this.bucket(bucket);
    for (const k of [...b.keys()].sort()) {
      const e = b.get(k)!;
      visitor(e.key.slice(), e.value.slice());
    }
  }

  unsafePut(bucket: BucketName, key: Uint8Array, value: Uint8Array): void {
    this.bucket(bucket).set(hex(key), { key: key.slice(), value: value.slice() });
    this.writes++;
  }

  unsafeSeqPut(bucket: BucketName, key: Uint8Array, value: Uint8Array): void {
    this.unsafePut(bucket, key, value);
  }

  unsafeDelete(bucket: BucketName, key: Uint8Array): void {
    this.bucket(bucket).delete(hex(key));
    this.writes++;
  }

  pending(): number {
    return this.writes;
  }

  forceCommit(): Promise<void> {
    this.disk.committed = copyBuckets(this.live);
    this.disk.txid++;
    this.writes = 0;
    this.commits++;
    return Promise.resolve();
  }

  maybeCommit(nowMs: number): Promise<void> | undefined {
    this.lastCommitMs ??= nowMs;
    if (this.writes === 0) return undefined;
    if (this.writes < this.batchLimit && nowMs - this.lastCommitMs < this.batchIntervalMs) return undefined;
    this.lastCommitMs = nowMs;
    return this.forceCommit();
  }

  defrag(): Promise<void> {
    return Promise.resolve();
  }

  stats(): BackendStats {
    const keys = Object.fromEntries(BUCKETS.map((b) => [b, this.bucket(b).size])) as Record<BucketName, number>;
    const depth = Object.fromEntries(BUCKETS.map((b) => [b, 1])) as Record<BucketName, number>;
    return {
      dbSize: 0,
      dbSizeInUse: 0,
      pageSize: 4096,
      branchPages: 0,
      leafPages: BUCKETS.length,
      overflowPages: 0,
      freePages: 0,
      depth,
      keys,
      txid: this.disk.txid,
    };
  }

  close(): Promise<void> {
    return this.forceCommit();
  }

  private bucket(name: BucketName): Bucket {
    const b = this.live.get(name);
    if (b === undefined) throw new Error(`bucket ${name} not found`);
    return b;
  }
}
