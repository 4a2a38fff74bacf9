/**
 * The LessonWorld of the page: the real worker cluster through the documented window.etcdscope
 * API, and the docked console through its store (lines are typed at its prompt, visibly).
 */
import type { LessonWorld, MemberStatus } from '../../lessons/world';
import type { ConsoleStore } from '../../store/console-store';
import { tabText } from '../../store/console-store';
import { endpointOfMember } from '../console/endpoint';
import type {} from '../worker-driver';

function api() {
  const a = window.etcdscope;
  if (!a) throw new Error('lessons need the real cluster (open the page without ?engine=sim)');
  return a;
}

/** The id of console tab number `n` (1-based, in tab order), opening tabs up to it. */
function tabId(store: ConsoleStore, n: number): number {
  while (store.getState().tabs.length < n) store.getState().addTab();
  return store.getState().tabs[n - 1]!.id;
}

/** Resolves once the console's prompt typed and entered scripted line `id`. */
function whenTyped(store: ConsoleStore, id: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): boolean => !store.getState().typing.some((t) => t.id === id);
    if (done()) return resolve();
    const off = store.subscribe(() => {
      if (done()) {
        off();
        resolve();
      }
    });
  });
}

/** Builds the page's LessonWorld over the console store. */
export function pageWorld(console: ConsoleStore): LessonWorld {
  return {
    reset: async (members, seed) => {
      await api().reset({ members, seed });
      const all = Array.from({ length: members }, (_, i) => endpointOfMember(`infra${i + 1}`)!);
      console.getState().setLessonEndpoints(all.join(','));
    },
    status: async (): Promise<MemberStatus[]> =>
      (await api().status()).map((m) => ({
        name: m.name,
        state: m.state,
        term: m.term,
        leader: m.leader,
        commit: m.commit,
        applied: m.applied,
        revision: m.revision,
        compactRevision: m.compactRevision,
        lastIndex: m.lastIndex,
        endpoint: endpointOfMember(m.name) ?? '',
      })),
    kill: (name) => api().kill(name),
    restart: (name) => api().restart(name),
    wipe: (name) => api().wipe(name),
    partition: (groups) => api().partition(groups),
    heal: () => api().heal(),
    link: (a, b, up) => api().link(a, b, { up }),
    speed: (x) => api().speed(x),
    pause: () => api().pause(),
    resume: () => api().resume(),
    etcdctl: (line) => api().etcdctl(line, { timeoutMs: 15_000 }),
    type: (tab, line) => {
      const id = console.getState().typeLine(tabId(console, tab), line);
      return whenTyped(console, id);
    },
    interrupt: (tab) => whenTyped(console, console.getState().typeLine(tabId(console, tab), '', true)),
    consoles: () => console.getState().tabs.map(tabText),
    get: async (key, member) => {
      try {
        const endpoint = member ? endpointOfMember(member) : undefined;
        const r = await api().client(endpoint).get(key, { serializable: member !== undefined, timeoutMs: 1500 });
        return (r as { kvs: { value: string }[] }).kvs[0]?.value;
      } catch {
        return undefined;
      }
    },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}
