import { Fragment, useLayoutEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { MvccChangeView } from '../../server/mvcc-view';
import type { MvccStore } from '../../store/mvcc-store';
import { revisionColumns, type RevisionColumn } from '../../viz/mvcc-layout';

/** How many revisions the timeline shows. */
const COLUMNS = 30;
/** How long the history a compaction removed stays on screen while it fades (ms; the CSS animation is 1.6 s). */
const GHOST_MS = 1700;

function Change({ c, multi, onKey, ghost }: { c: MvccChangeView; multi: boolean; onKey: (k: string) => void; ghost?: boolean }) {
  const del = c.type === 'DELETE';
  return (
    <button
      type="button"
      className={`mvcc-change ${del ? 'mvcc-del' : 'mvcc-put'}${ghost ? ' mvcc-ghost' : ''}`}
      data-testid={ghost ? 'mvcc-ghost' : 'mvcc-change'}
      data-rev={`${c.main}.${c.sub}`}
      title={`${c.type} ${c.key} at revision ${c.main}.${c.sub}${del ? ' (a tombstone)' : ''}`}
      tabIndex={ghost ? -1 : 0}
      onClick={() => onKey(c.key)}
    >
      <span className="mvcc-op">{del ? 'DEL' : 'PUT'}</span>
      <span className="mvcc-key">{c.key}</span>
      {multi && <span className="mvcc-sub">.{c.sub}</span>}
    </button>
  );
}

function Column({ col, ghosts, onKey, fresh }: { col: RevisionColumn; ghosts: MvccChangeView[]; onKey: (k: string) => void; fresh: boolean }) {
  const multi = col.changes.length > 1;
  return (
    <li className={`mvcc-col mvcc-col-${col.state}${fresh ? ' mvcc-enter' : ''}`} data-testid="mvcc-col" data-main={col.main} data-state={col.state}>
      <span className="mvcc-col-rev">{col.main}</span>
      {col.changes.map((c) => (
        <Change key={`${c.main}.${c.sub}`} c={c} multi={multi} onKey={onKey} />
      ))}
      {ghosts.map((c) => (
        <Change key={`g${c.main}.${c.sub}`} c={c} multi={ghosts.length > 1} onKey={onKey} ghost />
      ))}
      {col.state === 'kept' && (
        <span className="mvcc-col-note" title="the newest version of this key at or below the compaction stays, so reads at the compaction revision still work">
          kept
        </span>
      )}
      {col.state === 'compacted' && ghosts.length === 0 && <span className="mvcc-col-note">gone</span>}
    </li>
  );
}

/**
 * The revision timeline: one column per main revision, newest on the right, each change of a
 * txn under it with its sub revision; a vertical line marks the compaction. Left of it only the
 * revisions a compaction keeps (the newest version of a key) remain; the rest fades out.
 */
export function RevisionTimeline({ store, onKey }: { store: MvccStore; onKey: (k: string) => void }) {
  const view = useStore(store, (s) => s.view)!;
  const ghosts = useStore(store, (s) => s.ghosts);
  const ghostCompaction = useStore(store, (s) => s.ghostCompaction);
  const ghostsAt = useStore(store, (s) => s.ghostsAt);
  // the fade plays once, when the compaction is seen (not again when the tab is reopened)
  const fading = ghostCompaction === view.compactRevision && Date.now() - ghostsAt < GHOST_MS ? ghosts : [];
  const cols = revisionColumns(view.changes, view.revision, view.compactRevision, COLUMNS);
  const track = useRef<HTMLOListElement>(null);
  // revisions on screen when the tab opened do not animate; only those that arrive later do
  const initial = useRef(view.revision);
  useLayoutEffect(() => {
    const el = track.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, [view.revision]);
  if (cols.length === 0) return <p className="mvcc-empty">No writes yet: the store is at revision 1. Try <code>put name dazuo</code> in the console.</p>;
  const lineAfter = cols.some((c) => c.main === view.compactRevision) ? view.compactRevision : cols[0]!.main > view.compactRevision && view.compactRevision > 0 ? cols[0]!.main - 1 : -1;
  return (
    <div className="mvcc-timeline">
      <ol className="mvcc-track" ref={track} aria-label={`Revisions ${cols[0]!.main} to ${view.revision}, newest on the right`}>
        {lineAfter === cols[0]!.main - 1 && <CompactLine rev={view.compactRevision} />}
        {cols.map((col) => (
          <Fragment key={col.main}>
            <Column col={col} ghosts={fading.filter((g) => g.main === col.main)} onKey={onKey} fresh={col.main > initial.current} />
            {col.main === lineAfter && <CompactLine rev={view.compactRevision} />}
          </Fragment>
        ))}
      </ol>
      <p className="mvcc-legend">
        <span className="mvcc-swatch mvcc-put" aria-hidden="true" /> put <span className="mvcc-swatch mvcc-del" aria-hidden="true" /> delete (tombstone) · <code>.1</code> sub revision in a txn · click a key
      </p>
      {view.compactRevision > 0 && (
        <p className="mvcc-legend" data-testid="mvcc-compact-note">
          Left of the line each key keeps only its newest version ≤ {view.compactRevision}; older reads fail: <code>required revision has been compacted</code>.
        </p>
      )}
    </div>
  );
}

function CompactLine({ rev }: { rev: number }) {
  return (
    <li className="mvcc-compact-line" data-testid="mvcc-compact-line" data-rev={rev} aria-label={`compacted at revision ${rev}`}>
      <span>compacted ≤ {rev}</span>
    </li>
  );
}
