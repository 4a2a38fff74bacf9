import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { createClusterStore, selectLeader } from '../store/cluster-store';
import { createSimDriver } from './sim-driver';
import { createWorkerDriver } from './worker-driver';
import { RingPanel } from './RingPanel';
import { MemberTable } from './MemberTable';
import { EventLog } from './EventLog';
import { ConsolePanel } from './console/ConsolePanel';
import { createConsoleStore } from '../store/console-store';
import { createMvccStore } from '../store/mvcc-store';
import { MvccPanel } from './mvcc/MvccPanel';
import { RaftLogPanel } from './RaftLogPanel';
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
function readParams(): { seed: number; members: number; engine: 'workers' | 'sim' } {
  const q = new URLSearchParams(window.location.search);
  const seed = Number(q.get('seed') ?? '1');
  const members = Number(q.get('members') ?? '3');
  return {
    seed: Number.isFinite(seed) ? seed : 1,
    members: [1, 3, 5, 7].includes(members) ? members : 3,
    engine: q.get('engine') === 'sim' ? 'sim' : 'workers',
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

  const leader = useStore(store, selectLeader);
  const paused = useStore(store, (s) => s.paused);

  return (
    <div className="app">
      <header className="topbar">
        <h1>etcdscope</h1>
        <LessonsMenu console={consoleStore} />
        <p className="tagline">
          {params.engine === 'sim'
            ? 'a real Raft cluster, simulated tick by tick — watch it, then break it'
            : 'a real etcd cluster, one Web Worker per member — watch it, then break it'}
        </p>
        <div className="controls">
          <button type="button" onClick={() => driver.setPaused(!paused)} data-testid="pause">
            {paused ? 'Resume' : 'Pause'}
          </button>
        </div>
      </header>
      <main className="layout">
        <RingPanel store={store} onSelect={setSelected} driver={driver} />
        <div className="side">
          <LessonCard console={consoleStore} />
          <section className="panel status" aria-live="polite">
            <p className="big" data-testid="leader">
              {leader ? <>Leader: <strong>{leader.name}</strong>, term <strong>{leader.term}</strong></> : 'No leader yet: an election is under way'}
            </p>
            <p className="hint">
              {leader ? `Try killing the leader (${leader.name}): the others will elect a new one.` : 'Followers whose timeout runs out become candidates and ask for votes.'}
            </p>
          </section>
          <MvccPanel store={mvccStore} cluster={store} console={consoleStore} selected={selected} />
          <MemberTable store={store} driver={driver} selected={selected} />
          <EventLog store={store} />
        </div>
      </main>
      <RaftLogPanel store={store} />
      <ConsolePanel store={consoleStore} cluster={store} selected={selected} />
    </div>
  );
}
