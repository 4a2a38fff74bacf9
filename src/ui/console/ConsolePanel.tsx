import '@fontsource/jetbrains-mono/400.css';
import '@fontsource/jetbrains-mono/600.css';
import './console.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ClusterClient } from '../../console/index';
import type { ClusterStore } from '../../store/cluster-store';
import type { ConsoleStore } from '../../store/console-store';
import { selectActiveTab, tabText } from '../../store/console-store';
import { pageClusterClient } from './client-source';
import { ConsoleController } from './console-controller';
import { ConsoleOutput } from './ConsoleOutput';
import { ConsolePrompt } from './ConsolePrompt';
import { ConsoleTabs } from './ConsoleTabs';
import { DEFAULT_ENDPOINT, endpointOfMember } from './endpoint';
import { copyText, downloadFile } from './clipboard';

/** What the docked console panel needs from the page. */
export interface ConsolePanelProps {
  store: ConsoleStore;
  cluster: ClusterStore;
  /** Raft id of the member selected in the ring (0: none, etcdctl's default endpoint). */
  selected: number;
  /** The cluster client (default: the page's worker cluster via window.etcdscope). */
  client?: () => Promise<ClusterClient>;
}

/** True when a key event comes from a place that types text (so `/` must not be stolen). */
function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * The etcdctl console docked under the panels: tabs of separate shells, the endpoint it talks
 * to, Stop / Copy / Clear, the scrollback and the prompt. `/` focuses it from anywhere.
 */
export function ConsolePanel({ store, cluster, selected, client = pageClusterClient }: ConsolePanelProps) {
  const controller = useMemo(() => new ConsoleController({ store, client, onSnapshotSaved: downloadFile }), [store, client]);
  const inputRef = useRef<HTMLInputElement>(null);
  const tab = useStore(store, selectActiveTab);
  const tabs = useStore(store, (s) => s.tabs);
  const knownKeys = useStore(store, (s) => s.knownKeys);
  const selectedKey = useStore(store, (s) => s.selectedKey);
  const scripted = useStore(store, (s) => s.typing[0]);
  const lessonEndpoints = useStore(store, (s) => s.lessonEndpoints);
  // Primitives only: the cluster store publishes new member objects every frame, and a new
  // object here would re-render the whole console (and its scroll layout) at 60 Hz.
  const memberName = useStore(cluster, (s) => s.members.find((m) => m.id === selected)?.name);
  const memberStopped = useStore(cluster, (s) => s.members.find((m) => m.id === selected)?.role === 'stopped');
  const member = useMemo(() => (memberName === undefined ? undefined : { name: memberName, role: memberStopped ? 'stopped' : 'running' }), [memberName, memberStopped]);
  const endpoint = member ? endpointOfMember(member.name) : undefined;
  const [copied, setCopied] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const collapsedRef = useRef(collapsed);
  collapsedRef.current = collapsed;

  controller.endpoint = endpoint ?? lessonEndpoints ?? undefined;
  // A lesson types a line for the learner: show its tab (and the console) first.
  useEffect(() => {
    if (!scripted) return;
    setCollapsed(false);
    if (store.getState().activeTabId !== scripted.tabId) store.getState().selectTab(scripted.tabId);
  }, [scripted, store]);
  const onScripted = useCallback((id: number) => store.getState().typed(id), [store]);
  useEffect(() => {
    void controller.refreshKeys();
    return () => controller.dispose();
  }, [controller]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      if (collapsedRef.current) {
        setCollapsed(false);
        requestAnimationFrame(() => inputRef.current?.focus());
      } else inputRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const focusInput = useCallback(() => {
    if (!window.getSelection()?.toString()) inputRef.current?.focus();
  }, []);
  const onKey = useCallback((key: string) => store.getState().selectKey(key), [store]);

  const copy = async (): Promise<void> => {
    controller.flush();
    await copyText(tabText(selectActiveTab(store.getState())));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <section className={collapsed ? 'panel console collapsed' : 'panel console'} aria-labelledby="console-title" data-testid="console" data-running={tab.running ? 'true' : 'false'}>
      <header className="console-head">
        <h2 id="console-title">Console</h2>
        <ConsoleTabs
          tabs={tabs}
          activeId={tab.id}
          onSelect={(id, focusInput) => {
            store.getState().selectTab(id);
            if (focusInput) inputRef.current?.focus();
          }}
          onClose={(id) => controller.closeTab(id)}
          onAdd={() => {
            store.getState().addTab();
            inputRef.current?.focus();
          }}
        />
        <p className="console-endpoint" data-testid="console-endpoint" title="Commands go here unless they pass --endpoints. Click a member in the ring to change it.">
          <span className="console-endpoint-label">etcdctl →</span>{' '}
          {member ? (
            <>
              <strong>{member.name}</strong> <code>{endpoint}</code>
              {member.role === 'stopped' && <span className="console-endpoint-down"> (stopped)</span>}
            </>
          ) : lessonEndpoints ? (
            <>
              <strong>every member</strong> <span className="console-endpoint-hint">(the lesson's default, failing over like clientv3) · click a member to choose</span>
            </>
          ) : (
            <>
              <code>{DEFAULT_ENDPOINT}</code> <span className="console-endpoint-hint">default · click a member to choose</span>
            </>
          )}
        </p>
        <div className="console-actions">
          {tab.running && (
            <button type="button" className="console-stop" onClick={() => controller.interrupt(tab.id)} data-testid="console-stop" title="Stop the running command (Ctrl-C)">
              Stop
            </button>
          )}
          <button type="button" onClick={() => void copy()} data-testid="console-copy" title="Copy this tab's output">
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button type="button" onClick={() => controller.clear(tab.id)} data-testid="console-clear" title="Clear this tab (Ctrl-L)">
            Clear
          </button>
          <button
            type="button"
            onClick={() => setCollapsed(!collapsed)}
            aria-expanded={!collapsed}
            aria-controls="console-tabpanel"
            data-testid="console-toggle"
            title={collapsed ? 'Show the console (/)' : 'Fold the console away to see the panels behind it'}
          >
            {collapsed ? 'Show' : 'Hide'}
          </button>
        </div>
      </header>
      <div id="console-tabpanel" role="tabpanel" aria-labelledby={`console-tab-${tab.id}`} className="console-body" onClick={focusInput}>
        <ConsoleOutput key={tab.id} tab={tab} knownKeys={knownKeys} selectedKey={selectedKey} onKey={onKey}>
          <ConsolePrompt key={tab.id} tab={tab} controller={controller} knownKeys={knownKeys} inputRef={inputRef} scripted={scripted?.tabId === tab.id ? scripted : undefined} onScripted={onScripted} />
        </ConsoleOutput>
      </div>
      <p className="console-foot">
        <kbd>/</kbd> focus · <kbd>Tab</kbd> complete · <kbd>↑</kbd><kbd>↓</kbd> history · <kbd>Ctrl-C</kbd> stop · <kbd>help</kbd>
        {selectedKey !== null && (
          <span className="console-selected-key" data-testid="console-selected-key">
            {' '}· selected key <code>{selectedKey}</code>
          </span>
        )}
      </p>
    </section>
  );
}
