import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { GLOSSARY, glossaryEntry } from './terms';
import { glossaryStore } from './glossary-state';
import './glossary.css';

const SORTED = [...GLOSSARY].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));

/**
 * The glossary panel: a sheet on the right edge listing every term alphabetically, with a
 * filter. It does not block the page (the cluster stays visible); Escape or Close shuts it and
 * gives focus back to where it came from.
 */
export function GlossaryPanel() {
  const open = useStore(glossaryStore, (s) => s.open);
  const focus = useStore(glossaryStore, (s) => s.focus);
  const [filter, setFilter] = useState('');
  const list = useRef<HTMLUListElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const returnTo = useRef<Element | null>(null);

  useEffect(() => {
    if (!open) return;
    returnTo.current = document.activeElement;
    setFilter('');
    requestAnimationFrame(() => {
      const el = focus ? list.current?.querySelector<HTMLElement>(`#glossary-${focus}`) : null;
      if (el) {
        el.scrollIntoView({ block: 'center' });
        el.focus();
      } else filterRef.current?.focus();
    });
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      glossaryStore.getState().hide();
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      (returnTo.current as HTMLElement | null)?.focus?.();
    };
  }, [open, focus]);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? SORTED.filter((e) => e.term.toLowerCase().includes(q) || e.text.toLowerCase().includes(q)) : SORTED;
  }, [filter]);

  if (!open) return null;
  return (
    <aside className="glossary" role="dialog" aria-labelledby="glossary-title" data-testid="glossary">
      <header className="glossary-head">
        <h2 id="glossary-title">Glossary</h2>
        <button type="button" onClick={() => glossaryStore.getState().hide()} data-testid="glossary-close">
          Close
        </button>
      </header>
      <label className="glossary-filter">
        <span className="sr-only">Filter terms</span>
        <input ref={filterRef} type="search" placeholder="Filter terms…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <ul ref={list} className="glossary-list">
        {shown.map((e) => (
          <li key={e.id} id={`glossary-${e.id}`} tabIndex={-1} className={e.id === focus ? 'focused' : undefined} data-testid={`glossary-${e.id}`}>
            <p className="glossary-term">{e.term}</p>
            <p className="glossary-text">{e.text}</p>
            {e.see && (
              <p className="glossary-see">
                see{' '}
                {e.see.map((id, i) => (
                  <span key={id}>
                    {i > 0 && ', '}
                    <button type="button" className="glossary-link" onClick={() => glossaryStore.getState().show(id)}>
                      {glossaryEntry(id).term}
                    </button>
                  </span>
                ))}
              </p>
            )}
          </li>
        ))}
        {shown.length === 0 && <li className="glossary-none">No term matches “{filter}”.</li>}
      </ul>
    </aside>
  );
}
