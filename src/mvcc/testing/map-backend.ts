/**
 * A test double of the Backend contract: each bucket is a sorted map (sorted-btree keyed by
 * binary strings). `forceCommit` snapshots the live maps as the "durable" state; {@link reopen}
 * opens a new backend on the last durable state, which is what a crash-and-restart sees.
 */
import type { Backend, BackendStats, BatchTx, BucketName, RangeResult } from '../../backend/backend';
import { BUCKETS } from '../../backend/backend';
import { BTree, type BTreeMap } from '../btree';
import { bytesToStr, strToBytes } from '../bytes';

type Buckets = Map<BucketName, BTreeMap<string, Uint8Array>>;

function emptyBuckets(): Buckets {
  return new Map(BUCKETS.map((b) => [b, new BTree<string, Uint8Array>()]));
}

function cloneBuckets(src: Buckets): Buckets {
  return new Map([...src].map(([name, t]) => [name, t.clone()]));
}

class MapBatchTx implements BatchTx {
  pendingOps = 0;
  constructor(readonly buckets: Buckets) {}

  private bucket(name: BucketName): BTreeMap<string, Uint8Array> {
    return this.buckets.get(name)!;
  }

  unsafeRange(bucket: BucketName, key: Uint8Array, endKey: Uint8Array | undefined, limit: number): RangeResult {
    const t = this.bucket(bucket);
    const k = bytesToStr(key);
    if (endKey === undefined || endKey.length === 0) {
      const v = t.get(k);
      return v === undefined ? { keys: [], values: [] } : { keys: [key.slice()], values: [v] };
    }
    const end = bytesToStr(endKey);
    const out: RangeResult = { keys: [], values: [] };
    for (const [kk, v] of t.entries(k)) {
      if (kk >= end || (limit > 0 && out.keys.length >= limit)) break;
      out.keys.push(strToBytes(kk));
      out.values.push(v);
    }
    return out;
  }

  unsafeForEach(bucket: BucketName, visitor: (key: Uint8Array, value: Uint8Array) => void): void {
    for (const [k, v] of this.bucket(bucket).entries()) visitor(strToBytes(k), v);
  }

  unsafePut(bucket: BucketName, key: Uint8Array, value: Uint8Array): void {
    this.bucket(bucket).set(bytesToStr(key), value.slice());
    this.pendingOps++;
  }

  unsafeSeqPut(bucket: BucketName, key: Uint8Array, value: Uint8Array): void {
    this.unsafePut(bucket, key, value);
  }

  unsafeDelete(bucket: BucketName, key: Uint8Array): void {
    this.bucket(bucket).delete(bytesToStr(key));
    this.pendingOps++;
  }

  pending(): number {
    return this.pendingOps;
  }
}

/** An in-memory Backend over sorted maps, with a durable snapshot taken at each commit. */
export class MapBackend implements Backend {
  private readonly tx: MapBatchTx;
  private durable: Buckets;
  private txid = 0;
  commits = 0;

  constructor(durable?: Buckets) {
    this.durable = durable ?? emptyBuckets();
    this.tx = new MapBatchTx(cloneBuckets(this.durable));
  }

  readTx(): MapBatchTx {
    return this.tx;
  }

  batchTx(): MapBatchTx {
    return this.tx;
  }

  forceCommit(): Promise<void> {
    this.durable = cloneBuckets(this.tx.buckets);
    this.tx.pendingOps = 0;
    this.txid++;
    this.commits++;
    return Promise.resolve();
  }

  maybeCommit(): Promise<void> | undefined {
    return this.tx.pendingOps >= 10_000 ? this.forceCommit() : undefined;
  }

  defrag(): Promise<void> {
    return Promise.resolve();
  }

  stats(): BackendStats {
    const keys = Object.fromEntries(BUCKETS.map((b) => [b, this.tx.buckets.get(b)!.size])) as Record<BucketName, number>;
    const depth = Object.fromEntries(BUCKETS.map((b) => [b, 1])) as Record<BucketName, number>;
    return { dbSize: 0, dbSizeInUse: 0, pageSize: 4096, branchPages: 0, leafPages: 0, overflowPages: 0, freePages: 0, depth, keys, txid: this.txid };
  }

  close(): Promise<void> {
    return this.forceCommit();
  }

  /** A new backend on the last committed state: uncommitted writes are lost, as in a crash. */
  reopen(): MapBackend {
    return new MapBackend(cloneBuckets(this.durable));
  }
}
