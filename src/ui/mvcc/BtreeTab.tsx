import { useEffect, useRef, useState } from 'react';
import type { BucketName } from '../../backend';
import type { BackendView, BackendEventView } from '../../server/backend-view';
import { btreeLayout, formatBytes } from '../../viz/btree-layout';
import { createBtreeView, type BtreeView } from '../../viz/btree-view';
import type {} from '../worker-driver';
import './btree.css';

const BUCKETS: BucketName[] = ['key', 'meta', 'lease', 'members', 'cluster'];
const WIDTH = 640;

/** Storage events seen since the tab opened (or the member/bucket changed). */
interface Tally {
  commits: number;
  splits: number;
  leafSplits: number;
  merges: number;
  lastDefrag?: { before: number; after: number };
}
const zero = (): Tally => ({ commits: 0, splits: 0, leafSplits: 0, merges: 0 });

function count(t: Tally, evs: BackendEventView[], bucket: BucketName): Tally {
  const out = { ...t };
  for (const e of evs) {
    if (e.type === 'commit') out.commits++;
    else if (e.type === 'split' && e.bucket === bucket) {
      out.splits++;
      if (e.kind === 'leaf') out.leafSplits++;
    } else if ((e.type === 'merge' || e.type === 'rebalance') && e.bucket === bucket) out.merges++;
    else if (e.type === 'defrag') out.lastDefrag = { before: e.before.dbSize, after: e.after.dbSize };
  }
  return out;
}

/** `infra3` -> `127.0.0.1:32379` (the page's client URL grid, see the README). */
function endpointOf(name: string): string {
  const n = Number(name.replace(/^\D+/, ''));
  return `127.0.0.1:${n <= 1 ? 2379 : n * 10000 + 2379}`;
}

/**
 * The B+tree tab: the shown member's backend pages as a tree (root, branches, leaves; page ids,
 * fill, key ranges; 17-byte revision keys shown as main.sub with t for a tombstone), its page
 * accounting, the splits and merges as they happen, and a Defrag button that rewrites it.
 */
export function BtreeTab({ member }: { member: string }) {
  const host = useRef<HTMLDivElement>(null);
  const ctl = useRef<BtreeView | null>(null);
  const [bucket, setBucket] = useState<BucketName>('key');
  const [view, setView] = useState<BackendView | undefined>();
  const [tally, setTally] = useState<Tally>(zero);
  const [busy, setBusy] = useState('');

  useEffect(() => {
    const v = createBtreeView({ el: host.current! });
    ctl.current = v;
    return () => v.destroy();
  }, []);

  useEffect(() => {
    let stopped = false;
    let prev: BackendView | undefined;
    let since: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setTally(zero());
    setView(undefined);
    const once = async (): Promise<void> => {
      const api = window.etcdscope;
      const next = api ? await api.backendView(member, since === undefined ? { bucket } : { bucket, sinceEvent: since }).catch(() => undefined) : undefined;
      if (stopped) return;
      if (next) {
        if (since !== undefined) setTally((t) => count(t, next.events, bucket));
        since = next.lastEvent;
        ctl.current?.update(btreeLayout(next, { width: WIDTH }, prev));
        prev = next;
      }
      setView(next);
      timer = setTimeout(() => void once(), 700);
    };
    void once();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [member, bucket]);

  const defrag = async (): Promise<void> => {
    setBusy('defragmenting…');
    const r = await window.etcdscope?.etcdctl(`defrag --endpoints=${endpointOf(member)}`);
    setBusy(r ? (r.stdout || r.stderr).trim() : '');
  };

  const s = view?.stats;
  return (
    <div className="btree-tab" data-testid="btree-tab">
      <div className="btree-bar">
        <label>
          bucket{' '}
          <select value={bucket} onChange={(e) => setBucket(e.target.value as BucketName)} data-testid="btree-bucket">
            {BUCKETS.map((b) => (
              <option key={b} value={b}>
                {b}
                {view ? ` (${view.buckets.find((x) => x.name === b)?.keys ?? 0} keys)` : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void defrag()} data-testid="btree-defrag" title={`etcdctl defrag --endpoints=${endpointOf(member)}`}>
          Defrag {member}
        </button>
        {busy && <span className="caption" role="status">{busy}</span>}
      </div>
      {s && (
        <dl className="btree-numbers" data-testid="btree-numbers">
          <div><dt>db size</dt><dd data-testid="btree-dbsize">{formatBytes(s.dbSize)}</dd></div>
          <div><dt>in use</dt><dd data-testid="btree-inuse">{formatBytes(s.dbSizeInUse)}</dd></div>
          <div><dt>free pages</dt><dd data-testid="btree-free">{s.freePages}</dd></div>
          <div><dt>freelist</dt><dd>{s.freelistPages} page{s.freelistPages === 1 ? '' : 's'}</dd></div>
          <div><dt>pages, all buckets</dt><dd data-testid="btree-pages">{s.branchPages} branch · {s.leafPages} leaf{s.overflowPages ? ` · ${s.overflowPages} overflow` : ''}</dd></div>
          <div><dt>depth</dt><dd data-testid="btree-depth">{view.depth}</dd></div>
        </dl>
      )}
      <p className="caption btree-events" data-testid="btree-events" aria-live="polite">
        Since you opened this tab: {tally.commits} commit{tally.commits === 1 ? '' : 's'}, <span className="btree-split-key" /> {tally.splits} split
        {tally.splits === 1 ? '' : 's'} ({tally.leafSplits} leaf), {tally.merges} merge{tally.merges === 1 ? '' : 's'}
        {tally.lastDefrag ? ` · defrag: ${formatBytes(tally.lastDefrag.before)} → ${formatBytes(tally.lastDefrag.after)}` : ''}
      </p>
      <div ref={host} className="btree-host" />
      <p className="caption">
        {bucket === 'key' ? 'Leaves hold revision keys main.sub (t: a tombstone), sorted; each value is the key-value at that revision. ' : ''}
        Blue: branch pages, green: leaf pages; the bar is how full a page is. A page that outgrows its {s ? formatBytes(s.pageSize) : 'page'} splits (vermillion); a write
        copies the path from the root into new pages (blue flash), the old ones join the freelist until defrag rewrites the file compactly.
      </p>
    </div>
  );
}
