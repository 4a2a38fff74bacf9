import { useEffect, useRef } from 'react';
import type { KeyView, MvccView } from '../../server/mvcc-view';
import { generationRows, keyMeta, type GenerationCell } from '../../viz/mvcc-layout';

function cellTitle(c: GenerationCell): string {
  switch (c.kind) {
    case 'put':
      return `${c.label} written at ${c.rev}`;
    case 'tombstone':
      return `deleted at ${c.rev}`;
    case 'elided':
      return `${c.rev} removed by a compaction (the version numbers go on)`;
  }
}

function Meta({ k }: { k: KeyView }) {
  const m = keyMeta(k);
  if (!m.exists) return <span className="mvcc-meta mvcc-meta-deleted">deleted at {m.deletedAt}</span>;
  return (
    <span className="mvcc-meta">
      version <b>{m.version}</b> · create_revision <b>{m.createRevision}</b> · mod_revision <b>{m.modRevision}</b>
    </span>
  );
}

function KeyCard({ k, selected, onKey, since }: { k: KeyView; selected: boolean; onKey: (key: string) => void; since: number }) {
  const ref = useRef<HTMLLIElement>(null);
  // scroll only the key list (never the page) so the selected key sits at its top
  useEffect(() => {
    const el = ref.current;
    const list = el?.parentElement;
    if (selected && el && list) list.scrollTop = el.offsetTop - 4; // the list is the offsetParent (position: relative)
  }, [selected]);
  return (
    <li ref={ref} className={selected ? 'mvcc-keycard selected' : 'mvcc-keycard'} data-testid="mvcc-key" data-key={k.key} aria-current={selected ? 'true' : undefined}>
      <div className="mvcc-keyline">
        <button type="button" className="mvcc-keyname" onClick={() => onKey(k.key)} title="Select this key">
          {k.key}
        </button>
        <Meta k={k} />
      </div>
      <ol className="mvcc-gens" aria-label={`generations of ${k.key}, newest first`}>
        {generationRows(k).map((row) => (
          <li key={row.index} className={row.current ? 'mvcc-gen current' : 'mvcc-gen'} data-testid="mvcc-gen" data-empty={row.empty ? 'true' : 'false'}>
            <span className="mvcc-gen-label">gen {row.index}</span>
            {row.empty ? (
              <span className="mvcc-gen-empty">{'{empty}'} <span className="mvcc-gen-why">the key does not exist now; the next put starts this generation</span></span>
            ) : (
              <>
                <span className="mvcc-gen-created">created {row.created || '?'}</span>
                <span className="mvcc-cells">
                  {row.cells.map((c) => (
                    <span key={c.rev} className={`mvcc-cell mvcc-cell-${c.kind}${c.main > since ? ' mvcc-enter' : ''}`} data-testid={`mvcc-${c.kind === 'put' ? 'version' : c.kind}`} title={cellTitle(c)}>
                      <span className="mvcc-cell-label">{c.label}</span>
                      <span className="mvcc-cell-rev">{c.rev}</span>
                    </span>
                  ))}
                </span>
              </>
            )}
          </li>
        ))}
      </ol>
    </li>
  );
}

/**
 * Every key of the index with its generations, drawn as etcd's key_index.go comment draws them:
 * one row per generation (newest on top), each put a version v1..vn with its revision, a
 * tombstone "t" closing a generation, and the empty generation a delete opens.
 */
export function KeyGenerations({ view, selectedKey, onKey }: { view: MvccView; selectedKey: string | null; onKey: (key: string) => void }) {
  // versions on screen when the tab opened do not animate; only those written later do
  const initial = useRef(view.revision);
  if (view.keys.length === 0) return <p className="mvcc-empty">The key index is empty. Each <code>put</code> adds a key here; a compaction removes keys whose last life ended.</p>;
  const more = view.totalKeys - view.keys.length;
  return (
    <div className="mvcc-keys">
      <ol className="mvcc-keylist">
        {view.keys.map((k) => (
          <KeyCard key={k.key} k={k} selected={k.key === selectedKey} onKey={onKey} since={initial.current} />
        ))}
      </ol>
      {more > 0 && <p className="mvcc-more">and {more} more keys</p>}
    </div>
  );
}
