/**
 * Read and write transactions of the store (etcd's kvstore_txn.go).
 *
 * A write txn writes at revision `beginRev + 1`; each change gets the next sub revision. Reads
 * inside it see its own writes (at `beginRev + 1` once something changed, else at `beginRev`).
 * `end()` bumps the store revision only if something changed, so a delete of nothing, a failed
 * txn branch or a read-only txn leave the revision alone.
 */
import type { KeyValue } from '../protocol/rpc';
import { assert } from './assert';
import { bytesToStr } from './bytes';
import { ErrCompacted, ErrFutureRev } from './errors';
import type { KVStore } from './kv-store';
import { encodeKeyValue } from './kv-codec';
import type { Revision } from './revision';
import { revToBytes } from './revision';

/** Options of a store-level range (the request layer maps RangeRequest onto these). */
export interface RangeOptions {
  /** At most this many kvs (0 = no limit); `count` still counts them all. */
  limit?: number;
  /** Read at this revision (0 or absent = the txn's revision). */
  rev?: number;
  /** Only count. */
  countOnly?: boolean;
}

/** The result of a store-level range. */
export interface RangeResult {
  kvs: KeyValue[];
  /** Number of keys in the range at the read revision (ignores `limit`). */
  count: number;
  /** The txn's revision (not the read revision): what the response header reports. */
  rev: number;
}

/** One change of a write txn. */
export interface TxnChange {
  kv: KeyValue;
  sub: number;
  tombstone: boolean;
}

/**
 * Converts a request's range end to the index form (etcd's mkGteRange): absent or empty = the
 * single key, `\0` = no upper bound, else `[key, end)`.
 */
export function mkGteRange(rangeEnd: Uint8Array | undefined): string | undefined {
  if (rangeEnd === undefined || rangeEnd.length === 0) return undefined;
  if (rangeEnd.length === 1 && rangeEnd[0] === 0) return '';
  return bytesToStr(rangeEnd);
}

/** A read view of the store at its current revision. */
export class TxnRead {
  constructor(
    protected readonly s: KVStore,
    /** The revision this view reads at. */
    protected readonly curRev: number,
  ) {}

  /** The revision of the view: what the response header reports. */
  rev(): number {
    return this.curRev;
  }

  /** The compaction revision when the view was opened (-1 when never compacted). */
  firstRev(): number {
    return this.s.compactMainRev;
  }

  /** Keys in `[key, rangeEnd)` (see {@link mkGteRange}) visible at `ro.rev`. */
  range(key: Uint8Array, rangeEnd: Uint8Array | undefined, ro: RangeOptions = {}): RangeResult {
    return this.rangeKeys(key, rangeEnd, this.rev(), ro);
  }

  protected rangeKeys(key: Uint8Array, rangeEnd: Uint8Array | undefined, curRev: number, ro: RangeOptions): RangeResult {
    let rev = ro.rev ?? 0;
    if (rev > curRev) throw new ErrFutureRev();
    if (rev <= 0) rev = curRev;
    if (rev < this.s.compactMainRev) throw new ErrCompacted();
    const k = bytesToStr(key);
    const end = mkGteRange(rangeEnd);
    if (ro.countOnly) {
      return { kvs: [], count: this.s.kvindex.countRevisions(k, end, rev), rev: curRev };
    }
    const { revs, total } = this.s.kvindex.revisions(k, end, rev, ro.limit ?? 0);
    const kvs = revs.map((r) => this.s.unsafeReadKeyValue(r));
    return { kvs, count: total, rev: curRev };
  }
}

/** The write transaction of the store. Exactly one may be open; `end()` closes it. */
export class TxnWrite extends TxnRead {
  /** Changes in sub-revision order. */
  readonly changes: TxnChange[] = [];
  private ended = false;

  /** The revision the txn began at; it writes at beginRev + 1. */
  override rev(): number {
    return this.curRev;
  }

  /** Range that sees this txn's own writes. */
  override range(key: Uint8Array, rangeEnd: Uint8Array | undefined, ro: RangeOptions = {}): RangeResult {
    return this.rangeKeys(key, rangeEnd, this.curRev + (this.changes.length > 0 ? 1 : 0), ro);
  }

  /** Puts `key` = `value` with `lease` (0n = none); returns the revision of the put. */
  put(key: Uint8Array, value: Uint8Array, lease: bigint): number {
    assert(!this.ended, 'put on an ended write txn');
    const rev = this.curRev + 1;
    const k = bytesToStr(key);
    const prev = this.s.kvindex.get(k, rev);
    let created = rev;
    let oldLease = 0n;
    if (prev !== undefined) {
      created = prev.created.main;
      if (this.s.lessor !== undefined) oldLease = this.s.unsafeReadKeyValue(prev.modified).lease;
    }
    const idxRev: Revision = { main: rev, sub: this.changes.length };
    const kv: KeyValue = {
      key: key.slice(),
      value: value.slice(),
      createRevision: created,
      modRevision: rev,
      version: (prev?.ver ?? 0) + 1,
      lease,
    };
    this.s.b.batchTx().unsafeSeqPut('key', revToBytes(idxRev), encodeKeyValue(kv));
    this.s.kvindex.put(k, idxRev);
    this.changes.push({ kv, sub: idxRev.sub, tombstone: false });
    if (oldLease !== lease) {
      if (oldLease !== 0n) this.s.lessor?.detach(oldLease, key);
      if (lease !== 0n) {
        assert(this.s.lessor !== undefined, 'no lessor to attach lease');
        this.s.lessor.attach(lease, key);
      }
    }
    return rev;
  }

  /** Deletes the keys of a range; returns how many and the revision the response reports. */
  deleteRange(key: Uint8Array, rangeEnd: Uint8Array | undefined): { deleted: number; rev: number } {
    assert(!this.ended, 'deleteRange on an ended write txn');
    const rrev = this.curRev + (this.changes.length > 0 ? 1 : 0);
    const { keys, modifies } = this.s.kvindex.range(bytesToStr(key), mkGteRange(rangeEnd), rrev, 0);
    keys.forEach((k, i) => this.delete(k, modifies[i]!));
    if (keys.length > 0 || this.changes.length > 0) return { deleted: keys.length, rev: this.curRev + 1 };
    return { deleted: 0, rev: this.curRev };
  }

  private delete(k: string, modified: Revision): void {
    const rev = this.curRev + 1;
    const idxRev: Revision = { main: rev, sub: this.changes.length };
    const oldLease = this.s.lessor !== undefined ? this.s.unsafeReadKeyValue(modified).lease : 0n;
    const kv: KeyValue = { key: this.s.keyBytes(k), value: new Uint8Array(0), createRevision: 0, modRevision: 0, version: 0, lease: 0n };
    this.s.b.batchTx().unsafeSeqPut('key', revToBytes(idxRev, true), encodeKeyValue(kv));
    this.s.kvindex.tombstone(k, idxRev);
    this.changes.push({ kv: { ...kv, modRevision: rev }, sub: idxRev.sub, tombstone: true });
    if (oldLease !== 0n) this.s.lessor?.detach(oldLease, kv.key);
  }

  /** Ends the txn: the store revision moves to beginRev + 1 if anything changed. */
  end(): void {
    assert(!this.ended, 'write txn ended twice');
    this.ended = true;
    this.s.endWrite(this);
  }
}

