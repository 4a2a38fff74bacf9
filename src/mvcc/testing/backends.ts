/**
 * The backends the MVCC tests run against: the sorted-map test double and the real bbolt-like
 * backend over a memory page store. `reopen` opens a new backend on what was committed, as a
 * restarted member would.
 */
import type { Backend } from '../../backend/backend';
import { MemoryPageStore, openBackend } from '../../backend';
import { MapBackend } from './map-backend';

/** A backend under test and a way to reopen it from its committed state. */
export interface BackendUnderTest {
  backend: Backend;
  /** Commits what is pending (when `commit`), then opens a new backend on the committed state. */
  reopen(commit?: boolean): Promise<BackendUnderTest>;
}

/** A named way to open a fresh backend. */
export interface BackendKind {
  name: string;
  open(): Promise<BackendUnderTest>;
}

function mapUnderTest(b: MapBackend): BackendUnderTest {
  return {
    backend: b,
    async reopen(commit = true) {
      if (commit) await b.forceCommit();
      return mapUnderTest(b.reopen());
    },
  };
}

async function boltUnderTest(store: MemoryPageStore): Promise<BackendUnderTest> {
  const backend = await openBackend(store);
  return {
    backend,
    async reopen(commit = true) {
      if (commit) await backend.forceCommit();
      return boltUnderTest(store);
    },
  };
}

/** The sorted-map double and the real backend. */
export const BACKEND_KINDS: BackendKind[] = [
  { name: 'map-backend', open: () => Promise.resolve(mapUnderTest(new MapBackend())) },
  { name: 'bolt-backend', open: () => boltUnderTest(new MemoryPageStore()) },
];
