/**
 * The backend's PageStore in IndexedDB: one database per member, `etcdscope-<cluster>-<member>`,
 * with two object stores:
 *
 * ```
 *  pages: page id (number) -> page buffer (Uint8Array, 1 + overflow pages long)
 *  meta:  slot 0 | 1        -> meta record (Uint8Array, 40 bytes)
 * ```
 * A commit is ONE readwrite transaction that puts the pages and then the meta; IndexedDB makes
 * it atomic, so a worker terminated mid-commit leaves the previous committed version. Nothing
 * but IndexedDB requests is awaited inside the transaction (it would auto-commit).
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PageStore, PageWrite, StoredPages } from '../src/backend/page-store';
import { abortQuietly, noSpaceOr, SizeTable, type SizeChange, type StorageBudget } from './storage-quota';

interface BackendSchema extends DBSchema {
  pages: { key: number; value: Uint8Array };
  meta: { key: number; value: Uint8Array };
}

/** Version of the IndexedDB schema (object stores), not of the page format. */
const SCHEMA_VERSION = 1;

/** The database name of one member's backend. */
export function idbPageStoreName(cluster: string, member: string): string {
  return `etcdscope-${cluster}-${member}`;
}

/** Options of {@link openIdbPageStore}. */
export interface IdbPageStoreOptions {
  /**
   * Transaction durability. `relaxed` (default) keeps commits atomic across a worker or tab
   * crash; `strict` also waits for the OS to flush, surviving power loss at a cost per commit.
   */
  durability?: 'relaxed' | 'strict';
  /** The `?idb-quota-bytes` test hook's budget (shared with the member's WAL). */
  budget?: StorageBudget;
}

/** Opens (creating if needed) the IndexedDB page store called `name`. */
export async function openIdbPageStore(name: string, opts: IdbPageStoreOptions = {}): Promise<IdbPageStore> {
  const db = await openDB<BackendSchema>(name, SCHEMA_VERSION, {
    upgrade(d) {
      if (!d.objectStoreNames.contains('pages')) d.createObjectStore('pages');
      if (!d.objectStoreNames.contains('meta')) d.createObjectStore('meta');
    },
    blocking() {
      // Another context wants to upgrade or delete this database: let it.
      db.close();
    },
  });
  return new IdbPageStore(db, opts.durability ?? 'relaxed', name, opts.budget ? new SizeTable<string>(opts.budget) : undefined);
}

/** Deletes a member's page store (member removed, cluster reset). */
export async function deleteIdbPageStore(name: string): Promise<void> {
  await deleteDB(name);
}

/** A {@link PageStore} over one IndexedDB database. */
export class IdbPageStore implements PageStore {
  private crashArmed = false;
  /** Commits applied (an aborted one does not count). */
  commits = 0;

  /** Use {@link openIdbPageStore}. */
  constructor(
    private readonly db: IDBPDatabase<BackendSchema>,
    private readonly durability: 'relaxed' | 'strict',
    private readonly name = 'pages',
    /** Record sizes for the test quota (absent without `?idb-quota-bytes`). */
    private readonly sizes?: SizeTable<string>,
  ) {}

  /** Reads every page and both meta slots in one readonly transaction. */
  async load(): Promise<StoredPages> {
    const tx = this.db.transaction(['pages', 'meta'], 'readonly');
    const pages = tx.objectStore('pages');
    const meta = tx.objectStore('meta');
    const [ids, bufs, m0, m1] = await Promise.all([pages.getAllKeys(), pages.getAll(), meta.get(0), meta.get(1), tx.done]);
    const map = new Map<number, Uint8Array>();
    for (let i = 0; i < ids.length; i++) map.set(ids[i]!, bufs[i]!);
    this.sizes?.reset([...[...map].map(([id, b]): [string, number] => [`p${id}`, b.length]), ...[m0, m1].flatMap((m, slot): [string, number][] => (m ? [[`m${slot}`, m.length]] : []))]);
    return { metas: [m0, m1], pages: map };
  }

  /**
   * Writes one commit (pages, then meta) in one readwrite transaction; resolves when it completes.
   * A full storage (QuotaExceededError) rejects with ErrNoSpaceLeft and leaves the store as it was.
   */
  async commit(write: PageWrite): Promise<void> {
    const changes: SizeChange<string>[] = [...write.pages.map(([id, b]): SizeChange<string> => [`p${id}`, b.length]), ...write.metas.map(([slot, b]): SizeChange<string> => [`m${slot}`, b.length])];
    let tx: { abort(): void } | undefined;
    try {
      const charged = this.sizes?.plan(changes, write.replaceAll);
      const t = this.db.transaction(['pages', 'meta'], 'readwrite', { durability: this.durability });
      tx = t;
      t.done.catch(() => undefined); // awaited below; an abort must not go unhandled meanwhile
      const pages = t.objectStore('pages');
      const meta = t.objectStore('meta');
      const requests: Array<Promise<unknown>> = [];
      const push = (r: Promise<unknown>): void => {
        r.catch(() => undefined);
        requests.push(r);
      };
      if (write.replaceAll) push(pages.clear());
      for (const [pgid, bytes] of write.pages) push(pages.put(bytes, pgid));
      if (this.crashArmed) {
        // The worker dies before the meta is written: the transaction never commits.
        this.crashArmed = false;
        t.abort();
      } else {
        for (const [slot, bytes] of write.metas) push(meta.put(bytes, slot));
      }
      await Promise.all([...requests, t.done]);
      charged?.();
    } catch (e) {
      abortQuietly(tx);
      throw noSpaceOr(e, this.name);
    }
    this.commits++;
  }

  /** Closes the database connection. */
  async close(): Promise<void> {
    this.db.close();
  }

  /** Aborts the next commit after its pages were put and before its meta (crash tests). */
  crashNextCommit(): void {
    this.crashArmed = true;
  }
}

