import { useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

const MIN = 72;
const maxHeight = (): number => Math.max(MIN, Math.round(window.innerHeight * 0.6));

/**
 * The region docked under the panels that holds the console: it takes its own row of the page
 * grid (so it never covers a panel), and its top edge is a handle that resizes it by drag or by
 * the arrow keys. The console's own Hide button folds it down to its header.
 */
export function ConsoleDock({ children }: { children: ReactNode }) {
  const [height, setHeight] = useState<number | undefined>(undefined);
  const start = useRef<{ y: number; h: number } | null>(null);
  const dock = useRef<HTMLDivElement>(null);

  const screenHeight = (): number => dock.current?.querySelector<HTMLElement>('.console-screen')?.offsetHeight ?? 160;
  const set = (h: number): void => setHeight(Math.min(maxHeight(), Math.max(MIN, Math.round(h))));
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const d = e.key === 'ArrowUp' ? 24 : e.key === 'ArrowDown' ? -24 : 0;
    if (!d) return;
    e.preventDefault();
    set((height ?? screenHeight()) + d);
  };

  return (
    <div ref={dock} className="console-dock" style={height ? ({ '--console-h': `${height}px` } as CSSProperties) : undefined} data-testid="console-dock">
      <div
        className="dock-handle"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the console (arrow keys)"
        aria-valuenow={height}
        aria-valuemin={MIN}
        tabIndex={0}
        onKeyDown={onKey}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          start.current = { y: e.clientY, h: height ?? screenHeight() };
        }}
        onPointerMove={(e) => start.current && set(start.current.h + start.current.y - e.clientY)}
        onPointerUp={() => (start.current = null)}
        onPointerCancel={() => (start.current = null)}
      >
        <span aria-hidden="true" />
      </div>
      {children}
    </div>
  );
}
