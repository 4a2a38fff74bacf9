import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { ChaosController } from '../../cluster/chaos/controller';
import { ChaosForm } from './ChaosForm';
import { ChaosProgressView } from './ChaosProgressView';
import { ChaosVerdictView } from './ChaosVerdictView';
import './chaos.css';

/**
 * The Chaos drawer: settings, Run / Stop, live progress, then the verdict and the history.
 * Non-modal and narrow while a run goes on (the ring stays visible and live beside it), wide
 * for the verdict and the timeline; Escape or Close hides it.
 */
export function ChaosPanel({ chaos, onClose }: { chaos: ChaosController; onClose: () => void }) {
  const state = useSyncExternalStore(chaos.subscribe, chaos.getState);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <aside
      className={`chaos-drawer${state.verdict && !state.running ? ' wide' : ''}`}
      role="dialog"
      aria-modal="false"
      aria-labelledby="chaos-title"
      data-testid="chaos-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !(e.target instanceof SVGElement)) onClose();
      }}
    >
      <header className="chaos-head">
        <h2 id="chaos-title" tabIndex={-1} ref={heading}>
          Chaos
        </h2>
        <button type="button" className="chaos-close" onClick={onClose} aria-label="Close the Chaos panel" data-testid="chaos-close">
          ✕
        </button>
      </header>
      <p className="caption">
        A nemesis breaks the cluster — partitions, kills, lost disks, lossy and slow links, leadership storms — while clients write, read and compare-and-swap, and watchers
        follow along. Then the faults heal and checkers judge what the clients saw: was every answer consistent with one order of events (linearizable)? Did any acknowledged
        write vanish? Did the watches miss or repeat anything?
      </p>
      <ChaosForm disabled={state.running} onRun={(v) => void chaos.run(v).catch(() => undefined)} />
      {(state.running || state.progress) && !state.verdict && <ChaosProgressView progress={state.progress} running={state.running} onStop={() => chaos.stop()} />}
      {state.error !== undefined && !state.running && (
        <p className="chaos-error" role="alert">
          The run failed: {state.error}
        </p>
      )}
      {state.verdict && !state.running && <ChaosVerdictView verdict={state.verdict} />}
    </aside>
  );
}
