import type { ChaosVerdict } from '../../cluster/chaos/verdict';
import { summarize } from '../../cluster/chaos/verdict';
import { ChaosTimelineView } from './ChaosTimelineView';

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The verdict in plain words, the watch guarantees, the timeline, and the excerpt on a violation. */
export function ChaosVerdictView({ verdict }: { verdict: ChaosVerdict }) {
  const [lin, lost, watch, live] = summarize(verdict);
  const okLost = verdict.lostWrites.lost.length === 0 && verdict.lostWrites.hashesEqual && verdict.lostWrites.unavailable.length === 0;
  const rows: [boolean | undefined, string, string][] = [
    [verdict.linearizable === 'ok' ? true : verdict.linearizable === 'violation' ? false : undefined, lin!, 'linearizable'],
    [okLost, lost!, 'lost-writes'],
    [verdict.watch.ok, watch!, 'watch'],
    [verdict.liveness.okAfterHeal > 0, live!, 'liveness'],
  ];
  return (
    <section className="chaos-verdict" aria-label="Verdict" data-testid="chaos-verdict" data-linearizable={verdict.linearizable}>
      <ul className="chaos-checks">
        {rows.map(([ok, text, id]) => (
          <li key={id} className={ok === true ? 'pass' : ok === false ? 'failv' : 'unknown'} data-testid={`chaos-${id}`}>
            <span className="mark" aria-hidden="true">{ok === true ? '✓' : ok === false ? '✗' : '?'}</span>
            <span className="sr-only">{ok === true ? 'passed: ' : ok === false ? 'failed: ' : 'unknown: '}</span>
            {text}
          </li>
        ))}
      </ul>
      <p className="chaos-guarantees">
        {Object.entries(verdict.watch.guarantees).map(([g, s]) => (
          <span key={g} className={`chip ${s === 'ok' ? 'chip-ok' : 'chip-bad'}`}>{s === 'ok' ? '✓' : '✗'} {g}</span>
        ))}
      </p>
      <p className="chaos-meta">
        Seed {verdict.seed} · {secs(verdict.durationMs)} of cluster time{verdict.stopped ? ' (stopped early)' : ''} · {verdict.ops.ok.toLocaleString('en-US')} ok,{' '}
        {verdict.ops.fail} failed, {verdict.ops.info} unknown · checked {verdict.check.opsChecked.toLocaleString('en-US')} operations in {verdict.check.ms} ms (longest pause {verdict.check.longestSliceMs} ms) ·
        read back {verdict.lostWrites.checked.toLocaleString('en-US')} writes on {verdict.members.length} members
      </p>
      {verdict.excerpt !== undefined && (
        <details className="chaos-excerpt" open>
          <summary>Why it is not linearizable (the checker's excerpt)</summary>
          <pre>{verdict.excerpt}</pre>
        </details>
      )}
      {verdict.watch.violations.length > 0 && (
        <details className="chaos-excerpt" open>
          <summary>Watch violations</summary>
          <pre>{verdict.watch.violations.join('\n')}</pre>
        </details>
      )}
      <h3 className="chaos-h3">History</h3>
      <p className="caption">
        One lane per client; each bar is one call, from request to answer. A timed-out write stays open to the right edge: it may still take effect, and the checker must allow for
        that. Shaded bands are the faults.
      </p>
      <ChaosTimelineView verdict={verdict} />
    </section>
  );
}
