import { useStore } from 'zustand';
import type { ClusterStore } from '../store/cluster-store';

/** The latest notable events (elections, kills, restarts), newest first. */
export function EventLog({ store }: { store: ClusterStore }) {
  const events = useStore(store, (s) => s.events);
  // While the timeline looks back, only what had happened by then.
  const until = useStore(store, (s) => s.viewTick);
  return (
    <section className="panel" aria-labelledby="events-title">
      <header className="panel-head">
        <h2 id="events-title">What just happened</h2>
      </header>
      <ol className="events" data-testid="events">
        {events.filter((e) => until === null || e.tick <= until).reverse().slice(0, 12).map((e, i) => (
          <li key={`${e.tick}-${i}`}>
            <span className="event-tick">tick {e.tick}</span> {e.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
