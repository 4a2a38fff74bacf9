import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { createClusterStore } from '../store/cluster-store';
import { createSimDriver } from './sim-driver';
import { createWorkerDriver } from './worker-driver';
import { parseDurability, type Durability } from '../cluster/layout';
import { RingPanel } from './RingPanel';
import { MemberTable } from './MemberTable';
import { EventLog } from './EventLog';
import { ConsolePanel } from './console/ConsolePanel';
import { createConsoleStore } from '../store/console-store';
import { createMvccStore } from '../store/mvcc-store';
import { MvccPanel } from './mvcc/MvccPanel';
import { RaftLogPanel } from './RaftLogPanel';
import { ChaosButton } from './chaos/ChaosButton';
import { TopBar } from './shell/TopBar';
import { ConsoleDock } from './shell/ConsoleDock';
import { Timeline } from './timeline/Timeline';
import { PastBanner } from './timeline/PastBanner';
import { GlossaryPanel } from './glossary/GlossaryPanel';
import { StatusPanel } from './shell/StatusPanel';
import { ShortcutHelp } from './shortcuts/ShortcutHelp';
import { useShortcuts } from './shortcuts/useShortcuts';
import './shell/shell.css';
import { LessonsMenu } from './lessons/LessonsMenu';
import { LessonCard } from './lessons/LessonCard';

/** localStorage when the page may use it (the console persists its histories there). */
function pageStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Reads the seed, member count and engine from the URL (`?seed=7&members=5`, `?engine=sim`), so a
 * run can be shared. The default engine is the real cluster (one Web Worker per member).
 */
function readParams(): { seed: number; members: number; engine: 'workers' | 'sim'; durability?: Durability } {
  const q = new URLSearchParams(window.location.search);
  const seed = Number(q.get('seed') ?? '1');
  const members = Number(q.get('members') ?? '3');
  return {
    seed: Number.isFinite(seed) ? seed : 1,
    members: [1, 3, 5, 7].includes(members) ? members : 3,
    engine: q.get('engine') === 'sim' ? 'sim' : 'workers',
    ...(parseDurability(q.get('durability')) ? { durability: parseDurability(q.get('durability'))! } : {}),
  };
}

/** The etcdscope page. */
export function App() {
  const params = useMemo(readParams, []);
  const store = useMemo(createClusterStore, []);
  const driver = useMemo(() => (params.engine === 'sim' ? createSimDriver(store, params) : createWorkerDriver(store, params)), [store, params]);
  const [selected, setSelected] = useState(0);
  const consoleStore = useMemo(() => createConsoleStore(pageStorage()), []);
  const mvccStore = useMemo(createMvccStore, []);

  useEffect(() => {
    driver.start();
    return () => driver.stop();
  }, [driver]);

  const past = useStore(store, (s) => s.viewTick !== null);
  const [help, setHelp] = useState(false);
  useShortcuts({ store, driver, selected, onSelect: setSelected, helpOpen: help, setHelpOpen: setHelp });

  return (
    <div className={past ? 'app shell viewing-past' : 'app shell'}>
      <TopBar
        store={store}
        driver={driver}
        tagline={params.engine === 'sim' ? 'a real Raft cluster, simulated tick by tick' : 'a real etcd cluster, one Web Worker per member'}
        lessons={<LessonsMenu console={consoleStore} />}
        chaos={<ChaosButton chaos={driver.chaos} />}
        onHelp={() => setHelp(true)}
      />
      <div className="stage" data-testid="stage">
        <PastBanner store={store} driver={driver} />
        <main className="layout">
          <RingPanel store={store} onSelect={setSelected} driver={driver} />
          <div className="side">
            <LessonCard console={consoleStore} />
            <StatusPanel store={store} driver={driver} />
            <MvccPanel store={mvccStore} cluster={store} console={consoleStore} selected={selected} />
            <MemberTable store={store} driver={driver} selected={selected} />
            <EventLog store={store} />
          </div>
        </main>
        <RaftLogPanel store={store} />
      </div>
      <ConsoleDock>
        <ConsolePanel store={consoleStore} cluster={store} selected={selected} />
      </ConsoleDock>
      <Timeline store={store} />
      <GlossaryPanel />
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
