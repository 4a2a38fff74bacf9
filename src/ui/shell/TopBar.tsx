import type { ReactNode } from 'react';
import type { ClusterStore } from '../../store/cluster-store';
import type { ClusterDriver } from '../driver';
import { glossaryStore } from '../glossary/glossary-state';
import { NewClusterMenu } from './NewClusterMenu';
import { TimeControls } from './TimeControls';

/** What the top bar shows; `lessons` and `chaos` are slots other panels mount into. */
export interface TopBarProps {
  store: ClusterStore;
  driver: ClusterDriver;
  /** One line under the title saying what runs the cluster. */
  tagline: string;
  /** The Lessons menu (mounted by App). */
  lessons?: ReactNode;
  /** The Chaos button (mounted by App). */
  chaos?: ReactNode;
  onHelp(): void;
}

/**
 * The top bar: `etcdscope` | Lessons | time controls | Chaos | New cluster | Glossary | ? keys.
 *
 * ```
 * etcdscope  [Lessons v]  [❚❚ Pause][▶❙ Step] speed ──o── 1x  [Chaos]  [New cluster v] [Glossary] [? keys]
 * ```
 */
export function TopBar({ store, driver, tagline, lessons, chaos, onHelp }: TopBarProps) {
  return (
    <header className="topbar" data-testid="topbar">
      <div className="brand">
        <h1>etcdscope</h1>
        <p className="tagline">{tagline}</p>
      </div>
      {lessons && <div className="topbar-slot lessons-slot">{lessons}</div>}
      <TimeControls store={store} driver={driver} />
      {chaos && <div className="topbar-slot chaos-slot">{chaos}</div>}
      <div className="topbar-end">
        <NewClusterMenu store={store} driver={driver} />
        <button type="button" onClick={() => glossaryStore.getState().show()} data-testid="glossary-open" title="Every etcd and Raft term on this page (g)">
          Glossary
        </button>
        <button type="button" onClick={onHelp} data-testid="shortcuts-open" aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)">
          <kbd aria-hidden="true">?</kbd> keys
        </button>
      </div>
    </header>
  );
}
