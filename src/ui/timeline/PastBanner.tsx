import { useStore } from 'zustand';
import type { ClusterStore } from '../../store/cluster-store';
import type { ClusterDriver } from '../driver';

/**
 * The banner over the panels while the learner looks back with the timeline: which tick the
 * panels show, that the live cluster keeps running, and the way back. With a deterministic
 * engine (the simulator) it also offers to resume the cluster from that tick.
 */
export function PastBanner({ store, driver }: { store: ClusterStore; driver?: ClusterDriver }) {
  const viewTick = useStore(store, (s) => s.viewTick);
  const liveTick = useStore(store, (s) => s.liveTick);
  if (viewTick === null) return null;
  return (
    <div className="past-banner" role="status" data-testid="past-banner">
      <p>
        <strong>Viewing the past at tick {viewTick}</strong> — the ring, the members and the raft log show that moment; the live cluster is at tick {liveTick} and keeps running (buttons act on it).
      </p>
      <div className="past-actions">
        {driver?.resumeFrom && (
          <button type="button" className="secondary" onClick={() => driver.resumeFrom!(viewTick)} data-testid="resume-from-here" title="Replay the seed to this tick and run on from here; what came after is forgotten">
            Resume from here
          </button>
        )}
        <button type="button" onClick={() => store.getState().viewPast(null)} data-testid="back-to-live">
          Back to live
        </button>
      </div>
    </div>
  );
}
