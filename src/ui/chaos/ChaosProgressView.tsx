import type { ChaosProgress } from '../../cluster/chaos/runner';

const PHASE: Record<ChaosProgress['phase'], string> = {
  running: 'Breaking things while the clients work',
  healing: 'Faults healed: quiet window, can the cluster serve again?',
  checking: 'Reading every member back and checking the history',
};

/** Live progress: elapsed time, operations so far, the faults as they happen. */
export function ChaosProgressView({ progress, onStop, running }: { progress: ChaosProgress | undefined; onStop: () => void; running: boolean }) {
  const p = progress;
  const t = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
  return (
    <section className="chaos-progress" aria-label="Progress" data-testid="chaos-progress">
      <div className="chaos-progress-head">
        <p className="chaos-phase" aria-live="polite">{p ? PHASE[p.phase] : 'Waiting for a leader…'}</p>
        {running && (
          <button type="button" onClick={onStop} data-testid="chaos-stop" disabled={p?.phase === 'checking'}>
            Stop
          </button>
        )}
      </div>
      {p && (
        <>
          <progress max={p.durationMs} value={Math.min(p.elapsedMs, p.durationMs)} aria-label="Time elapsed" />
          <p className="chaos-counts" data-testid="chaos-counts">
            {t(Math.min(p.elapsedMs, p.durationMs))} of {t(p.durationMs)} · <strong>{p.ops.ok.toLocaleString('en-US')}</strong> ok · {p.ops.fail} failed · {p.ops.info} unknown ·{' '}
            <strong>{p.faults.length}</strong> faults
          </p>
          <ol className="chaos-faults" data-testid="chaos-faults">
            {p.faults.map((f) => (
              <li key={f.id} className={f.error ? 'skipped' : f.end === undefined ? 'active' : ''}>
                <span className="at">{t(f.start - p.startedAt)}</span> {f.label}
                {f.error ? ` — skipped: ${f.error}` : f.end === undefined ? ' — now' : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
