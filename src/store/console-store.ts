/**
 * The console's state: its tabs (each a terminal: lines of output, a history, the job it runs),
 * the keys the cluster holds (for completion and clickable keys) and the key the learner selected.
 *
 * ```
 *   tab.lines   [input "$ put a 1"] [stdout "OK"] [stderr "Error: ..."] ... [open line?]
 *                ^ dropped from the front past MAX_LINES (tab.hiddenLines counts them)
 * ```
 * Output arrives as chunks that need not end at a newline (a txn prompt, a streaming watch): the
 * last line stays "open" and the next chunk of the same stream continues it.
 *
 * Zustand vanilla, no React. Histories persist through an injected `HistoryStorage`
 * (localStorage in the page, a Map in tests).
 */
import { createStore } from 'zustand/vanilla';

/**
 * What a console line is: the echoed command (`input`), a line typed to a running job's stdin
 * (`stdin`), output on stdout or stderr, or a note from the console itself.
 */
export type LineKind = 'input' | 'stdin' | 'stdout' | 'stderr' | 'note';

/** One rendered line of a tab (text without its newline). */
export interface ConsoleLine {
  /** Unique within the store, for React keys. */
  id: number;
  kind: LineKind;
  text: string;
}

/** The command a tab is running, if any. */
export interface RunningJob {
  line: string;
  /** The tab is feeding typed lines to the job's stdin (txn's prompts, `put k` with no value). */
  readsStdin: boolean;
}

/** One console tab: its own shell session, output and history. */
export interface ConsoleTab {
  id: number;
  lines: ConsoleLine[];
  /** Lines dropped from the front to keep the tab at most MAX_LINES long. */
  hiddenLines: number;
  /** The last line is still open: the next chunk of the same kind continues it. */
  open: boolean;
  /** Commands entered, oldest first, without consecutive duplicates; at most MAX_HISTORY. */
  history: string[];
  running: RunningJob | null;
  /** Exit code of the last finished command. */
  lastExit: number;
  /** Output arrived while another tab was shown (cleared when the tab is selected). */
  unseen: boolean;
}

/** Where histories persist (the page passes localStorage). */
export interface HistoryStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The console state. */
export interface ConsoleState {
  tabs: ConsoleTab[];
  activeTabId: number;
  /** Keys the cluster holds, as of the last refresh (completion, clickable keys in output). */
  knownKeys: ReadonlySet<string>;
  /** The key the learner clicked in the console; the MVCC view selects it. */
  selectedKey: string | null;
  /**
   * Lines a lesson asked to type ("Do it for me"), oldest first: the prompt of `tabId` types the
   * head one visibly, enters it, then calls `typed(id)`.
   */
  typing: ScriptedLine[];
  /**
   * Endpoints commands go to when no member is selected, instead of etcdctl's default: a lesson
   * sets every member's (`127.0.0.1:2379,127.0.0.1:22379,...`) so a killed member is failed over.
   */
  lessonEndpoints: string | null;
}

/** A line to type at a tab's prompt on someone's behalf. */
export interface ScriptedLine {
  id: number;
  tabId: number;
  line: string;
  /** Not a line but Ctrl-C: stops the tab's running command. */
  interrupt?: boolean;
}

/** Actions on the console state. */
export interface ConsoleActions {
  /** Opens a new tab after the others and makes it active; returns its id. */
  addTab(): number;
  /** Closes a tab (the last tab is replaced by a fresh one); the caller stops its jobs first. */
  closeTab(id: number): void;
  selectTab(id: number): void;
  /** Echoes an entered command (`$ line`) and records it in the tab's history. */
  enterCommand(tabId: number, line: string): void;
  /** Appends a chunk of output; a chunk may hold many lines or end mid-line. */
  appendOutput(tabId: number, kind: LineKind, text: string): void;
  startJob(tabId: number, line: string, readsStdin: boolean): void;
  /** Ends the running job: closes an open line and records the exit code. */
  endJob(tabId: number, exitCode: number): void;
  clear(tabId: number): void;
  setKnownKeys(keys: Iterable<string>): void;
  selectKey(key: string | null): void;
  /** Queues a line to be typed at a tab's prompt; returns its id (see `typing`). */
  typeLine(tabId: number, line: string, interrupt?: boolean): number;
  /** The prompt typed and entered line `id`: drops it from the queue. */
  typed(id: number): void;
  setLessonEndpoints(endpoints: string | null): void;
}

/** The console store type. */
export type ConsoleStore = ReturnType<typeof createConsoleStore>;

/** Lines kept per tab; older ones are dropped and counted, so the page never holds 20,000 nodes. */
export const MAX_LINES = 2000;
/** Commands kept per tab's history. */
export const MAX_HISTORY = 200;
/** The storage key of the persisted histories. */
export const HISTORY_KEY = 'etcdscope.console.history.v1';

let nextLineId = 1;
let nextScriptedId = 1;

function newTab(id: number, history: string[] = []): ConsoleTab {
  return { id, lines: [], hiddenLines: 0, open: false, history, running: null, lastExit: 0, unseen: false };
}

/** Reads persisted histories: one array of commands per tab, in tab order. */
export function loadHistories(storage: HistoryStorage | undefined): string[][] {
  try {
    const raw = storage?.getItem(HISTORY_KEY);
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(Array.isArray).map((h: unknown[]) => h.filter((x): x is string => typeof x === 'string').slice(-MAX_HISTORY));
  } catch {
    return [];
  }
}

function saveHistories(storage: HistoryStorage | undefined, tabs: ConsoleTab[]): void {
  try {
    storage?.setItem(HISTORY_KEY, JSON.stringify(tabs.map((t) => t.history)));
  } catch {
    // A full or disabled storage only loses persistence, never the console.
  }
}

/**
 * Appends `text` (split at newlines) to `lines`. Returns the new lines array and whether the
 * last line is left open. Pure: `lines` is not modified.
 */
export function appendText(lines: ConsoleLine[], open: boolean, kind: LineKind, text: string): { lines: ConsoleLine[]; open: boolean } {
  if (text === '') return { lines, open };
  const pieces = text.split('\n');
  const endsClosed = pieces.at(-1) === '';
  if (endsClosed) pieces.pop();
  const out = lines.slice();
  let first = 0;
  const last = out.at(-1);
  if (open && last && last.kind === kind && pieces.length > 0) {
    out[out.length - 1] = { ...last, text: last.text + pieces[0]! };
    first = 1;
  }
  for (let i = first; i < pieces.length; i++) out.push({ id: nextLineId++, kind, text: pieces[i]! });
  return { lines: out, open: !endsClosed };
}

/** Drops lines from the front past `max`; returns the kept lines and how many were dropped. */
export function capLines(lines: ConsoleLine[], max: number): { lines: ConsoleLine[]; dropped: number } {
  if (lines.length <= max) return { lines, dropped: 0 };
  const dropped = lines.length - max;
  return { lines: lines.slice(dropped), dropped };
}

/**
 * Steps through a history with up (-1) and down (+1). `index` is the entry shown, or
 * `history.length` for the fresh line being typed. Returns the new index.
 */
export function stepHistory(history: readonly string[], index: number, direction: -1 | 1): number {
  return Math.max(0, Math.min(history.length, index + direction));
}

/** Creates the console store; histories load from and save to `storage`. */
export function createConsoleStore(storage?: HistoryStorage) {
  const saved = loadHistories(storage);
  const initial = saved.length > 0 ? saved.map((h, i) => newTab(i + 1, h)) : [newTab(1)];
  return createStore<ConsoleState & ConsoleActions>()((set, get) => {
    const update = (tabId: number, fn: (t: ConsoleTab) => ConsoleTab): void =>
      set((s) => ({ tabs: s.tabs.map((t) => (t.id === tabId ? fn(t) : t)) }));
    return {
      tabs: initial,
      activeTabId: initial[0]!.id,
      knownKeys: new Set<string>(),
      selectedKey: null,
      typing: [],
      lessonEndpoints: null,
      addTab: () => {
        const id = Math.max(0, ...get().tabs.map((t) => t.id)) + 1;
        set((s) => ({ tabs: [...s.tabs, newTab(id)], activeTabId: id }));
        saveHistories(storage, get().tabs);
        return id;
      },
      closeTab: (id) => {
        const s = get();
        if (s.typing.some((t) => t.tabId === id)) set({ typing: s.typing.filter((t) => t.tabId !== id) });
        const at = s.tabs.findIndex((t) => t.id === id);
        if (at < 0) return;
        let tabs = s.tabs.filter((t) => t.id !== id);
        if (tabs.length === 0) tabs = [newTab(1)];
        const activeTabId = s.activeTabId === id ? tabs[Math.min(at, tabs.length - 1)]!.id : s.activeTabId;
        set({ tabs, activeTabId });
        saveHistories(storage, tabs);
      },
      selectTab: (id) => {
        if (!get().tabs.some((t) => t.id === id)) return;
        set({ activeTabId: id });
        update(id, (t) => (t.unseen ? { ...t, unseen: false } : t));
      },
      enterCommand: (tabId, line) => {
        update(tabId, (t) => {
          const history = line.trim() === '' || t.history.at(-1) === line ? t.history : [...t.history, line].slice(-MAX_HISTORY);
          const added = appendText(t.lines, false, 'input', line + '\n');
          const capped = capLines(added.lines, MAX_LINES);
          return { ...t, lines: capped.lines, hiddenLines: t.hiddenLines + capped.dropped, open: false, history };
        });
        saveHistories(storage, get().tabs);
      },
      appendOutput: (tabId, kind, text) =>
        update(tabId, (t) => {
          const added = appendText(t.lines, t.open, kind, text);
          const capped = capLines(added.lines, MAX_LINES);
          const unseen = t.unseen || (text !== '' && get().activeTabId !== tabId);
          return { ...t, lines: capped.lines, hiddenLines: t.hiddenLines + capped.dropped, open: added.open, unseen };
        }),
      startJob: (tabId, line, readsStdin) => update(tabId, (t) => ({ ...t, running: { line, readsStdin } })),
      endJob: (tabId, exitCode) => update(tabId, (t) => ({ ...t, running: null, open: false, lastExit: exitCode })),
      clear: (tabId) => update(tabId, (t) => ({ ...t, lines: [], hiddenLines: 0, open: false })),
      setKnownKeys: (keys) => set({ knownKeys: new Set(keys) }),
      selectKey: (key) => set({ selectedKey: key }),
      typeLine: (tabId, line, interrupt) => {
        const id = nextScriptedId++;
        set((s) => ({ typing: [...s.typing, interrupt ? { id, tabId, line, interrupt } : { id, tabId, line }] }));
        return id;
      },
      setLessonEndpoints: (lessonEndpoints) => set({ lessonEndpoints }),
      typed: (id) => set((s) => ({ typing: s.typing.filter((t) => t.id !== id) })),
    };
  });
}

/** Selects the active tab. */
export function selectActiveTab(s: ConsoleState): ConsoleTab {
  return s.tabs.find((t) => t.id === s.activeTabId) ?? s.tabs[0]!;
}

/** The text of a tab as a terminal would show it (`$ ` before commands), for copying. */
export function tabText(t: ConsoleTab): string {
  const head = t.hiddenLines > 0 ? `[${t.hiddenLines} earlier lines hidden]\n` : '';
  return head + t.lines.map((l) => (l.kind === 'input' ? `$ ${l.text}` : l.text)).join('\n') + (t.lines.length ? '\n' : '');
}
