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
  return new IdbPageStore(db, opts.durability ?? 'relaxed');
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
  ) {}

  /** Reads every page and both meta slots in one readonly transaction. */
  async load(): Promise<StoredPages> {
    const tx = this.db.transaction(['pages', 'meta'], 'readonly');
    const pages = tx.objectStore('pages');
    const meta = tx.objectStore('meta');
    const [ids, bufs, m0, m1] = await Promise.all([pages.getAllKeys(), pages.getAll(), meta.get(0), meta.get(1), tx.done]);
    const map = new Map<number, Uint8Array>();
    for (let i = 0; i < ids.length; i++) map.set(ids[i]!, bufs[i]!);
    return { metas: [m0, m1], pages: map };
  }

  /** Writes one commit (pages, then meta) in one readwrite transaction; resolves when it completes. */
  async commit(write: PageWrite): Promise<void> {
    const tx = this.db.transaction(['pages', 'meta'], 'readwrite', { durability: this.durability });
    const pages = tx.objectStore('pages');
    const meta = tx.objectStore('meta');
    const requests: Array<Promise<unknown>> = [];
    if (write.replaceAll) requests.push(pages.clear());
    for (const [pgid, bytes] of write.pages) requests.push(pages.put(bytes, pgid));
    if (this.crashArmed) {
      // The worker dies before the meta is written: the transaction never commits.
      this.crashArmed = false;
      tx.abort();
    } else {
      for (const [slot, bytes] of write.metas) requests.push(meta.put(bytes, slot));
    }
    await Promise.all([...requests, tx.done]);
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
