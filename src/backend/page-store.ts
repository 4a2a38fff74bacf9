/**
 * The PageStore port: the only I/O the backend needs. Implementations: {@link MemoryPageStore}
 * (tests, simulator) and `IdbPageStore` (workers/idb-page-store.ts, one IndexedDB per member).
 */

/** Everything a page store holds, as read on open. */
export interface StoredPages {
  /** The two meta slots (index 0 and 1); a slot never written is undefined. */
  metas: [Uint8Array | undefined, Uint8Array | undefined];
  /** Page buffers by first page id (a multi-page node is one buffer). May include stale pages. */
  pages: Map<number, Uint8Array>;
}

/**
 * One commit's writes. A store must apply it **atomically**: after a crash either all of it is
 * visible or none of it. Pages are written before metas (IndexedDB: one readwrite transaction).
 */
export interface PageWrite {
  /** Page buffers to put, keyed by first page id. The store may keep the buffers (never mutated). */
  pages: Array<[pgid: number, bytes: Uint8Array]>;
  /** Meta records to put, by slot (0 or 1). */
  metas: Array<[slot: number, bytes: Uint8Array]>;
  /** Defrag: drop every stored page before writing `pages` (the whole tree is rewritten). */
  replaceAll: boolean;
}

/** Durable storage for the backend's pages and meta records. */
export interface PageStore {
  /** Reads the whole store (the backend keeps every page in its in-memory page cache). */
  load(): Promise<StoredPages>;
  /** Applies one commit atomically; resolves when it is durable. Never called concurrently. */
  commit(write: PageWrite): Promise<void>;
  /** Releases the store. */
  close(): Promise<void>;
}
