import { useEffect, useRef } from 'react';
import type { MemberView } from '../store/cluster-store';
import type { ClusterDriver } from './driver';
import './storage.css';

/** Where the menu opens, relative to the ring panel. */
export interface MenuAnchor {
  id: number;
  x: number;
  y: number;
}

interface Item {
  key: string;
  label: string;
  hint: string;
  disabled?: boolean;
  run: () => void;
}

/**
 * The member menu: a small popover next to a clicked (or Enter-activated) member with the
 * faults a learner can inject. Arrow keys move between items, Escape closes, focus returns to
 * the ring.
 */
export function MemberMenu({ member, leader, slowed, isolated = false, driver, anchor, onClose }: { member: MemberView; leader: MemberView | undefined; slowed: boolean; isolated?: boolean; driver: ClusterDriver; anchor: MenuAnchor; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const away = (e: PointerEvent): void => {
      if (ref.current && !ref.current.contains(e.target as Node) && !(e.target as Element).closest?.('g.member')) onClose();
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [anchor.id, onClose]);

  const corrupt = member.role === 'corrupt';
  const stopped = member.role === 'stopped' || corrupt;
  const raft = driver.raft;
  const items: Item[] = [];
  if (corrupt && raft) {
    items.push({ key: 'wipe', label: 'Wipe and rejoin', hint: "its data is corrupt: delete it; it rejoins as a new member with the leader's data", run: () => void raft.wipe(member.id) });
  } else {
    items.push(
      stopped
        ? { key: 'restart', label: 'Restart', hint: 'a new worker recovers from IndexedDB', run: () => driver.restart(member.id) }
        : { key: 'kill', label: 'Kill', hint: 'terminate its worker; its disk stays', run: () => driver.kill(member.id) },
    );
  }
  if (raft) {
    if (!corrupt) items.push({ key: 'wipe', label: 'Wipe disk', hint: 'delete its data; it rejoins as a new member', run: () => void raft.wipe(member.id) });
    items.push(
      {
        key: 'transfer',
        label: 'Transfer leadership here',
        hint: leader ? `${leader.name} sends MsgTimeoutNow; it campaigns at once` : 'needs a leader',
        disabled: stopped || !leader || leader.id === member.id,
        run: () => void raft.transferLeadership(member.id),
      },
      {
        key: 'campaign',
        label: 'Force campaign',
        hint: 'teaching action (no etcd API): it asks for votes now, at term ' + (member.term + 1),
        disabled: stopped || member.role === 'leader',
        run: () => void raft.campaign(member.id),
      },
      {
        key: 'isolate',
        label: isolated ? 'Rejoin the others' : 'Partition it off',
        hint: isolated ? 'back into the largest group' : 'a group of its own, like dragging it away',
        run: () => raft.toggleIsolated(member.id),
      },
      { key: 'latency', label: slowed ? 'Remove latency' : 'Add latency', hint: slowed ? 'its links go back to a few ms' : 'every link of it takes 250 ms', run: () => raft.toggleLatency(member.id) },
    );
  }

  function onKey(e: React.KeyboardEvent): void {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length;
      buttons[next]?.focus();
    }
  }

  return (
    <div ref={ref} className="member-menu" role="menu" aria-label={`${member.name} actions`} style={{ left: anchor.x, top: anchor.y }} onKeyDown={onKey} data-testid="member-menu">
      <p className="member-menu-title">
        <strong>{member.name}</strong> · {member.role}{corrupt ? '' : ` · term ${member.term}`}
      </p>
      {corrupt && member.error && <p className="member-menu-error" data-testid="menu-error">{member.error}</p>}
      {items.map((it) => (
        <button
          key={it.key}
          type="button"
          role="menuitem"
          disabled={it.disabled}
          data-testid={`menu-${it.key}`}
          onClick={() => {
            it.run();
            onClose();
          }}
        >
          <span className="menu-label">{it.label}</span>
          <span className="menu-hint">{it.hint}</span>
        </button>
      ))}
    </div>
  );
}
