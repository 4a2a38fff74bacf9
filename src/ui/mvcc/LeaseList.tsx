import type { MvccView } from '../../server/mvcc-view';

/**
 * The member's leases: ID as etcdctl prints it (hex), a bar of the time left (counted down on
 * the leader, the only member that expires leases), and the keys that go when it expires.
 */
export function LeaseList({ view }: { view: MvccView }) {
  if (view.leases.length === 0) return <p className="mvcc-empty">No leases. Try <code>lease grant 30</code>, then <code>put --lease=ID k v</code>.</p>;
  return (
    <ul className="mvcc-leases">
      {view.leases.map((l) => {
        const left = l.remainingMs;
        const frac = left === undefined ? 1 : Math.min(1, left / (l.ttl * 1000));
        return (
          <li key={String(l.id)} className="mvcc-lease" data-testid="mvcc-lease">
            <div className="mvcc-lease-head">
              <code>{l.id.toString(16)}</code>
              <span className="mvcc-lease-ttl">{left === undefined ? `TTL ${l.ttl} s (counted on the leader)` : `${Math.ceil(left / 1000)} s left of ${l.ttl}`}</span>
            </div>
            <div className="mvcc-lease-bar" role="meter" aria-valuemin={0} aria-valuemax={l.ttl} aria-valuenow={left === undefined ? l.ttl : Math.ceil(left / 1000)} aria-label="time left">
              <span style={{ width: `${(frac * 100).toFixed(1)}%` }} className={left === undefined ? 'unknown' : frac < 0.25 ? 'low' : ''} />
            </div>
            <p className="mvcc-lease-keys">{l.keys.length === 0 ? 'no keys attached' : `keys: ${l.keys.join(', ')}`}</p>
          </li>
        );
      })}
    </ul>
  );
}
