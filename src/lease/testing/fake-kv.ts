/**
 * A naive key-value store for the lessor's tests that calls the lessor's hooks the way etcd's
 * MVCC store does: a put with a lease checks the lease exists, detaches the key from its old
 * lease and attaches it to the new one; a delete detaches; `deleteKeys` (the RangeDeleter) deletes
 * in ONE write transaction, so it makes at most one revision.
 */
import { ErrLeaseNotFound } from '../errors';
import type { Lessor, RangeDeleter } from '../lessor';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** FakeKV is a map of key → {value, lease} with a revision counter. */
export class FakeKV implements RangeDeleter {
  /** The store's revision; etcd's fresh single-node cluster starts at 1. */
  rev: number;
  readonly data = new Map<string, { value: string; lease: bigint }>();
  /** Every deleteKeys call, for tests that count them. */
  readonly deleteCalls: string[][] = [];

  constructor(private readonly lessor: Lessor, rev = 1) {
    this.rev = rev;
  }

  /** put key value [lease]: one revision; `ignoreLease` keeps the key's current lease. */
  put(key: string, value: string, lease = 0n, ignoreLease = false): void {
    const k = enc.encode(key);
    const old = this.data.get(key);
    const newLease = ignoreLease ? (old?.lease ?? 0n) : lease;
    if (newLease !== 0n && !this.lessor.exists(newLease)) throw new ErrLeaseNotFound();
    if (old !== undefined && old.lease !== 0n && old.lease !== newLease) this.lessor.detach(old.lease, [k]);
    if (newLease !== 0n) this.lessor.attach(newLease, [k]);
    this.data.set(key, { value, lease: newLease });
    this.rev++;
  }

  /** del key: one revision when the key existed. */
  del(key: string): void {
    this.deleteKeys([enc.encode(key)]);
  }

  /** The RangeDeleter: all keys in one write transaction (one revision, none if nothing existed). */
  deleteKeys(keys: Uint8Array[]): void {
    this.deleteCalls.push(keys.map((k) => dec.decode(k)));
    let changed = false;
    for (const k of keys) {
      const key = dec.decode(k);
      const old = this.data.get(key);
      if (old === undefined) continue;
      if (old.lease !== 0n) this.lessor.detach(old.lease, [k]);
      this.data.delete(key);
      changed = true;
    }
    if (changed) this.rev++;
  }

  /** Keys in byte order. */
  keys(): string[] {
    return [...this.data.keys()].sort();
  }
}

/** str decodes key bytes for assertions. */
export function str(keys: Uint8Array[]): string[] {
  return keys.map((k) => dec.decode(k));
}

/** bytes encodes a key. */
export function bytes(key: string): Uint8Array {
  return enc.encode(key);
}
