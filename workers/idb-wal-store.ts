/**
 * The member's write-ahead log in IndexedDB: one database per member,
 * `etcdscope-<cluster>-<member>-wal`, next to its backend database (idb-page-store.ts).
 *
 * ```
 *  records: first index -> checksummed record of the entries one Ready appended (wal-codec.ts)
 *  spans:   first index -> last index still valid in that record (no data: cheap to scan)
 *  meta:    'hardState' -> record | 'snapshot' -> record | 'snapIndex' -> n | 'floor' -> n
 * ```
 * One `save` is ONE readwrite transaction (entries, HardState and snapshot together), so a worker
 * terminated mid-save leaves the previous state. An append whose first index is already in the
 * log replaces that index and everything after it: later records are deleted and the record
 * that straddles the point keeps its bytes but its span is cut (load truncates it the same way,
 * like etcd's WAL replay where a later entry overwrites an earlier one with the same index).
 * `load` checks every checksum and that the log has no gap, and throws ErrWalCorrupt otherwise.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Entry, HardState, Snapshot } from '../src/raft';
import { ErrWalCorrupt, type WalBatch, type WalState, type WalStore } from '../src/server/ports';
import { abortQuietly, noSpaceOr, SizeTable, type SizeChange, type StorageBudget } from './storage-quota';
import { decodeEntries, decodeHardState, decodeSnapshot, encodeEntries, encodeHardState, encodeSnapshot } from './wal-codec';

interface WalSchema extends DBSchema {
  records: { key: number; value: Uint8Array };
  spans: { key: number; value: number };
  meta: { key: string; value: Uint8Array | number };
}

const SCHEMA_VERSION = 1;

/** One request of a WAL transaction (no value: a delete). */
type WalOp =
  | { store: 'records'; key: number; value?: Uint8Array }
  | { store: 'spans'; key: number; value?: number }
  | { store: 'meta'; key: string; value: Uint8Array | number };
const STORES = ['records', 'spans', 'meta'] as const;

/** The WAL database name of one member. */
export function idbWalStoreName(cluster: string, member: string): string {
  return `etcdscope-${cluster}-${member}-wal`;
}

/** Options of {@link openIdbWalStore}. */
export interface IdbWalStoreOptions {
  /** IndexedDB transaction durability: `strict` waits for the OS flush (power loss safe). Default `relaxed`. */
  durability?: 'strict' | 'relaxed';
  /** The `?idb-quota-bytes` test hook's budget (shared with the member's backend). */
  budget?: StorageBudget;
}

/** Opens (creating if needed) the WAL database called `name`. */
export async function openIdbWalStore(name: string, opts: IdbWalStoreOptions = {}): Promise<IdbWalStore> {
  const db: IDBPDatabase<WalSchema> = await openDB<WalSchema>(name, SCHEMA_VERSION, {
    upgrade(d) {
      for (const s of STORES) if (!d.objectStoreNames.contains(s)) d.createObjectStore(s);
    },
    blocking() {
      db.close();
    },
  });
  const tx = db.transaction(['spans', 'meta'], 'readonly');
  const [firsts, lasts, snapIndex, floor] = await Promise.all([
    tx.objectStore('spans').getAllKeys(),
    tx.objectStore('spans').getAll(),
    tx.objectStore('meta').get('snapIndex'),
    tx.objectStore('meta').get('floor'),
    tx.done,
  ]);
  const spans = new Map<number, number>();
  firsts.forEach((f, i) => spans.set(f, lasts[i]!));
  return new IdbWalStore(db, opts.durability ?? 'relaxed', spans, Number(snapIndex ?? 0), Number(floor ?? 0), name, opts.budget ? new SizeTable<string>(opts.budget) : undefined);
}

/** Deletes a member's WAL database (wipe, reset). */
export async function deleteIdbWalStore(name: string): Promise<void> {
  await deleteDB(name);
}

/** A {@link WalStore} over one IndexedDB database. */
export class IdbWalStore implements WalStore {
  /** Completed saves (tests and stats). */
  saves = 0;

  /** Use {@link openIdbWalStore}. */
  constructor(
    private readonly db: IDBPDatabase<WalSchema>,
    private readonly durability: 'strict' | 'relaxed',
    /** first -> last valid index of every record, mirroring the `spans` store. */
    private readonly spans: Map<number, number>,
    private snapIndex: number,
    /** Entries below this index were compacted away. */
    private floor: number,
    private readonly name = 'wal',
    /** Record sizes for the test quota (absent without `?idb-quota-bytes`). */
    private readonly sizes?: SizeTable<string>,
  ) {}

  /** Reads everything in one readonly transaction, verifying checksums and contiguity. */
  async load(): Promise<WalState> {
    const tx = this.db.transaction(['records', 'meta'], 'readonly');
    const [keys, recs, hsRec, snapRec] = await Promise.all([
      tx.objectStore('records').getAllKeys(),
      tx.objectStore('records').getAll(),
      tx.objectStore('meta').get('hardState'),
      tx.objectStore('meta').get('snapshot'),
      tx.done,
    ]);
    const hardState: HardState = hsRec instanceof Uint8Array ? decodeHardState(hsRec) : { term: 0, vote: 0, commit: 0 };
    const snapshot: Snapshot | undefined = snapRec instanceof Uint8Array ? decodeSnapshot(snapRec) : undefined;
    const snapIndex = snapshot?.metadata.index ?? 0;
    const entries = replay(keys, recs, this.spans).filter((e) => e.index > snapIndex && e.index >= this.floor);
    const held: [string, number][] = keys.map((k, i) => [`records:${k}`, recs[i]!.length]);
    if (hsRec instanceof Uint8Array) held.push(['meta:hardState', hsRec.length]);
    if (snapRec instanceof Uint8Array) held.push(['meta:snapshot', snapRec.length]);
    this.sizes?.reset(held);
    const out: WalState = { hardState, entries };
    if (snapshot !== undefined) out.snapshot = snapshot;
    return out;
  }

  /**
   * Persists one Ready in one readwrite transaction. A full storage (QuotaExceededError) rejects
   * with ErrNoSpaceLeft and leaves the WAL as it was.
   */
  async save(batch: WalBatch): Promise<void> {
    const hsRec = batch.hardState ? encodeHardState(batch.hardState) : undefined;
    const snap = batch.snapshot !== undefined && batch.snapshot.metadata.index > this.snapIndex ? batch.snapshot : undefined;
    const snapRec = snap ? encodeSnapshot(snap) : undefined;
    const entRec = batch.entries.length > 0 ? encodeEntries(batch.entries) : undefined;
    if (!hsRec && !snapRec && !entRec) return;

    const spans = new Map(this.spans);
    const ops: WalOp[] = [];
    const drop = (first: number): void => {
      spans.delete(first);
      ops.push({ store: 'records', key: first }, { store: 'spans', key: first });
    };
    if (snap && snapRec) {
      const si = snap.metadata.index;
      ops.push({ store: 'meta', key: 'snapshot', value: snapRec }, { store: 'meta', key: 'snapIndex', value: si });
      for (const [first, last] of spans) if (last <= si) drop(first);
    }
    if (entRec) {
      const first = batch.entries[0]!.index;
      const last = batch.entries[batch.entries.length - 1]!.index;
      for (const [f, l] of spans) {
        if (f >= first) drop(f);
        else if (l >= first) {
          spans.set(f, first - 1);
          ops.push({ store: 'spans', key: f, value: first - 1 });
        }
      }
      spans.set(first, last);
      ops.push({ store: 'records', key: first, value: entRec }, { store: 'spans', key: first, value: last });
    }
    if (hsRec) ops.push({ store: 'meta', key: 'hardState', value: hsRec });
    await this.write(ops);
    this.replaceSpans(spans);
    if (snap) this.snapIndex = snap.metadata.index;
    this.saves++;
  }

  /** Drops entries with index < `index`: records wholly below it are deleted. */
  async compact(index: number): Promise<void> {
    if (index <= this.floor) return;
    const spans = new Map(this.spans);
    const ops: WalOp[] = [{ store: 'meta', key: 'floor', value: index }];
    for (const [first, last] of spans) {
      if (last < index) {
        spans.delete(first);
        ops.push({ store: 'records', key: first }, { store: 'spans', key: first });
      }
    }
    await this.write(ops);
    this.replaceSpans(spans);
    this.floor = index;
  }

  /**
   * Runs `ops` in one readwrite transaction. Nothing but IndexedDB requests happens inside it;
   * a request that throws aborts it whole (never half a save), and QuotaExceededError becomes
   * ErrNoSpaceLeft.
   */
  private async write(ops: readonly WalOp[]): Promise<void> {
    let tx: { abort(): void } | undefined;
    try {
      const charged = this.sizes?.plan(ops.filter((o) => o.store !== 'spans').map((o): SizeChange<string> => [`${o.store}:${o.key}`, o.value === undefined ? undefined : typeof o.value === 'number' ? 8 : o.value.length]));
      const t = this.db.transaction([...STORES], 'readwrite', { durability: this.durability });
      tx = t;
      t.done.catch(() => undefined); // awaited below; an abort must not go unhandled meanwhile
      const reqs: Array<Promise<unknown>> = [];
      const push = (r: Promise<unknown>): void => {
        r.catch(() => undefined);
        reqs.push(r);
      };
      for (const o of ops) {
        if (o.store === 'records') push(o.value === undefined ? t.objectStore('records').delete(o.key) : t.objectStore('records').put(o.value, o.key));
        else if (o.store === 'spans') push(o.value === undefined ? t.objectStore('spans').delete(o.key) : t.objectStore('spans').put(o.value, o.key));
        else push(t.objectStore('meta').put(o.value!, o.key));
      }
      await settle(reqs, t.done);
      charged?.();
    } catch (e) {
      abortQuietly(tx);
      throw noSpaceOr(e, this.name);
    }
  }

  /** Closes the connection; the data stays. */
  async close(): Promise<void> {
    this.db.close();
  }

  /** Number of entry records on disk (tests: one per save that appended). */
  recordCount(): number {
    return this.spans.size;
  }

  private replaceSpans(next: Map<number, number>): void {
    this.spans.clear();
    for (const [f, l] of next) this.spans.set(f, l);
  }
}

/** Waits for a transaction; a failed request aborts it, so `done` carries the error (no unhandled rejections). */
async function settle(reqs: Array<Promise<unknown>>, done: Promise<void>): Promise<void> {
  for (const r of reqs) r.catch(() => undefined);
  await done;
}

/**
 * Replays records in index order: a record starting at or below the current tail truncates the
 * tail first (an overwritten suffix); a record starting past tail + 1 is a gap.
 */
function replay(keys: number[], recs: Uint8Array[], spans: Map<number, number>): Entry[] {
  let out: Entry[] = [];
  for (let i = 0; i < keys.length; i++) {
    const first = keys[i]!;
    const ents = decodeEntries(recs[i]!, first);
    if (ents.length === 0 || ents[0]!.index !== first) throw new ErrWalCorrupt(`record at ${first}: index mismatch`);
    for (let j = 1; j < ents.length; j++) {
      if (ents[j]!.index !== ents[j - 1]!.index + 1) throw new ErrWalCorrupt(`record at ${first}: entries not contiguous`);
    }
    const last = spans.get(first) ?? ents[ents.length - 1]!.index;
    const kept = ents.filter((e) => e.index <= last);
    if (out.length > 0) {
      const tail = out[out.length - 1]!.index;
      if (first > tail + 1) throw new ErrWalCorrupt(`missing entries ${tail + 1}..${first - 1}`);
      if (first <= tail) out = out.filter((e) => e.index < first);
    }
    out.push(...kept);
  }
  return out;
}
