import { createStore } from 'zustand/vanilla';

/** Whether the glossary panel is open, and the entry it shows first. */
export interface GlossaryState {
  open: boolean;
  /** Entry id to scroll to and highlight (undefined: the top of the list). */
  focus: string | undefined;
  show(focus?: string): void;
  hide(): void;
}

/**
 * The page's one glossary panel state: a module singleton, so any `<Term>` anywhere on the page
 * can open the panel without threading props through every panel.
 */
export const glossaryStore = createStore<GlossaryState>()((set) => ({
  open: false,
  focus: undefined,
  show: (focus) => set({ open: true, focus }),
  hide: () => set({ open: false }),
}));
