/**
 * Which lesson the page runs, if any, and the catalog of lessons for the Lessons menu.
 * Zustand vanilla, no React: the top-bar menu opens lessons, the lesson card shows the session.
 */
import { createStore } from 'zustand/vanilla';
import type { LessonSession } from '../lessons/session';

/** One lesson in the menu. */
export interface CatalogEntry {
  id: string;
  title: string;
  /** The menu section: "Raft", "etcd's data model", "What people use etcd for". */
  group: string;
  /** 1-based position in the catalog. */
  number: number;
}

/** The lesson state of the page. */
export interface LessonStoreState {
  catalog: CatalogEntry[] | null;
  catalogError: string | null;
  /** The running lesson, or null when the learner plays freely. */
  session: LessonSession | null;
  /** A lesson that failed to load (its script has a mistake, or the file is missing). */
  loadError: string | null;
  setCatalog(catalog: CatalogEntry[]): void;
  setCatalogError(message: string): void;
  setSession(session: LessonSession | null): void;
  setLoadError(message: string | null): void;
}

/** Creates the lesson store. */
export function createLessonStore() {
  return createStore<LessonStoreState>()((set) => ({
    catalog: null,
    catalogError: null,
    session: null,
    loadError: null,
    setCatalog: (catalog) => set({ catalog, catalogError: null }),
    setCatalogError: (catalogError) => set({ catalogError }),
    setSession: (session) => set({ session, loadError: null }),
    setLoadError: (loadError) => set({ loadError, session: null }),
  }));
}

/** The lesson store type. */
export type LessonStore = ReturnType<typeof createLessonStore>;
