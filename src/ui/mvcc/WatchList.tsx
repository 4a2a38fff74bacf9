import type { MvccView, WatchInfoView } from '../../server/mvcc-view';

/** What a watch reaches, as etcdctl would be asked for it. */
function reach(w: WatchInfoView): string {
  switch (w.range) {
    case 'key':
      return w.key;
    case 'prefix':
      return `${w.key}* (prefix)`;
    case 'from-key':
      return `${w.key}… (from key)`;
    case 'range':
      return `[${w.key}, ${w.rangeEnd ?? ''})`;
  }
}

/**
 * The member's watchers: what each watches, the revision it started from, the next revision it
 * will be sent, and whether it is live (synced) or still replaying history (unsynced).
 */
export function WatchList({ view }: { view: MvccView }) {
  if (view.watches.length === 0) return <p className="mvcc-empty">No watches on this member. Try <code>watch --prefix service/</code> in a second console tab.</p>;
  return (
    <table className="mvcc-watches">
      <thead>
        <tr>
          <th scope="col">watching</th>
          <th scope="col" className="num">from rev</th>
          <th scope="col" className="num">next rev</th>
          <th scope="col">state</th>
        </tr>
      </thead>
      <tbody>
        {view.watches.map((w) => (
          <tr key={w.id} data-testid="mvcc-watch">
            <td className="mvcc-watch-key">{reach(w)}</td>
            <td className="num">{w.startRevision}</td>
            <td className="num">{w.nextRevision}</td>
            <td>{w.synced ? 'live' : 'catching up'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
