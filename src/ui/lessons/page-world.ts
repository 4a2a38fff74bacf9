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

/** How long a running command may stay silent before the next action goes ahead, in ms. */
const QUIET_MS = 300;
/** The longest wait for a command to finish or fall silent, in ms. */
const SETTLE_LIMIT_MS = 20_000;

/**
 * Resolves once tab `id` finished its command, or once a long-running one (watch, lock, a
 * write that waits for a quorum) printed nothing for QUIET_MS: later actions may read its output.
 */
async function settled(store: ConsoleStore, id: number): Promise<void> {
  const tab = () => store.getState().tabs.find((t) => t.id === id);
  let lines = -1;
  let quiet = 0;
  for (let waited = 0; waited < SETTLE_LIMIT_MS; waited += 50) {
    const t = tab();
    if (!t || !t.running) return;
    const n = t.lines.length + t.hiddenLines;
    quiet = n === lines ? quiet + 50 : 0;
    lines = n;
    if (quiet >= QUIET_MS) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Builds the page's LessonWorld over the console store. */
export function pageWorld(console: ConsoleStore): LessonWorld {
  /** Every member's client URL: out-of-sight etcdctl lines fail over past a killed member too. */
  let endpoints: string | undefined;
  return {
    reset: async (members, seed, opts = {}) => {
      await api().reset({ members, seed, ...opts });
      const all = Array.from({ length: members }, (_, i) => endpointOfMember(`infra${i + 1}`)!);
      endpoints = all.join(',');
      console.getState().setLessonEndpoints(endpoints);
    },
    status: async (): Promise<MemberStatus[]> =>
      (await api().status()).map((m) => ({
        name: m.name,
        id: m.id,
        state: m.state,
        term: m.term,
        leader: m.leader,
        commit: m.commit,
        applied: m.applied,
        revision: m.revision,
        compactRevision: m.compactRevision,
        lastIndex: m.lastIndex,
        snapshotIndex: m.snapshotIndex,
        firstIndex: m.firstIndex,
        endpoint: endpointOfMember(m.name) ?? '',
      })),
    backend: async (name) => {
      const v = await api().backendView(name, { maxPerLevel: 2 });
      if (!v) return undefined;
      const st = v.stats;
      return { dbSize: st.dbSize, dbSizeInUse: st.dbSizeInUse, depth: v.depth, keys: v.buckets.find((b) => b.name === 'key')?.keys ?? 0, leafPages: st.leafPages, branchPages: st.branchPages, freePages: st.freePages };
    },
    delivered: async () => (await api().counters()).delivered,
    kill: (name) => api().kill(name),
    restart: (name) => api().restart(name),
    wipe: (name) => api().wipe(name),
    partition: (groups) => api().partition(groups),
    heal: () => api().heal(),
    link: (a, b, up) => api().link(a, b, { up }),
    speed: (x) => api().speed(x),
    pause: () => api().pause(),
    resume: () => api().resume(),
    etcdctl: (line) => api().etcdctl(line, endpoints === undefined ? { timeoutMs: 15_000 } : { timeoutMs: 15_000, endpoint: endpoints }),
    type: async (tab, line) => {
      const id = tabId(console, tab);
      await whenTyped(console, console.getState().typeLine(id, line));
      await settled(console, id);
    },
    interrupt: (tab) => whenTyped(console, console.getState().typeLine(tabId(console, tab), '', true)),
    consoles: () => console.getState().tabs.map(tabText),
    get: async (key, member) => {
      const endpoint = member ? endpointOfMember(member) : undefined;
      const r = await api().client(endpoint).get(key, { serializable: member !== undefined, timeoutMs: 1500 });
      return (r as { kvs: { value: string }[] }).kvs[0]?.value ?? null;
    },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}
