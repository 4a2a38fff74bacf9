import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { ClusterStore } from '../../store/cluster-store';
import type { ClusterDriver } from '../driver';
import { withParam } from './speed';

const SIZES = [1, 3, 5, 7];

/**
 * "New cluster": throws the cluster (and its stored data) away and starts a fresh one of 1, 3, 5
 * or 7 members; the size goes into the URL (`?members=`). A small menu button, Escape closes it.
 */
export function NewClusterMenu({ store, driver }: { store: ClusterStore; driver: ClusterDriver }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const size = useStore(store, (s) => s.members.length);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    wrap.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onDown = (e: PointerEvent): void => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  const start = async (n: number): Promise<void> => {
    setOpen(false);
    setBusy(true);
    const search = withParam(window.location.search, 'members', String(n));
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
    try {
      await driver.reset(n);
    } finally {
      setBusy(false);
      button.current?.focus();
    }
  };

  const onMenuKey = (e: ReactKeyboardEvent): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(wrap.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };

  return (
    <div className="new-cluster" ref={wrap}>
      <button ref={button} type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} disabled={busy} data-testid="new-cluster">
        {busy ? 'Starting…' : 'New cluster'} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu-pop" role="menu" aria-label="members in the new cluster" onKeyDown={onMenuKey}>
          <p className="menu-pop-note">Wipes every member's data and starts again with</p>
          {SIZES.map((n) => (
            <button key={n} type="button" role="menuitem" onClick={() => void start(n)} data-testid={`new-cluster-${n}`}>
              {n} member{n === 1 ? '' : 's'}
              {n === size ? <span className="menu-pop-current"> (same size)</span> : null}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
