import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { selectLeader, type ClusterStore } from '../store/cluster-store';
import { createRingView, type RingView } from '../viz/ring-view';
import type { ClusterDriver } from './driver';
import { LinkToolbar } from './LinkToolbar';
import { MemberMenu, type MenuAnchor } from './MemberMenu';
import { MessageInspector } from './MessageInspector';
import { SLOW_LINK_MS } from './raft-controls';
import './raft.css';
import { Term } from './glossary/Term';

/**
 * The cluster ring panel: mounts the d3 ring controller and feeds it every snapshot; a click on
 * a member opens its menu, a click on a link cuts or restores it.
 */
export function RingPanel({ store, onSelect, driver }: { store: ClusterStore; onSelect: (id: number) => void; driver?: ClusterDriver }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<RingView | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const driverRef = useRef(driver);
  driverRef.current = driver;
  const [menu, setMenu] = useState<MenuAnchor | null>(null);
  const [picked, setPicked] = useState<number | undefined>();

  useEffect(() => {
    const v = createRingView({
      el: host.current!,
      onSelect: (id) => onSelectRef.current(id),
      onActivate: (id, anchor) => {
        const box = host.current!.getBoundingClientRect();
        const r = anchor.getBoundingClientRect();
        setMenu((m) => (m?.id === id ? null : { id, x: Math.min(r.right - box.left + 6, box.width - 250), y: Math.max(0, r.top - box.top) }));
      },
      onToggleLink: (a, b) => driverRef.current?.raft?.toggleLink(a, b),
      onPickMessage: (key) => {
        const d = driverRef.current;
        if (!d?.raft) return;
        d.setPaused(true);
        setPicked(Number(key));
      },
      onGroups: (groups) => driverRef.current?.raft?.setGroups(groups),
    });
    view.current = v;
    const draw = (s: ReturnType<ClusterStore['getState']>) => v.update(s.members, s.messages, s.tick, s.links, s.groups);
    draw(store.getState());
    const unsubscribe = store.subscribe(draw);
    return () => {
      unsubscribe();
      v.destroy();
      view.current = null;
    };
  }, [store]);

  useEffect(() => view.current?.select(picked === undefined ? undefined : String(picked)), [picked]);
  const tick = useStore(store, (s) => s.tick);
  const paused = useStore(store, (s) => s.paused);
  const rate = useStore(store, (s) => s.messageRate);
  const menuMember = useStore(store, (s) => (menu ? s.members.find((m) => m.id === menu.id) : undefined));
  const leader = useStore(store, selectLeader);
  const isolated = useStore(store, (s) => (menu && s.groups && s.groups.length > 1 ? s.groups.some((g) => g.length === 1 && g[0] === menu.id) || !s.groups.some((g) => g.includes(menu.id)) : false));
  const slowed = useStore(store, (s) => (menu ? (s.links ?? []).some((l) => (l.a === menu.id || l.b === menu.id) && l.delayMs >= SLOW_LINK_MS) : false));
  const close = useCallback(() => {
    setMenu(null);
    host.current?.querySelector<SVGGElement>(`g.member:focus`)?.focus();
  }, []);

  return (
    <section className="panel ring-panel" aria-labelledby="ring-title">
      <header className="panel-head">
        <h2 id="ring-title">Cluster</h2>
        <p className="caption">
          <Term id="member">Members</Term> elect a <Term id="leader">leader</Term>; the arc around a <Term id="follower">follower</Term> is its randomized <Term id="election-timeout">election timeout</Term> draining. Click a member for its menu, a link to cut it, a message to inspect it; drag a member away to partition it.
        </p>
      </header>
      <div className={picked !== undefined || paused ? 'ring-wrap inspecting' : 'ring-wrap'}>
        <div ref={host} className="ring-host" />
        {driver?.raft && <MessageInspector store={store} driver={driver} picked={picked} onPick={setPicked} />}
        {menu && menuMember && driver && <MemberMenu member={menuMember} leader={leader} slowed={slowed} isolated={isolated} driver={driver} anchor={menu} onClose={close} />}
      </div>
      {driver && <LinkToolbar driver={driver} />}
      <p className="ring-foot">
        <span className="legend" aria-label="message glyphs">
          <span className="g-app">●</span> append/heartbeat <span className="g-vote">◆</span> vote <span className="g-prevote">◆</span> pre-vote (dashed) <span className="g-snap">■</span> snapshot <span className="g-tn">▲</span> timeout-now · hollow = response, ✗ = rejected
        </span>
        <span className="tick" data-testid="tick">
          {rate && rate.perSecond > 0 ? `${rate.perSecond} msg/s${rate.sampled ? ', a sample drawn' : ''} · ` : ''}tick {tick}
        </span>
      </p>
      <p className="caption slow-note">Each message is drawn for at least 300 ms so you can follow it; the real bus delivers in a few ms.</p>
    </section>
  );
}
