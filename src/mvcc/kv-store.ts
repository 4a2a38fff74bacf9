/**
 * The MVCC key-value store of one member (etcd's kvstore.go): a {@link TreeIndex} in memory over
 * the `key` bucket of a {@link Backend}, with the store revision, the compaction state and the
 * consistent index.
 *
 * ```
 *   treeIndex (memory)                     backend bucket "key" (durable)
 *   "foo" -> {2.0, 3.0} {empty}            0000..02_0000..00  -> KeyValue{foo, c2, m2, v1, "bar"}
 *   "foo2"-> {4.0, 6.0(t)} {empty}         0000..03_0000..00  -> KeyValue{foo, c2, m3, v2, "baz"}
 *                                          0000..06_0000..00t -> KeyValue{foo2}
 * ```
 *
 * Opening a store on a backend restores everything from it (index, revision, compaction state,
 * lease attachments) and resumes an unfinished compaction. All methods are synchronous; the host
 * commits the backend (maybeCommit/forceCommit) when it chooses, and every record, including the
 * consistent index, goes through the one batch transaction so a commit is always consistent.
 */
import type { Backend } from '../backend/backend';
import type {
  DeleteRangeRequest,
  DeleteRangeResponse,
  KeyValue,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  TxnResponse,
} from '../protocol/rpc';
import { assert } from './assert';
import { bytesToStr, strToBytes } from './bytes';
import { ErrCompacted, ErrFutureRev } from './errors';
import type { MvccEvent, MvccListener } from './events';
import type { KeyValueHash } from './hash';
import { KVHasher } from './hash';
import { KeyIndex } from './key-index';
import { decodeKeyValue, decodeKeyValueIndexFields, type KeyValueIndexFields } from './kv-codec';
import { Compactor, DEFAULT_COMPACTION_BATCH_LIMIT } from './kv-store-compaction';
import { TxnRead, TxnWrite } from './kv-store-txn';
import {
  unsafeReadConsistentIndex,
  unsafeReadFinishedCompact,
  unsafeReadScheduledCompact,
  unsafeSetConsistentIndex,
  unsafeSetScheduledCompact,
} from './meta';
import type { Revision } from './revision';
import { bytesToBucketKey, revToBytes } from './revision';
import { TreeIndex } from './tree-index';
import { applyDeleteRange, applyPut, applyRange, applyTxn } from './txn';

/** The lessor as the store sees it: the lease engineer's lessor implements this. */
export interface LeaseAttacher {
  /** Attaches `key` to `lease` (the key is moving to it or being created with it). */
  attach(lease: bigint, key: Uint8Array): void;
  /** Detaches `key` from `lease` (the key moved to another lease, lost its lease or was deleted). */
  detach(lease: bigint, key: Uint8Array): void;
  /** Whether `lease` exists (a put naming a missing lease fails with ErrLeaseNotFound). */
  exists(lease: bigint): boolean;
}

/** Options of a store. */
export interface StoreConfig {
  /** Backend records scanned per compaction step (etcd: 1000). */
  compactionBatchLimit?: number;
  /** The lessor; without one, a put with a lease fails with ErrLeaseNotFound. */
  lessor?: LeaseAttacher;
  /** Observer of store events (UI, checkers). */
  listener?: MvccListener;
}

/** The result of {@link KVStore.hashByRev}. */
export interface HashKVResult extends KeyValueHash {
  /** The store revision when the hash was taken (the response header revision). */
  currentRev: number;
}

/** The MVCC store. Read the class comment of kv-store.ts for the picture. */
export class KVStore {
  /** The key index. Read-only for everyone but the store (the UI may walk it). */
  kvindex = new TreeIndex();
  /** Revision of the last completed write txn (1 for an empty store). Internal: use {@link rev}. */
  currentRev = 1;
  /** Revision of the last compaction, -1 when never compacted. Internal: use {@link compactRevision}. */
  compactMainRev = -1;
  /** The lessor, if any. */
  lessor: LeaseAttacher | undefined;
  private listener: MvccListener | undefined;
  private writing: TxnWrite | undefined;
  private compactor: Compactor;
  private readonly compactionBatchLimit: number;
  private ci = { index: 0, term: 0 };

  /** Opens a store on `b`, restoring its state from the backend. */
  constructor(
    /** The backend. Internal to the store and its txns. */
    public b: Backend,
    cfg: StoreConfig = {},
  ) {
    this.lessor = cfg.lessor;
    this.listener = cfg.listener;
    this.compactionBatchLimit = cfg.compactionBatchLimit ?? DEFAULT_COMPACTION_BATCH_LIMIT;
    this.compactor = new Compactor(this, this.compactionBatchLimit);
    this.restore();
  }

  /**
   * Switches to another backend and restores everything from it (etcd's store.Restore, used
   * when a member installs a snapshot from the leader): the index, revision, compaction state
   * and lease attachments are rebuilt; pending compaction work of the old backend is dropped.
   * Recover the lessor on the new backend first, as etcd does.
   */
  restoreFrom(b: Backend): void {
    assert(this.writing === undefined, 'restore with a write txn open');
    this.b = b;
    this.kvindex = new TreeIndex();
    this.currentRev = 1;
    this.compactMainRev = -1;
    this.compactor = new Compactor(this, this.compactionBatchLimit);
    this.restore();
  }

  /** Sets (or clears) the observer of store events. */
  setListener(l: MvccListener | undefined): void {
    this.listener = l;
  }

  /** Emits an event to the observer. Internal. */
  emit(e: MvccEvent): void {
    this.listener?.(e);
  }

  /** The current store revision. */
  rev(): number {
    return this.currentRev;
  }

  /** The revision of the last compaction (-1 when never compacted). */
  compactRevision(): number {
    return this.compactMainRev;
  }

  /** The last compaction whose backend deletes have all been done (-1 when none). */
  finishedCompactRevision(): number {
    return unsafeReadFinishedCompact(this.b.readTx()) ?? -1;
  }

  /** A read view at the current revision. */
  read(): TxnRead {
    return new TxnRead(this, this.currentRev);
  }

  /** Opens the write txn. Exactly one may be open; call `end()` on it. */
  write(): TxnWrite {
    assert(this.writing === undefined, 'a write txn is already open');
    this.writing = new TxnWrite(this, this.currentRev);
    return this.writing;
  }

  /** Closes the write txn `tw`. Internal: called by TxnWrite.end(). */
  endWrite(tw: TxnWrite): void {
    assert(this.writing === tw, 'ending a write txn that is not the open one');
    this.writing = undefined;
    if (tw.changes.length === 0) return;
    this.currentRev++;
    const main = this.currentRev;
    this.emit({
      type: 'revision-committed',
      main,
      changes: tw.changes.map((c) => ({ key: c.kv.key, sub: c.sub, type: c.tombstone ? 'DELETE' : 'PUT' })),
    });
    this.notify(main, tw);
  }

  /** Serves a RangeRequest (see range.ts). @throws ErrCompacted, ErrFutureRev */
  range(r: RangeRequest): RangeResponse {
    return applyRange(this, r);
  }

  /** Applies a PutRequest (see txn.ts). @throws ErrLeaseNotFound, ErrKeyNotFound */
  put(p: PutRequest): PutResponse {
    return applyPut(this, p);
  }

  /** Applies a DeleteRangeRequest (see txn.ts). */
  deleteRange(d: DeleteRangeRequest): DeleteRangeResponse {
    return applyDeleteRange(this, d);
  }

  /** Applies a TxnRequest (see txn.ts); validate it first with checkTxnRequest. */
  txn(t: TxnRequest): TxnResponse {
    return applyTxn(this, t);
  }

  /** Hook for the watchable store: a write txn committed revision `rev`. */
  protected notify(_rev: number, _tw: TxnWrite): void {}

  /** The KeyValue stored at `rev` (which must exist). Internal. */
  unsafeReadKeyValue(rev: Revision): KeyValue {
    const { values } = this.b.readTx().unsafeRange('key', revToBytes(rev), undefined, 0);
    assert(values.length === 1, `range failed to find revision pair ${rev.main}.${rev.sub}`);
    return decodeKeyValue(values[0]!);
  }

  /** Key bytes of an index key. Internal. */
  keyBytes(k: string): Uint8Array {
    return strToBytes(k);
  }

  /** Records the raft index (and term) of the entry being applied, in the same batch as its data. */
  setConsistentIndex(index: number, term?: number): void {
    unsafeSetConsistentIndex(this.b.batchTx(), index, term);
    this.ci = { index, term: term ?? this.ci.term };
  }

  /** The raft index of the last entry applied to this store (0 for a fresh backend). */
  consistentIndex(): number {
    return this.ci.index;
  }

  /** The raft term stored with the consistent index (0 when never set). */
  consistentTerm(): number {
    return this.ci.term;
  }

  /**
   * Compacts at `rev`: phase 1 now (reads below `rev` fail from here on), phase 2 queued for
   * {@link compactionStep}.
   * @throws ErrCompacted when `rev` <= the current compaction revision.
   * @throws ErrFutureRev when `rev` > the current revision.
   */
  compact(rev: number): void {
    if (rev <= this.compactMainRev) throw new ErrCompacted();
    if (rev > this.currentRev) throw new ErrFutureRev();
    const rtx = this.b.readTx();
    const prevCompactionCompleted = unsafeReadScheduledCompact(rtx) === unsafeReadFinishedCompact(rtx);
    const prevCompactRev = this.compactMainRev;
    this.compactMainRev = rev;
    unsafeSetScheduledCompact(this.b.batchTx(), rev);
    this.compactor.schedule(rev, prevCompactRev, prevCompactionCompleted);
    this.emit({ type: 'compaction-scheduled', rev, prevCompactRev });
  }

  /** Does one unit of pending compaction work; false when none was pending. */
  compactionStep(): boolean {
    return this.compactor.step();
  }

  /** Whether compaction work is pending (a `--physical` compaction waits for false). */
  compactionPending(): boolean {
    return this.compactor.pending();
  }

  /** Runs every pending compaction step to the end (tests, tools, `--physical` without yielding). */
  runCompactions(): void {
    while (this.compactor.step()) {
      /* keep stepping */
    }
  }

  /** Hashes computed by finished compactions (etcd's HashStorage.Hashes), oldest first. */
  compactionHashes(): readonly KeyValueHash[] {
    return this.compactor.hashes;
  }

  /**
   * hashKV: the hash of the key bucket up to `rev` (0 = the current revision), see hash.ts.
   * @throws ErrCompacted when `rev` is below the compaction revision.
   * @throws ErrFutureRev when `rev` is above the current revision.
   */
  hashByRev(rev: number): HashKVResult {
    const compactRev = this.compactMainRev;
    const currentRev = this.currentRev;
    if (rev > 0 && rev < compactRev) throw new ErrCompacted();
    if (rev > 0 && rev > currentRev) throw new ErrFutureRev();
    const at = rev === 0 ? currentRev : rev;
    const h = new KVHasher(compactRev, at, this.kvindex.keep(at));
    this.b.readTx().unsafeForEach('key', (k, v) => h.writeKeyValue(k, v));
    return { ...h.hash(), currentRev };
  }

  private restore(): void {
    const tx = this.b.readTx();
    this.ci = unsafeReadConsistentIndex(tx);
    const finished = unsafeReadFinishedCompact(tx);
    if (finished !== undefined) this.compactMainRev = finished;
    const scheduled = unsafeReadScheduledCompact(tx);
    const keyToLease = new Map<string, bigint>();
    let currentRev = 1;
    tx.unsafeForEach('key', (k, v) => {
      const { rev, tombstone } = bytesToBucketKey(k);
      assert(rev.main >= currentRev, `revision ${rev.main} less than the previous revision ${currentRev}`);
      currentRev = rev.main;
      const kv = decodeKeyValueIndexFields(v);
      const key = bytesToStr(kv.key);
      this.restoreRecord(key, rev, tombstone, kv);
      if (!tombstone && kv.lease !== 0n) keyToLease.set(key, kv.lease);
      else keyToLease.delete(key);
    });
    // keys of the last revisions may all have been compacted away: never go below a compaction
    this.currentRev = Math.max(currentRev, this.compactMainRev, scheduled ?? 0);
    for (const [key, lease] of keyToLease) this.lessor?.attach(lease, strToBytes(key));
    if (scheduled !== undefined && scheduled > this.compactMainRev) this.compact(scheduled);
  }

  private restoreRecord(key: string, rev: Revision, tombstone: boolean, kv: KeyValueIndexFields): void {
    const ki = this.kvindex.keyIndex(key);
    if (ki !== undefined) {
      if (!tombstone) ki.put(rev.main, rev.sub);
      else if (!ki.generations[ki.generations.length - 1]!.isEmpty()) ki.tombstone(rev.main, rev.sub);
      return;
    }
    const nki = new KeyIndex(key);
    if (tombstone) nki.restoreTombstone(rev.main, rev.sub);
    else nki.restore({ main: kv.createRevision, sub: 0 }, rev, kv.version);
    this.kvindex.insert(nki);
  }
}
