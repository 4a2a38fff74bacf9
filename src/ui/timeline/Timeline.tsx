import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { useStore } from 'zustand';
import type { ClusterStore } from '../../store/cluster-store';
import type { MarkerKind } from '../../store/timeline-markers';
import { layoutTimeline, tickToX, xToTick, type TimelineLayout } from '../../viz/timeline-layout';
import { keyTarget } from './timeline-keys';
import { MarkerGlyph, MarkerKey, MARKER_STYLE } from './marker-glyph';
import './timeline.css';

const HEIGHT = 36;
const MARKER_Y = 20;

/** Follows the width of an element. */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(50, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(50, el.clientWidth));
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** The drawn track: background, commit density, markers, the cursor and the shaded "ahead" part. */
function TrackDrawing({ layout, width, cursorX, past }: { layout: TimelineLayout; width: number; cursorX: number; past: boolean }) {
  return (
    <svg width={width} height={HEIGHT} aria-hidden="true">
      <rect className="timeline-bg" x={0} y={6} width={width} height={HEIGHT - 8} rx={4} />
      {layout.density.map((b) => (
        <rect key={b.x} className="timeline-density" x={b.x} y={7 + 6 * (1 - b.level)} width={Math.max(1, b.width - 0.5)} height={6 * b.level + 1} />
      ))}
      {past && <rect className="timeline-ahead" x={cursorX} y={6} width={Math.max(0, width - cursorX)} height={HEIGHT - 8} />}
      {layout.markers.map((m) => (
        <g key={`${m.kind}-${m.tick}`} transform={`translate(${m.x},${MARKER_Y})`} className="timeline-marker" data-kind={m.kind} data-tick={m.tick}>
          <title>{m.title}</title>
          <MarkerGlyph kind={m.kind} />
        </g>
      ))}
      <g className="timeline-cursor" transform={`translate(${cursorX},0)`}>
        <line y1={2} y2={HEIGHT} />
        <rect x={-4} y={0} width={8} height={7} rx={2} />
      </g>
    </svg>
  );
}

/** What the marks on the track mean (only the kinds present), shape and word, never colour alone. */
function Legend({ layout }: { layout: TimelineLayout }) {
  const kinds = [...new Set(layout.markers.map((m) => m.kind))] as MarkerKind[];
  return (
    <p className="timeline-legend">
      {kinds.length === 0 && <span>drag to look back</span>}
      {kinds.map((k) => (
        <span key={k}>
          <MarkerKey kind={k} /> {MARKER_STYLE[k].label}
        </span>
      ))}
      {layout.density.length > 0 && (
        <span>
          <span className="density-key" aria-hidden="true" /> commits
        </span>
      )}
    </p>
  );
}

/**
 * The timeline scrubber at the bottom of the page: the recorded history as a track (commits as a
 * density strip, elections, leaders, kills, restarts, partitions and heals as marks). Drag it, or
 * use the arrow keys, to look back at the cluster at an earlier tick; End returns to live. The
 * live cluster keeps running meanwhile (read-only rewind).
 */
export function Timeline({ store }: { store: ClusterStore }) {
  const liveTick = useStore(store, (s) => s.liveTick);
  const viewTick = useStore(store, (s) => s.viewTick);
  const version = useStore(store, (s) => s.timeline.version);
  const [trackRef, width] = useWidth();
  const dragging = useRef(false);
  const { history, timeline } = store.getState();
  const from = history.firstTick ?? 0;
  const to = Math.max(liveTick, from + 1);

  const layout = useMemo(
    () => layoutTimeline({ from, to, width, markers: timeline.markers, commits: timeline.commits }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [from, to, width, version],
  );
  const shown = viewTick ?? liveTick;
  const cursorX = tickToX(Math.min(shown, to), from, to, width);

  const seek = (tick: number | null): void => store.getState().viewPast(tick === null || tick >= store.getState().liveTick ? null : tick);
  const tickAt = (e: PointerEvent<HTMLDivElement>): number => xToTick(e.clientX - e.currentTarget.getBoundingClientRect().left, from, to, width);

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const t = keyTarget(e.key, e.shiftKey, store.getState().viewTick ?? store.getState().liveTick, from);
    if (t === undefined) return;
    e.preventDefault();
    seek(t);
  };

  return (
    <section className="timeline" aria-labelledby="timeline-title" data-testid="timeline">
      <div className="timeline-readout">
        <h2 id="timeline-title" className="sr-only">Timeline</h2>
        {viewTick === null ? (
          <span className="timeline-live" data-testid="timeline-state">
            <span className="live-dot" aria-hidden="true" /> live · tick {liveTick}
          </span>
        ) : (
          <span className="timeline-past" data-testid="timeline-state">
            past · tick {viewTick} <span className="timeline-behind">({liveTick - viewTick} behind)</span>
          </span>
        )}
      </div>
      <div
        ref={trackRef}
        className={`timeline-track${viewTick === null ? '' : ' past'}`}
        role="slider"
        tabIndex={0}
        aria-label="Timeline: drag or use the arrow keys to look back at an earlier tick; End returns to live"
        aria-valuemin={from}
        aria-valuemax={liveTick}
        aria-valuenow={shown}
        aria-valuetext={viewTick === null ? `live, tick ${liveTick}` : `tick ${viewTick}, ${liveTick - viewTick} ticks before live`}
        data-testid="timeline-track"
        data-from={from}
        data-to={to}
        onKeyDown={onKey}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          seek(tickAt(e));
        }}
        onPointerMove={(e) => dragging.current && seek(tickAt(e))}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
      >
        <TrackDrawing layout={layout} width={width} cursorX={cursorX} past={viewTick !== null} />
        <div className="timeline-axis" aria-hidden="true">
          {layout.axis.map((a) => (
            <span key={a.tick} style={{ left: a.x }}>
              {a.tick}
            </span>
          ))}
        </div>
      </div>
      <Legend layout={layout} />
    </section>
  );
}
