/**
 * The storage engine's public surface: the {@link Backend} contract, how to open one over a
 * {@link PageStore}, the memory store, stats and events.
 */
export * from './backend';
export { openBackend, BoltBackend, type BackendOptions } from './bolt-backend';
export type { PageStore, PageWrite, StoredPages } from './page-store';
export { MemoryPageStore, type CrashMode } from './memory-page-store';
export type { BoltStats } from './stats';
export type { PageInfo } from './inspect';
export type { BackendEvent, BackendListener, TreeName } from './events';
export { ErrCorrupt, ErrCommitFailed, ErrDatabaseNotOpen, ErrSimulatedCrash } from './errors';
export { compareBytes } from './bytes';
