/**
 * The MVCC panel's state: the last MVCC picture fetched from one member (see
 * src/server/mvcc-view.ts), and the history a compaction just removed ("ghosts"), kept so the
 * panel can fade it out instead of letting it vanish.
 *
 * ```
 *   poll ──publish(member, view)──► { member, view, ghosts }
 *            same member, compactRevision rose:  ghosts = changes of the previous view at or
 *                                                below the new compaction that are gone now
 *                                                (ghostsAt: when, so the fade plays once)
 *            another member:                     ghosts cleared (no false "wipe")
 * ```
 * Zustand vanilla, no React.
 */
import { createStore } from 'zustand/vanilla';
import type { MvccChangeView, MvccView } from '../server/mvcc-view';

/** What the MVCC store holds. */
export interface MvccState {
  /** Name of the member the view comes from (null before the first fetch). */
  member: string | null;
  /** The last view; null when the member is not running (killed, starting). */
  view: MvccView | null;
  /** Changes removed by the latest compaction the panel saw happen, for the fade-out. */
  ghosts: MvccChangeView[];
  /** The compaction revision that made the ghosts (0 when none). */
  ghostCompaction: number;
  /** When the ghosts were made (the store's clock, ms): the fade plays once, right then. */
  ghostsAt: number;
  /** Number of views published (a cheap "something changed" counter for tests and UI). */
  version: number;
  /** Records a freshly fetched view of `member` (undefined: the member did not answer). */
  publish(member: string, view: MvccView | undefined): void;
}

/** The MVCC store. */
export type MvccStore = ReturnType<typeof createMvccStore>;

const changeId = (c: MvccChangeView): string => `${c.main}.${c.sub}`;

/**
 * The changes of `prev` at or below `compactRevision` (and from `since` on) that `next` no
 * longer holds.
 */
export function compactedAway(prev: readonly MvccChangeView[], next: readonly MvccChangeView[], compactRevision: number, since = 0): MvccChangeView[] {
  const still = new Set(next.map(changeId));
  return prev.filter((c) => c.main >= since && c.main <= compactRevision && !still.has(changeId(c)));
}

/** Options of {@link createMvccStore}. */
export interface MvccStoreOptions {
  /** The store's clock in ms (Date.now in the page). */
  now?: () => number;
  /** How many revisions a view spans (mvccView's default, 40): older changes leave by sliding, not by compaction. */
  window?: number;
}

/**
 * Creates an empty MVCC store. A member compacts its key index a little after it records the
 * compaction revision, so ghosts are taken whenever history at or below the compaction goes,
 * not only when the compaction revision rises.
 */
export function createMvccStore({ now = () => Date.now(), window = 40 }: MvccStoreOptions = {}) {
  return createStore<MvccState>()((set, get) => ({
    member: null,
    view: null,
    ghosts: [],
    ghostCompaction: 0,
    ghostsAt: 0,
    version: 0,
    publish(member, view) {
      const s = get();
      const sameMember = s.member === member;
      let { ghosts, ghostCompaction, ghostsAt } = sameMember ? s : { ghosts: [] as MvccChangeView[], ghostCompaction: 0, ghostsAt: 0 };
      const prev = sameMember ? s.view : null;
      const gone = view && prev && view.compactRevision > 0 ? compactedAway(prev.changes, view.changes, view.compactRevision, view.revision - window + 1) : [];
      if (gone.length > 0) {
        ghosts = gone;
        ghostCompaction = view!.compactRevision;
        ghostsAt = now();
      }
      set({ member, view: view ?? null, ghosts, ghostCompaction, ghostsAt, version: s.version + 1 });
    },
  }));
}
