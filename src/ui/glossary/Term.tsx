import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { glossaryEntry } from './terms';
import { glossaryStore } from './glossary-state';
import './glossary.css';

const WIDTH = 300;

/**
 * A word with a glossary entry: dotted underline; click (or Enter) opens a small popover with the
 * one-or-two-line definition and a link to every term. Escape or a click elsewhere closes it.
 *
 * ```tsx
 * <Term id="revision">revision</Term>
 * ```
 */
export function Term({ id, children }: { id: string; children?: ReactNode }) {
  const entry = glossaryEntry(id);
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pop = useRef<HTMLDivElement>(null);
  const popId = useId();

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);

  /** Places the popover under the word (above it near the bottom edge), inside the viewport. */
  const place = useCallback(() => {
    if (!button.current) return;
    const r = button.current.getBoundingClientRect();
    const h = pop.current?.offsetHeight ?? 120;
    const left = Math.max(8, Math.min(r.left, window.innerWidth - WIDTH - 8));
    const below = r.bottom + 6;
    setPos({ left, top: below + h > window.innerHeight - 8 ? Math.max(8, r.top - h - 6) : below });
  }, []);

  useLayoutEffect(() => {
    if (open) place();
  }, [open, place]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent): void => {
      const t = e.target as Node;
      if (!pop.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close(true);
      }
    };
    // The page scrolls under it (a panel grows, the stage scrolls): it follows its word.
    const onScroll = (): void => place();
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onScroll);
    return () => {
      window.removeEventListener('resize', onScroll);
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey, true);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [open, close, place]);

  return (
    <span className="term-wrap">
      <button
        ref={button}
        type="button"
        className="term"
        aria-expanded={open}
        aria-controls={open ? popId : undefined}
        aria-label={`${typeof children === 'string' ? children : entry.term}: what is that?`}
        data-testid={`term-${id}`}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(!open);
        }}
      >
        {children ?? entry.term}
      </button>
      {open && (
        <div ref={pop} id={popId} role="dialog" aria-label={`glossary: ${entry.term}`} className="term-pop" data-testid="term-popover" style={pos ? { left: pos.left, top: pos.top, width: WIDTH } : { visibility: 'hidden', width: WIDTH }}>
          <p className="term-pop-title">{entry.term}</p>
          <p className="term-pop-text">{entry.text}</p>
          <button
            type="button"
            className="term-pop-all"
            onClick={() => {
              close(false);
              glossaryStore.getState().show(id);
            }}
          >
            All terms →
          </button>
        </div>
      )}
    </span>
  );
}
