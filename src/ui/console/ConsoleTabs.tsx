import type { KeyboardEvent } from 'react';
import type { ConsoleTab } from '../../store/console-store';

/** Left/Right/Home/End move between tabs (the WAI-ARIA tabs pattern). */
function onTabKey(e: KeyboardEvent<HTMLButtonElement>, tabs: ConsoleTab[], activeId: number, onSelect: (id: number) => void): void {
  const at = tabs.findIndex((t) => t.id === activeId);
  const to = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : undefined;
  if (to === undefined) return;
  e.preventDefault();
  const t = tabs[(to + tabs.length) % tabs.length]!;
  onSelect(t.id);
  document.getElementById(`console-tab-${t.id}`)?.focus();
}

/** The tab strip: one tab per shell ([1] [2] ...), a close button on each, and [+]. */
export function ConsoleTabs({ tabs, activeId, onSelect, onClose, onAdd }: { tabs: ConsoleTab[]; activeId: number; onSelect: (id: number, focusInput: boolean) => void; onClose: (id: number) => void; onAdd: () => void }) {
  return (
    <div className="console-tabs" role="tablist" aria-label="Console tabs">
      {tabs.map((t) => (
        <span key={t.id} className={`console-tab${t.id === activeId ? ' active' : ''}${t.unseen ? ' unseen' : ''}`}>
          <button
            type="button"
            role="tab"
            id={`console-tab-${t.id}`}
            aria-selected={t.id === activeId}
            aria-controls="console-tabpanel"
            aria-label={`Shell ${t.id}${t.running ? ', running' : ''}${t.unseen ? ', new output' : ''}`}
            data-testid={`console-tab-${t.id}`}
            tabIndex={t.id === activeId ? 0 : -1}
            onClick={() => onSelect(t.id, true)}
            onKeyDown={(e) => onTabKey(e, tabs, activeId, (id) => onSelect(id, false))}
            title={t.running ? `running: ${t.running.line}` : `shell ${t.id}`}
          >
            {t.id}
            {t.running && <span className="console-busy" aria-hidden="true" />}
            {t.unseen && !t.running && <span className="console-unseen" aria-hidden="true" />}
          </button>
          {tabs.length > 1 && (
            <button type="button" className="console-tab-close" aria-label={`Close tab ${t.id}`} data-testid={`console-close-${t.id}`} onClick={() => onClose(t.id)}>
              ×
            </button>
          )}
        </span>
      ))}
      <button type="button" className="console-tab-add" aria-label="New console tab" title="New tab: a separate shell" data-testid="console-new-tab" onClick={onAdd}>
        +
      </button>
    </div>
  );
}
