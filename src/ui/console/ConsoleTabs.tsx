import type { ConsoleTab } from '../../store/console-store';

/** The tab strip: one tab per shell ([1] [2] ...), a close button on each, and [+]. */
export function ConsoleTabs({ tabs, activeId, onSelect, onClose, onAdd }: { tabs: ConsoleTab[]; activeId: number; onSelect: (id: number) => void; onClose: (id: number) => void; onAdd: () => void }) {
  return (
    <div className="console-tabs" role="tablist" aria-label="Console tabs">
      {tabs.map((t) => (
        <span key={t.id} className={t.id === activeId ? 'console-tab active' : 'console-tab'}>
          <button
            type="button"
            role="tab"
            id={`console-tab-${t.id}`}
            aria-selected={t.id === activeId}
            aria-controls="console-tabpanel"
            aria-label={`Shell ${t.id}${t.running ? ', running' : ''}`}
            data-testid={`console-tab-${t.id}`}
            onClick={() => onSelect(t.id)}
            title={t.running ? `running: ${t.running.line}` : `shell ${t.id}`}
          >
            {t.id}
            {t.running && <span className="console-busy" aria-hidden="true" />}
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
