import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ClusterStore } from '../store/cluster-store';
import type { ClusterDriver } from './driver';
import type { InFlightMessage } from './raft-controls';

/** What the inspector shows: a message on the bus, or one the ring still draws but the bus already delivered. */
type Shown = { kind: 'bus'; msg: InFlightMessage } | { kind: 'gone'; id: number; label: string };

/**
 * The message inspector under the ring. Clicking a message pauses the cluster and shows its
 * raft fields with "Drop this message" (the bus really drops it: reason 'by-hand') and Resume.
 * While the cluster is paused it also lists every message still on the bus, so the keyboard
 * reaches them without chasing glyphs.
 */
export function MessageInspector({ store, driver, picked, onPick }: { store: ClusterStore; driver: ClusterDriver; picked: number | undefined; onPick: (id: number | undefined) => void }) {
  const raft = driver.raft!;
  const paused = useStore(store, (s) => s.paused);
  const names = useStore(store, (s) => s.members);
  const [list, setList] = useState<InFlightMessage[]>([]);
  const [shown, setShown] = useState<Shown | undefined>();
  const [note, setNote] = useState('');

  const refresh = useCallback(() => setList(raft.inFlight()), [raft]);
  useEffect(() => {
    if (paused) refresh();
  }, [paused, refresh]);

  useEffect(() => {
    if (picked === undefined) return setShown(undefined);
    const msg = raft.inspect(picked);
    if (msg) return setShown({ kind: 'bus', msg });
    const drawn = store.getState().messages.find((m) => m.key === String(picked));
    const name = (id: number): string => names.find((m) => m.id === id)?.name ?? String(id);
    setShown({ kind: 'gone', id: picked, label: drawn ? `${drawn.type} ${name(drawn.from)} → ${name(drawn.to)}` : `message ${picked}` });
  }, [picked, raft, store, names]);

  if (!paused && picked === undefined) return null;

  const drop = (id: number): void => {
    const ok = raft.drop(id);
    setNote(ok ? 'Dropped: it fades where it died; the sender will retry or time out.' : 'Too late: it already arrived.');
    refresh();
    onPick(undefined);
  };
  const resume = (): void => {
    onPick(undefined);
    setNote('');
    driver.setPaused(false);
  };

  return (
    <section className="msg-inspector" aria-label="Message inspector" data-testid="msg-inspector">
      <div className="msg-inspector-head">
        <strong>Messages on the bus</strong>
        <span className="caption">cluster paused · {list.length} in flight</span>
        <button type="button" onClick={() => { raft.step(); refresh(); }} data-testid="inspector-step" title="advance cluster time to the next tick">
          Step
        </button>
        <button type="button" onClick={resume} data-testid="inspector-resume">
          Resume
        </button>
      </div>
      {shown?.kind === 'bus' && (
        <div className="msg-fields" data-testid="msg-fields">
          <dl>
            {shown.msg.fields.map((f) => (
              <div key={f.name}>
                <dt>{f.name}</dt>
                <dd data-testid={`field-${f.name}`}>{f.value}</dd>
              </div>
            ))}
          </dl>
          <p className="caption">
            on the bus for {Math.max(0, Math.round(shown.msg.deliverAt - shown.msg.sentAt))} ms of cluster time{shown.msg.lost ? '; the bus already drew it as lost' : ''}
          </p>
          <button type="button" className="danger" onClick={() => drop(shown.msg.id)} data-testid="drop-message">
            Drop this message
          </button>
        </div>
      )}
      {shown?.kind === 'gone' && (
        <p className="caption" data-testid="msg-gone">
          {shown.label} already arrived: the ring draws each flight for at least 300 ms, the bus delivers in a few ms. Add latency to a member to catch messages in flight, or pick one below.
        </p>
      )}
      {note && <p className="caption" role="status">{note}</p>}
      <ul className="msg-list" aria-label="Messages in flight">
        {list.slice(0, 40).map((m) => (
          <li key={m.id}>
            <button type="button" aria-pressed={picked === m.id} onClick={() => onPick(m.id)} data-testid="inflight-item">
              <span className="mono">{m.type}</span> {m.from} → {m.to} · term {m.fields.find((f) => f.name === 'term')?.value}
            </button>
          </li>
        ))}
        {list.length > 40 && <li className="caption">and {list.length - 40} more</li>}
        {list.length === 0 && <li className="caption">Nothing in flight right now: Step advances cluster time by one tick.</li>}
      </ul>
    </section>
  );
}
