/**
 * The browser's storage running out, as the IndexedDB adapters see it:
 *
 * - `noSpaceOr(e, db)`: a `QuotaExceededError` (any error named so: the DOMException a real
 *   browser raises, or the test hook's) becomes the member's ErrNoSpaceLeft ("nothing of this
 *   write landed, retry later"); any other error passes through;
 * - `StorageBudget` + `SizeTable`: the `?idb-quota-bytes=N` test hook. The member's two databases
 *   may hold at most N bytes of records (values, as stored); a transaction that would pass that
 *   throws a real `DOMException(..., 'QuotaExceededError')` before it starts, as a full origin
 *   quota refuses it. Deletes and defrag give space back, like a real quota.
 */
import { ErrNoSpaceLeft } from '../src/server/ports';

/** Whether `e` is the browser's storage-full error. */
export function isQuotaExceeded(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'QuotaExceededError';
}

/** Maps a QuotaExceededError from database `db` to ErrNoSpaceLeft; returns other errors unchanged. */
export function noSpaceOr(e: unknown, db: string): unknown {
  if (!isQuotaExceeded(e)) return e;
  return new ErrNoSpaceLeft(`${db}: QuotaExceededError: ${(e as Error).message}`);
}

/** How many bytes of records one member's databases may hold (the test hook), shared by its stores. */
export class StorageBudget {
  /** Bytes of records held now, over every SizeTable charged to this budget. */
  used = 0;

  constructor(readonly limitBytes: number) {}

  /** Throws a QuotaExceededError DOMException when growing by `delta` bytes would pass the limit. */
  check(delta: number): void {
    if (delta > 0 && this.used + delta > this.limitBytes) {
      throw new DOMException(`etcdscope test quota: ${this.used + delta} bytes would pass ?idb-quota-bytes=${this.limitBytes}`, 'QuotaExceededError');
    }
  }
}

/** One change a transaction makes to a key: its new size, or undefined for a delete. */
export type SizeChange<K> = [key: K, bytes: number | undefined];

/** The sizes of the records one database holds, by key, charged to a budget. */
export class SizeTable<K> {
  private readonly sizes = new Map<K, number>();
  private total = 0;

  constructor(private readonly budget: StorageBudget) {}

  /** Sets what the database holds now (after a load), replacing what was known. */
  reset(entries: Iterable<[K, number]>): void {
    this.budget.used -= this.total;
    this.sizes.clear();
    this.total = 0;
    for (const [k, n] of entries) this.put(k, n);
    this.budget.used += this.total;
  }

  /**
   * Checks a transaction against the budget (throwing QuotaExceededError when it does not fit)
   * and returns the function that records it once it completed.
   */
  plan(changes: readonly SizeChange<K>[], clearFirst = false): () => void {
    let delta = clearFirst ? -this.total : 0;
    const seen = new Map<K, number>();
    for (const [k, n] of changes) {
      const before = seen.has(k) ? seen.get(k)! : clearFirst ? 0 : (this.sizes.get(k) ?? 0);
      delta += (n ?? 0) - before;
      seen.set(k, n ?? 0);
    }
    this.budget.check(delta);
    return () => {
      if (clearFirst) {
        this.sizes.clear();
        this.total = 0;
      }
      for (const [k, n] of changes) {
        if (n === undefined) this.delete(k);
        else this.put(k, n);
      }
      this.budget.used += delta;
    };
  }

  private put(k: K, n: number): void {
    this.total += n - (this.sizes.get(k) ?? 0);
    this.sizes.set(k, n);
  }

  private delete(k: K): void {
    this.total -= this.sizes.get(k) ?? 0;
    this.sizes.delete(k);
  }
}

/**
 * Aborts a transaction that is still open: a request that threw while the others were queued must
 * not let IndexedDB auto-commit half a commit (a put that throws leaves the transaction alive).
 */
export function abortQuietly(tx: { abort(): void } | undefined): void {
  try {
    tx?.abort();
  } catch {
    // already committed or aborted
  }
}
