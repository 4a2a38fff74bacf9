import { useEffect, useRef } from 'react';
import type { ClusterStore } from '../../store/cluster-store';
import type { ClusterDriver } from '../driver';
import { glossaryStore } from '../glossary/glossary-state';
import { keyPressOf, shortcutFor, type ShortcutAction } from './shortcuts';

/** What the shortcuts act on. */
export interface ShortcutTargets {
  store: ClusterStore;
  driver: ClusterDriver;
  /** Raft id of the selected member (0: none). */
  selected: number;
  onSelect(id: number): void;
  helpOpen: boolean;
  setHelpOpen(open: boolean): void;
}

function run(a: ShortcutAction, t: ShortcutTargets): boolean {
  const s = t.store.getState();
  const live = s.viewTick === null ? s.members : (s.history.lookup(s.liveTick)?.members ?? s.members);
  const selected = live.find((m) => m.id === t.selected);
  switch (a.kind) {
    case 'toggle-pause':
      t.driver.setPaused(!s.paused);
      return true;
    case 'step':
      t.driver.step();
      return true;
    case 'kill':
      if (selected && selected.role !== 'stopped') t.driver.kill(selected.id);
      return !!selected;
    case 'restart':
      if (selected && selected.role === 'stopped') t.driver.restart(selected.id);
      return !!selected;
    case 'select': {
      const m = live[a.slot - 1];
      if (m) t.onSelect(m.id);
      return !!m;
    }
    case 'help':
      t.setHelpOpen(!t.helpOpen);
      return true;
    case 'glossary':
      glossaryStore.getState().show();
      return true;
    case 'escape':
      if (t.helpOpen) t.setHelpOpen(false);
      else if (s.viewTick !== null) s.viewPast(null);
      else return false;
      return true;
  }
}

/** Installs the page's keyboard shortcuts (see shortcuts.ts) on the document. */
export function useShortcuts(targets: ShortcutTargets): void {
  const ref = useRef(targets);
  ref.current = targets;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      const a = shortcutFor(keyPressOf(e));
      if (!a) return;
      // While the help is open only Escape and ? act.
      if (ref.current.helpOpen && a.kind !== 'escape' && a.kind !== 'help') return;
      if (run(a, ref.current)) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
