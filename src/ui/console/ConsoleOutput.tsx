import { memo, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { ConsoleLine, ConsoleTab } from '../../store/console-store';
import { displayLine, type Segment } from './display';

/** The segments of a line as text nodes; control characters as muted escapes. */
function Text({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((g, i) =>
        g.control ? (
          <span key={i} className="console-ctl">
            {g.text}
          </span>
        ) : (
          g.text
        ),
      )}
    </>
  );
}

/** One output line, always as text nodes; a stdout line naming a known key is a button that selects it. */
const OutputLine = memo(function OutputLine({ line, isKey, selected, onKey }: { line: ConsoleLine; isKey: boolean; selected: boolean; onKey: (key: string) => void }) {
  const d = displayLine(line.text);
  const more = d.omitted > 0 ? <span className="console-omitted"> … {d.omitted.toLocaleString('en')} more characters (Copy gets them all)</span> : null;
  if (line.kind === 'input') {
    return (
      <div className="console-line console-input">
        <span className="console-ps1" aria-hidden="true">$ </span>
        <Text segments={d.segments} />
        {more}
      </div>
    );
  }
  if (isKey) {
    return (
      <div className="console-line console-stdout">
        <button type="button" className={selected ? 'console-key selected' : 'console-key'} onClick={() => onKey(line.text)} title="Select this key" data-testid="console-key">
          <Text segments={d.segments} />
        </button>
        {more}
      </div>
    );
  }
  return (
    <div className={`console-line console-${line.kind}`}>
      {line.text === '' ? '\u200b' : <Text segments={d.segments} />}
      {more}
    </div>
  );
});

/**
 * The scrollback of one tab: a note for the lines dropped from the front, then the kept lines.
 * Sticks to the bottom while the reader is there; leaves the scroll alone once they scroll up.
 */
export function ConsoleOutput({ tab, knownKeys, selectedKey, onKey, children }: { tab: ConsoleTab; knownKeys: ReadonlySet<string>; selectedKey: string | null; onKey: (key: string) => void; children: ReactNode }) {
  const el = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // Only when the tab changed (lines, prompt, running command): reading scrollHeight forces a
  // layout, and the panel may re-render for reasons that do not move the content.
  useLayoutEffect(() => {
    const e = el.current;
    if (e && atBottom.current) e.scrollTop = e.scrollHeight;
  }, [tab]);
  return (
    <div
      ref={el}
      className="console-screen"
      role="log"
      aria-label={`Console tab ${tab.id} output`}
      data-testid="console-output"
      onScroll={(ev) => {
        const e = ev.currentTarget;
        atBottom.current = e.scrollHeight - e.scrollTop - e.clientHeight < 24;
      }}
    >
      {tab.hiddenLines > 0 && (
        <div className="console-hidden" data-testid="console-hidden">
          {tab.hiddenLines.toLocaleString('en')} earlier lines hidden (the console keeps the last {tab.lines.length.toLocaleString('en')})
        </div>
      )}
      {tab.lines.map((l) => {
        const isKey = l.kind === 'stdout' && l.text !== '' && knownKeys.has(l.text);
        return <OutputLine key={l.id} line={l} isKey={isKey} selected={isKey && l.text === selectedKey} onKey={onKey} />;
      })}
      {children}
    </div>
  );
}
