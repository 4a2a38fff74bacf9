import { useEffect, useState } from 'react';
import type { ClusterStore } from '../store/cluster-store';
import { markCommitSweep, raftLogLayout, termColour, type LogCell, type LogLayout, type LogRow } from '../viz/raft-log-layout';
import './raft.css';
import { Term } from './glossary/Term';

const WIDTH = 40;

/** Follows the store but re-renders only when the log picture changes (not on every timer frame). */
function useLogLayout(store: ClusterStore): LogLayout {
  const [layout, setLayout] = useState(() => raftLogLayout(store.getState().members, WIDTH));
  useEffect(() => {
    let last = JSON.stringify(layout);
    let prev = layout;
    return store.subscribe((s) => {
      const next = markCommitSweep(prev, markOverwritten(prev, raftLogLayout(s.members, WIDTH)));
      const sig = JSON.stringify(next);
      if (sig !== last) {
        last = sig;
        prev = next;
        setLayout(next);
      }
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);
  return layout;
}

/** Marks entries whose term changed at the same index since the last layout: raft overwrote a conflicting entry. */
function markOverwritten(prev: LogLayout, next: LogLayout): LogLayout {
  for (const row of next.rows) {
    const old = prev.rows.find((r) => r.id === row.id);
    if (!old) continue;
    for (const c of row.cells) {
      const o = old.cells.find((x) => x.index === c.index);
      if (c.kind === 'entry' && o?.kind === 'entry' && (o.term !== c.term || o.overwritten)) c.overwritten = o.term !== c.term || o.overwritten;
    }
  }
  return next;
}

function cellTitle(c: LogCell, name: string): string {
  if (c.kind === 'compacted') return `${name} index ${c.index}: compacted into the snapshot`;
  if (c.kind === 'absent') return `${name} index ${c.index}: not in its log yet`;
  return `${name} index ${c.index}, term ${c.term}: ${c.committed ? 'committed' : 'not committed yet'}${c.applied ? ', applied' : ''}${c.overwritten ? ' (overwrote a conflicting entry)' : ''}`;
}

function Cell({ c, name }: { c: LogCell; name: string }) {
  const cls = `log-cell ${c.kind}${c.kind === 'entry' && !c.committed ? ' uncommitted' : ''}${c.applied && c.kind === 'entry' ? ' applied' : ''}${c.overwritten ? ' overwritten' : ''}${c.sweep !== undefined ? ' swept' : ''}`;
  const style = c.kind === 'entry' ? ({ backgroundColor: termColour(c.term), '--sweep': Math.min(c.sweep ?? 0, 20) } as React.CSSProperties) : undefined;
  return (
    <div className={cls} style={style} title={cellTitle(c, name)} data-index={c.index} data-term={c.kind === 'entry' ? c.term : undefined}>
      {c.kind === 'entry' ? c.term : ''}
    </div>
  );
}

function Row({ row, lo }: { row: LogRow; lo: number }) {
  const p = row.progress;
  const col = (i: number): number => i - lo + 2;
  return (
    <>
      <div className="log-label" data-testid={`log-row-${row.name}`} data-cells={row.cells.filter((c) => c.kind === 'entry').length}>
        <strong>{row.name}</strong> <span className={`role role-${row.role}`}>{row.role}</span>
        <span className="log-nums">commit {row.commit} · applied {row.applied}</span>
      </div>
      {row.cells.map((c) => (
        <Cell key={`${c.index}-${c.term}`} c={c} name={row.name} />
      ))}
      {p && (
        <>
          <div className="log-progress-label">
            <span className={`progress-state ${p.state}`} data-testid={`progress-${row.name}`} title={`the leader's Progress of ${row.name}`}>
              {p.state} · match {p.match} · next {p.next}
            </span>
          </div>
          {p.match >= lo && p.match <= lo + row.cells.length - 1 && (
            <span className="marker match" style={{ gridColumn: col(p.match) }} title={`leader's matchIndex for ${row.name}: ${p.match}`}>
              ▲
            </span>
          )}
          {p.next > p.match && p.next >= lo && p.next <= lo + row.cells.length - 1 && (
            <span className="marker next" style={{ gridColumn: col(p.next) }} title={`leader's nextIndex for ${row.name}: ${p.next}`}>
              △
            </span>
          )}
        </>
      )}
    </>
  );
}

/**
 * The raft log panel: one row per member, one cell per entry (the newest 40 indexes), coloured
 * and numbered by term; hatched cells are not committed yet, a dot marks applied entries, grey
 * cells were compacted into a snapshot. Under each follower, the leader's Progress of it.
 */
export function RaftLogPanel({ store }: { store: ClusterStore }) {
  const layout = useLogLayout(store);
  const n = Math.max(1, layout.hi - layout.lo + 1);
  const ticks: number[] = [];
  for (let i = layout.lo; i <= layout.hi; i++) if (i === layout.lo || i === layout.hi || i % 5 === 0) ticks.push(i);
  return (
    <section className="panel raft-log" aria-labelledby="raft-log-title" data-testid="raft-log">
      <header className="panel-head raft-log-head">
        <h2 id="raft-log-title"><Term id="raft">Raft</Term> log</h2>
        <p className="caption">
          Each member's log, newest {WIDTH} <Term id="entry">entries</Term> by <Term id="index">index</Term>, numbers are <Term id="term">terms</Term>. <span className="key hatched" /> not <Term id="commit">committed</Term> yet · <span className="key applied-dot" /> <Term id="applied">applied</Term> ·{' '}
          <span className="key compacted" /> compacted into a <Term id="snapshot">snapshot</Term> · <span className="key overwritten-key" /> overwrote a conflicting entry · ▲ match / △ next: what the leader{layout.leader ? ` (${layout.leader})` : ''} knows of each follower (its <Term id="progress">Progress</Term>).
        </p>
      </header>
      {layout.hi === 0 ? (
        <p className="caption">No entries yet.</p>
      ) : (
        <div className="log-grid" style={{ gridTemplateColumns: `170px repeat(${n}, minmax(0, 1fr))` }}>
          <div className="log-label index-label">index</div>
          {Array.from({ length: n }, (_, k) => layout.lo + k).map((i) => (
            <div key={i} className="log-index">
              {ticks.includes(i) ? i : ''}
            </div>
          ))}
          {layout.rows.map((r) => (
            <Row key={r.id} row={r} lo={layout.lo} />
          ))}
        </div>
      )}
    </section>
  );
}
