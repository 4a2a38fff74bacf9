import { describe, expect, it } from 'vitest';
import type { HistoryStorage } from './console-store';
import { HISTORY_KEY, MAX_HISTORY, MAX_LINES, appendText, capLines, createConsoleStore, selectActiveTab, stepHistory, tabText } from './console-store';

function memoryStorage(): HistoryStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const texts = (s: ReturnType<typeof createConsoleStore>, tab = 1) => s.getState().tabs.find((t) => t.id === tab)!.lines.map((l) => [l.kind, l.text]);

describe('appendText', () => {
  it('splits chunks at newlines and continues an open line of the same kind', () => {
    let r = appendText([], false, 'stdout', 'compares:');
    expect(r.open).toBe(true);
    r = appendText(r.lines, r.open, 'stdout', ' more\nnext\n');
    expect(r.lines.map((l) => l.text)).toEqual(['compares: more', 'next']);
    expect(r.open).toBe(false);
    r = appendText(r.lines, r.open, 'stdout', '\n');
    expect(r.lines.map((l) => l.text)).toEqual(['compares: more', 'next', '']);
  });
  it('starts a new line when the kind changes, and never mutates its input', () => {
    const a = appendText([], false, 'stdout', 'half');
    const frozen = [...a.lines];
    const b = appendText(a.lines, a.open, 'stderr', 'Error: x\n');
    expect(b.lines.map((l) => [l.kind, l.text])).toEqual([['stdout', 'half'], ['stderr', 'Error: x']]);
    expect(a.lines).toEqual(frozen);
    expect(appendText(a.lines, a.open, 'stdout', '').lines).toBe(a.lines);
  });
  it('gives every line a distinct id', () => {
    const r = appendText([], false, 'stdout', 'a\nb\nc\n');
    expect(new Set(r.lines.map((l) => l.id)).size).toBe(3);
  });
});

describe('capLines and stepHistory', () => {
  it('keeps the last lines and counts the dropped ones', () => {
    const r = appendText([], false, 'stdout', 'a\nb\nc\nd\n');
    const c = capLines(r.lines, 2);
    expect(c.lines.map((l) => l.text)).toEqual(['c', 'd']);
    expect(c.dropped).toBe(2);
    expect(capLines(r.lines, 10).dropped).toBe(0);
  });
  it('walks history within bounds', () => {
    const h = ['a', 'b'];
    expect(stepHistory(h, 2, -1)).toBe(1);
    expect(stepHistory(h, 0, -1)).toBe(0);
    expect(stepHistory(h, 2, 1)).toBe(2);
    expect(stepHistory([], 0, -1)).toBe(0);
  });
});

describe('console store', () => {
  it('echoes commands, appends output, and records history without repeats', () => {
    const s = createConsoleStore();
    s.getState().enterCommand(1, 'put name dazuo');
    s.getState().appendOutput(1, 'stdout', 'OK\n');
    s.getState().enterCommand(1, 'put name dazuo');
    s.getState().enterCommand(1, '   ');
    s.getState().appendOutput(1, 'stderr', 'Error: boom\n');
    expect(texts(s)).toEqual([
      ['input', 'put name dazuo'],
      ['stdout', 'OK'],
      ['input', 'put name dazuo'],
      ['input', '   '],
      ['stderr', 'Error: boom'],
    ]);
    expect(selectActiveTab(s.getState()).history).toEqual(['put name dazuo']);
    expect(tabText(selectActiveTab(s.getState()))).toBe('$ put name dazuo\nOK\n$ put name dazuo\n$    \nError: boom\n');
  });
  it('caps a tab at MAX_LINES and notes how many lines are hidden', () => {
    const s = createConsoleStore();
    const n = MAX_LINES + 500;
    s.getState().appendOutput(1, 'stdout', Array.from({ length: n }, (_, i) => `k${i}\n`).join(''));
    const t = selectActiveTab(s.getState());
    expect(t.lines).toHaveLength(MAX_LINES);
    expect(t.hiddenLines).toBe(500);
    expect(t.lines[0]!.text).toBe('k500');
    expect(tabText(t).startsWith('[500 earlier lines hidden]\nk500\n')).toBe(true);
    s.getState().clear(1);
    expect(selectActiveTab(s.getState())).toMatchObject({ lines: [], hiddenLines: 0 });
  });
  it('opens, selects and closes tabs; closing the last one leaves a fresh tab', () => {
    const s = createConsoleStore();
    expect(s.getState().addTab()).toBe(2);
    expect(s.getState().activeTabId).toBe(2);
    s.getState().addTab();
    s.getState().selectTab(2);
    s.getState().closeTab(2);
    expect(s.getState().tabs.map((t) => t.id)).toEqual([1, 3]);
    expect(s.getState().activeTabId).toBe(3);
    s.getState().selectTab(99);
    expect(s.getState().activeTabId).toBe(3);
    s.getState().closeTab(1);
    s.getState().closeTab(3);
    expect(s.getState().tabs.map((t) => t.id)).toEqual([1]);
    expect(s.getState().activeTabId).toBe(1);
  });
  it('tracks the running job and the exit code per tab', () => {
    const s = createConsoleStore();
    s.getState().addTab();
    s.getState().startJob(1, 'watch foo', false);
    s.getState().appendOutput(1, 'stdout', 'PUT\nfoo\nbar');
    expect(s.getState().tabs[0]!.running).toEqual({ line: 'watch foo', readsStdin: false });
    expect(s.getState().tabs[1]!.running).toBeNull();
    expect(s.getState().tabs[0]!.unseen).toBe(true);
    s.getState().selectTab(1);
    expect(s.getState().tabs[0]!.unseen).toBe(false);
    s.getState().appendOutput(1, 'stdout', '\n');
    expect(s.getState().tabs[0]!.unseen).toBe(false);
    s.getState().endJob(1, 130);
    expect(s.getState().tabs[0]).toMatchObject({ running: null, open: false, lastExit: 130 });
    s.getState().appendOutput(1, 'stdout', 'next\n');
    expect(texts(s).at(-1)).toEqual(['stdout', 'next']);
  });
  it('persists histories per tab and restores them, ignoring junk', () => {
    const storage = memoryStorage();
    const a = createConsoleStore(storage);
    a.getState().enterCommand(1, 'get name');
    a.getState().addTab();
    a.getState().enterCommand(2, 'watch foo');
    const b = createConsoleStore(storage);
    expect(b.getState().tabs.map((t) => t.history)).toEqual([['get name'], ['watch foo']]);
    expect(b.getState().tabs.every((t) => t.lines.length === 0)).toBe(true);
    storage.data.set(HISTORY_KEY, '{not json');
    expect(createConsoleStore(storage).getState().tabs.map((t) => t.history)).toEqual([[]]);
    storage.data.set(HISTORY_KEY, JSON.stringify([['x', 3, null], 'y']));
    expect(createConsoleStore(storage).getState().tabs.map((t) => t.history)).toEqual([['x']]);
  });
  it('keeps at most MAX_HISTORY commands', () => {
    const s = createConsoleStore();
    for (let i = 0; i < MAX_HISTORY + 5; i++) s.getState().enterCommand(1, `put k ${i}`);
    const h = selectActiveTab(s.getState()).history;
    expect(h).toHaveLength(MAX_HISTORY);
    expect(h[0]).toBe('put k 5');
  });
  it('publishes known keys and the selected key', () => {
    const s = createConsoleStore();
    s.getState().setKnownKeys(['a', 'b', 'a']);
    expect([...s.getState().knownKeys]).toEqual(['a', 'b']);
    s.getState().selectKey('a');
    expect(s.getState().selectedKey).toBe('a');
  });
});

describe('scripted lines (a lesson types for the learner)', () => {
  it('queues lines in order, drops them once typed, and forgets a closed tab\'s', () => {
    const s = createConsoleStore();
    const t2 = s.getState().addTab();
    const a = s.getState().typeLine(1, 'put a 1');
    const b = s.getState().typeLine(t2, '', true);
    s.getState().typeLine(t2, 'get a');
    expect(s.getState().typing.map((t) => [t.tabId, t.line, t.interrupt ?? false])).toEqual([[1, 'put a 1', false], [t2, '', true], [t2, 'get a', false]]);
    s.getState().typed(a);
    expect(s.getState().typing[0]!.id).toBe(b);
    s.getState().closeTab(t2);
    expect(s.getState().typing).toEqual([]);
  });
});
