import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { ClusterStore, MemberView } from '../../store/cluster-store';
import type { ConsoleStore } from '../../store/console-store';
import type { MvccStore } from '../../store/mvcc-store';
import { startMvccPolling } from './mvcc-poller';
import { pageMvccSource, type MvccViewSource } from './view-source';
import { RevisionTimeline } from './RevisionTimeline';
import { KeyGenerations } from './KeyGenerations';
import { LeaseList } from './LeaseList';
import { WatchList } from './WatchList';
import { BtreeTab } from './BtreeTab';
import './mvcc.css';
import { Term } from '../glossary/Term';

/** The panel's tabs. */
type Tab = 'keys' | 'revisions' | 'btree' | 'leases';
const TABS: { id: Tab; label: string }[] = [
  { id: 'keys', label: 'Keys' },
  { id: 'revisions', label: 'Revisions' },
  { id: 'btree', label: 'B+tree' },
  { id: 'leases', label: 'Watch & lease' },
];

/** Props of {@link MvccPanel}. */
export interface MvccPanelProps {
  store: MvccStore;
  cluster: ClusterStore;
  console: ConsoleStore;
  /** Raft id of the member selected in the ring (0: none, the leader is shown). */
  selected: number;
  source?: MvccViewSource;
}

/** The member the panel shows: the selected one, else the leader, else the first. */
function shownMember(members: readonly MemberView[], selected: number): MemberView | undefined {
  return members.find((m) => m.id === selected) ?? members.find((m) => m.role === 'leader') ?? members[0];
}

/** Left/Right arrows move between the tabs (the ARIA tabs pattern). */
function onTabKey(e: KeyboardEvent<HTMLDivElement>, tab: Tab, setTab: (t: Tab) => void): void {
  if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
  const i = TABS.findIndex((t) => t.id === tab);
  const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!.id;
  setTab(next);
  document.getElementById(`mvcc-tab-${next}`)?.focus();
  e.preventDefault();
}

/** What the panel says while it has no picture of the member. */
function waitingText(member: MemberView | undefined): string {
  if (typeof window !== 'undefined' && window.etcdscope === undefined) return 'The MVCC view reads the worker cluster: open the page without ?engine=sim.';
  if (!member) return 'Waiting for the cluster.';
  if (member.role === 'corrupt') return `${member.name} refused to start: its data is corrupt. Wipe and rejoin it from its menu.`;
  if (member.role === 'stopped') return `${member.name} is not running. Its MVCC store lives in its worker; a restart rebuilds it from its IndexedDB.`;
  return `Asking ${member.name} for its MVCC store…`;
}

/**
 * The MVCC side of a member: its revision counter and compaction line, the revision timeline,
 * every key's generations, its leases. Polls the member a few times a second.
 */
export function MvccPanel({ store, cluster, console: consoleStore, selected, source = pageMvccSource }: MvccPanelProps) {
  const [tab, setTab] = useState<Tab>('revisions');
  const members = useStore(cluster, (s) => s.members);
  const member = shownMember(members, selected);
  const memberRef = useRef<string | null>(null);
  memberRef.current = member?.name ?? null;
  const view = useStore(store, (s) => s.view);
  const shownName = useStore(store, (s) => s.member);
  const selectedKey = useStore(consoleStore, (s) => s.selectedKey);

  useEffect(
    () => startMvccPolling({ store, source, member: () => memberRef.current, focusKey: () => consoleStore.getState().selectedKey }),
    [store, source, consoleStore],
  );
  // a key clicked in the console (or the timeline) opens the Keys tab
  useEffect(() => {
    if (selectedKey !== null) setTab('keys');
  }, [selectedKey]);

  const who = member ? `${member.name}${member.role === 'leader' ? ' (the leader)' : ''}` : 'a member';
  const onKey = useMemo(
    () => (key: string) => {
      consoleStore.getState().selectKey(key);
      setTab('keys');
    },
    [consoleStore],
  );
  const fresh = view !== null && shownName === member?.name;

  return (
    <section className="panel mvcc" data-testid="mvcc-panel" aria-labelledby="mvcc-title">
      <div className="mvcc-top">
        <div className="panel-head mvcc-head">
          <h2 id="mvcc-title"><Term id="mvcc">MVCC</Term> store</h2>
        </div>
        <div className="mvcc-numbers">
          <p className="mvcc-number">
            <span className="mvcc-number-label">revision</span>
            <span className="mvcc-number-value" data-testid="mvcc-revision">{fresh ? view.revision : '–'}</span>
          </p>
          <p className="mvcc-number">
            <span className="mvcc-number-label">compacted at</span>
            <span className={fresh && view.compactRevision === 0 ? 'mvcc-number-value mvcc-small' : 'mvcc-number-value mvcc-compact'} data-testid="mvcc-compact-revision">
              {fresh ? (view.compactRevision > 0 ? view.compactRevision : 'never') : '–'}
            </span>
          </p>
          <p className="mvcc-number">
            <span className="mvcc-number-label">keys</span>
            <span className="mvcc-number-value mvcc-count">{fresh ? view.totalKeys : '–'}</span>
          </p>
        </div>
      </div>
      <p className="caption mvcc-caption">
        What <strong>{who}</strong> stores: each write makes a new <Term id="revision">revision</Term>, a delete leaves a <Term id="tombstone">tombstone</Term>, a{' '}
        <Term id="compaction">compaction</Term> drops old history. Click a member to see its copy.
      </p>
      <div className="mvcc-tabs" role="tablist" aria-label="MVCC views" onKeyDown={(e) => onTabKey(e, tab, setTab)}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`mvcc-tab-${t.id}`}
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            aria-controls="mvcc-tabpanel"
            className={tab === t.id ? 'mvcc-tab active' : 'mvcc-tab'}
            data-testid={`mvcc-tab-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="mvcc-body" role="tabpanel" id="mvcc-tabpanel" aria-labelledby={`mvcc-tab-${tab}`}>
        {tab === 'btree' && member && member.role !== 'stopped' ? (
          <BtreeTab member={member.name} />
        ) : !fresh ? (
          <p className="mvcc-empty" data-testid="mvcc-waiting">{waitingText(member)}</p>
        ) : tab === 'revisions' ? (
          <RevisionTimeline store={store} onKey={onKey} />
        ) : tab === 'keys' ? (
          <KeyGenerations view={view} selectedKey={selectedKey} onKey={onKey} />
        ) : (
          <div className="mvcc-watch-lease">
            <h3 className="mvcc-sub-title">Watches</h3>
            <WatchList view={view} />
            <h3 className="mvcc-sub-title">Leases</h3>
            <LeaseList view={view} />
          </div>
        )}
      </div>
    </section>
  );
}
