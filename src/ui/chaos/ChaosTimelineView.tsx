import { useEffect, useRef, useState } from 'react';
import type { ChaosVerdict, TimelineOp } from '../../cluster/chaos/verdict';
import { createChaosTimeline, describeOp, type ChaosTimeline } from '../../viz/chaos-timeline';

/** The run's history as a timeline (src/viz/chaos-timeline.ts) with a hover/keyboard detail line. */
export function ChaosTimelineView({ verdict }: { verdict: ChaosVerdict }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<ChaosTimeline | null>(null);
  const [picked, setPicked] = useState<TimelineOp | undefined>();
  const [width, setWidth] = useState(900);

  useEffect(() => {
    const el = host.current!;
    view.current = createChaosTimeline({ el, onSelect: setPicked });
    const ro = new ResizeObserver(() => setWidth(Math.max(480, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => {
      ro.disconnect();
      view.current?.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const last = verdict.timeline.reduce((m, o) => Math.max(m, Number.isFinite(o.ret) ? o.ret : (o.gaveUpAt ?? o.call)), verdict.startedAt + verdict.durationMs);
    const input = { ops: verdict.timeline, faults: verdict.faults, clients: verdict.clients, t0: verdict.startedAt, t1: last, width, ...(verdict.failure ? { failure: verdict.failure } : {}) };
    view.current?.update(input);
    if (verdict.failure && verdict.failure.stuck >= 0) view.current?.select(verdict.failure.stuck);
  }, [verdict, width]);

  return (
    <div className="chaos-timeline-wrap">
      <ul className="chaos-legend" aria-label="Legend">
        <li><span className="sw op-put" />put</li>
        <li><span className="sw op-get" />get (linearizable)</li>
        <li><span className="sw op-cas" />compare-and-swap</li>
        <li><span className="sw op-cas-failed" />compare did not hold</li>
        <li><span className="sw op-fail" />failed</li>
        <li><span className="sw op-info" />timed out: open to ∞</li>
        <li><span className="sw sw-band" />fault</li>
      </ul>
      <div className="chaos-timeline-host" ref={host} data-testid="chaos-timeline" />
      <p className="chaos-op" aria-live="polite" data-testid="chaos-op">
        {picked ? describeOp(picked, verdict.startedAt) : 'Hover an operation, or focus the chart and use the arrow keys.'}
      </p>
    </div>
  );
}
