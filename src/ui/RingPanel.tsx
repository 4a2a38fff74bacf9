import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { ClusterStore } from '../store/cluster-store';
import { createRingView, type RingView } from '../viz/ring-view';

/** The cluster ring panel: mounts the d3 ring controller and feeds it every snapshot. */
export function RingPanel({ store, onSelect }: { store: ClusterStore; onSelect: (id: number) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<RingView | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    const v = createRingView({ el: host.current!, onSelect: (id) => onSelectRef.current(id) });
    view.current = v;
    const draw = (s: ReturnType<ClusterStore['getState']>) => v.update(s.members, s.messages, s.tick);
    draw(store.getState());
    const unsubscribe = store.subscribe(draw);
    return () => {
      unsubscribe();
      v.destroy();
      view.current = null;
    };
  }, [store]);

  const tick = useStore(store, (s) => s.tick);
  return (
    <section className="panel ring-panel" aria-labelledby="ring-title">
      <header className="panel-head">
        <h2 id="ring-title">Cluster</h2>
        <p className="caption">Members elect a leader; dots are raft messages on the wire. The arc around a follower is its election timeout draining.</p>
      </header>
      <div ref={host} className="ring-host" />
      <p className="tick" data-testid="tick">tick {tick}</p>
    </section>
  );
}
