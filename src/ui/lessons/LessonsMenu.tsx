import './lessons.css';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ConsoleStore } from '../../store/console-store';
import type { CatalogEntry } from '../../store/lesson-store';
import { lessonStore, loadCatalog, openFromUrl, openLesson } from './lesson-runtime';

let openedFromUrl = false;

/** The catalog grouped by section, in order. */
function groups(catalog: CatalogEntry[]): [string, CatalogEntry[]][] {
  const out: [string, CatalogEntry[]][] = [];
  for (const e of catalog) {
    const last = out.at(-1);
    if (last && last[0] === e.group) last[1].push(e);
    else out.push([e.group, [e]]);
  }
  return out;
}

/**
 * The Lessons menu of the top bar: every guided lesson by section; choosing one starts it on a
 * fresh cluster. Also opens the lesson the address names (`?lesson=...`) when the page loads.
 */
export function LessonsMenu({ console }: { console: ConsoleStore }) {
  const [open, setOpen] = useState(false);
  const catalog = useStore(lessonStore, (s) => s.catalog);
  const catalogError = useStore(lessonStore, (s) => s.catalogError);
  const current = useStore(lessonStore, (s) => s.session?.scenario.id);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (openedFromUrl) return;
    openedFromUrl = true;
    openFromUrl(console);
  }, [console]);

  useEffect(() => {
    if (!open) return;
    void loadCatalog().catch(() => {});
    const onDown = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="lessons-menu" ref={root}>
      <button type="button" ref={button} className="lessons-menu-button" aria-expanded={open} aria-controls="lessons-menu-list" onClick={() => setOpen(!open)} data-testid="lessons-menu">
        Lessons <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="lessons-menu-list" id="lessons-menu-list" role="region" aria-label="Lessons">
          {catalogError && <p className="lessons-menu-error">Could not load the lessons: {catalogError}</p>}
          {!catalog && !catalogError && <p className="lessons-menu-note">Loading…</p>}
          {catalog &&
            groups(catalog).map(([group, entries]) => (
              <section key={group}>
                <h3>{group}</h3>
                <ol>
                  {entries.map((e) => (
                    <li key={e.id}>
                      <button
                        type="button"
                        aria-current={e.id === current ? 'true' : undefined}
                        data-testid={`lesson-${e.id}`}
                        onClick={() => {
                          setOpen(false);
                          void openLesson(e.id, {}, console);
                        }}
                      >
                        <span className="lessons-menu-num">{e.number}</span> {e.title}
                      </button>
                    </li>
                  ))}
                </ol>
              </section>
            ))}
        </div>
      )}
    </div>
  );
}
