import { useStore } from 'zustand';
import { selectLeader, type ClusterStore } from '../../store/cluster-store';
import type { ClusterDriver } from '../driver';
import { Term } from '../glossary/Term';

/**
 * The big status line: who leads, in which term, and the one obvious next thing to try (kill the
 * leader and watch the others elect a new one), as a button.
 */
export function StatusPanel({ store, driver }: { store: ClusterStore; driver: ClusterDriver }) {
  const leader = useStore(store, selectLeader);
  const past = useStore(store, (s) => s.viewTick !== null);
  const stopped = useStore(store, (s) => s.members.filter((m) => m.role === 'stopped').map((m) => m.name).join(', '));
  return (
    <section className="panel status" aria-live="polite">
      <p className="big" data-testid="leader">
        {leader ? (
          <>
            Leader: <strong>{leader.name}</strong>, <Term id="term">term</Term> <strong>{leader.term}</strong>
          </>
        ) : (
          'No leader yet: an election is under way'
        )}
      </p>
      <div className="hint-row">
        <p className="hint">
          {leader
            ? stopped
              ? `${stopped} ${stopped.includes(',') ? 'are' : 'is'} down; the rest still form a quorum. Restart it from the member table or its menu (r).`
              : `Try killing the leader (${leader.name}): the others will elect a new one.`
            : 'Followers whose timeout runs out become candidates and ask for votes.'}
        </p>
        {leader && !stopped && !past && (
          <button type="button" className="hint-action" onClick={() => driver.kill(leader.id)} data-testid="hint-kill-leader">
            Kill {leader.name}
          </button>
        )}
      </div>
    </section>
  );
}
