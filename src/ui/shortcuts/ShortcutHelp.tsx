import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts';

/** The `?` overlay: every keyboard shortcut of the page. Escape, the Close button or a click outside closes it. */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const back = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => back?.focus?.();
  }, []);
  return (
    <div className="overlay" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="shortcut-help" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcut-help">
        <header>
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button ref={close} type="button" onClick={onClose} data-testid="shortcuts-close">
            Close
          </button>
        </header>
        <dl>
          {SHORTCUTS.map((s) => (
            <div key={s.what} className="shortcut-row">
              <dt>
                {s.keys.map((k, i) => (k === '…' ? <span key={i}> … </span> : <kbd key={i}>{k}</kbd>))}
              </dt>
              <dd>{s.what}</dd>
            </div>
          ))}
        </dl>
        <p className="shortcut-note">Shortcuts never fire while you type in the console or a text field; Space on a focused button presses that button.</p>
      </div>
    </div>
  );
}
