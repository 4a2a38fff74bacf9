/**
 * The storage engine's public surface: the {@link Backend} contract, how to open one over a
 * {@link PageStore}, the memory store, stats and events.
 *
 * ```ts
 * // simulator / tests                         // browser worker (workers/idb-page-store.ts)
 * const store = new MemoryPageStore();         const store = await openIdbPageStore(idbPageStoreName(cluster, member));
 * const be = await openBackend(store, { batchLimit: 10_000, batchIntervalMs: 100, listener });
 * const tx = be.batchTx();
 * tx.unsafeSeqPut('key', revisionBytes, keyValueBytes);   // reads via be.readTx() see it at once
 * be.maybeCommit(nowMs);        // host: after applying entries and on its timer
 * await be.forceCommit();       // e.g. before a snapshot; resolves when durable
 * be.stats();                   // dbSize, dbSizeInUse, page counts, depth, txid
 * await be.defrag();  await be.close();
 * ```
 */
export * from './backend';
export { openBackend, BoltBackend, type BackendOptions } from './bolt-backend';
export type { PageStore, PageWrite, StoredPages } from './page-store';
export { MemoryPageStore, type CrashMode } from './memory-page-store';
export type { BoltStats } from './stats';
export type { PageInfo, LevelNode, TreeLevels } from './inspect';
export type { BackendEvent, BackendListener, TreeName } from './events';
export { ErrCorrupt, ErrCommitFailed, ErrDatabaseNotOpen, ErrNoSpaceLeft, ErrSimulatedCrash } from './errors';
export { compareBytes } from './bytes';
