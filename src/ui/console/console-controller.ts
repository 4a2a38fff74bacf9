/**
 * ConsoleController: runs what the console tabs type against the cluster. One shell session
 * (variables, files, background jobs) per tab; one job at a time per tab, stopped by its
 * AbortController (Ctrl-C, the Stop button); lines typed while a job runs feed its stdin.
 *
 * Output is buffered and handed to the store at most once per frame, so a `get --prefix ""`
 * over 10,000 keys (20,000 lines) is one store update, not 20,000 renders.
 */
import type { ClusterClient, ShellSession } from '../../console/index';
import { newShellSession, runShellLine } from '../../console/index';
import type { ConsoleStore, LineKind } from '../../store/console-store';
import { consoleHelp } from './help';
import { StdinQueue } from './stdin-queue';

/** How often buffered output reaches the store, in ms (about one frame). */
const FLUSH_MS = 16;
/** At most this many keys are fetched for completion and clickable keys. */
export const KEY_LIMIT = 10_000;

interface TabRuntime {
  session: ShellSession;
  job?: { abort: AbortController; stdin: StdinQueue };
}

/** What the controller needs from the page. */
export interface ConsoleControllerOptions {
  store: ConsoleStore;
  /** Resolves with the cluster's client (rejects when the page runs no worker cluster). */
  client: () => Promise<ClusterClient>;
  /** Called when `snapshot save` wrote a file (the page offers a download). */
  onSnapshotSaved?: (name: string, image: Uint8Array) => void;
}

/** Sleeps `ms` of wall time, or rejects with `context canceled` when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new Error('context canceled'));
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('context canceled'));
    });
  });
}

/** True when the line sets its own endpoints, so the selected member must not be imposed. */
export function setsEndpoints(line: string): boolean {
  return /(^|\s)--endpoints([=\s]|$)|(^|\s)ETCDCTL_ENDPOINTS=/.test(line);
}

/** Splits a pasted block into command lines, joining `\`-continued lines as a shell would. */
export function pastedLines(text: string): string[] {
  const joined = text.replace(/\r\n?/g, '\n').replace(/\\\n/g, '');
  const lines = joined.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The console's engine room (no React): jobs, sessions, stdin, buffered output, known keys. */
export class ConsoleController {
  private readonly tabs = new Map<number, TabRuntime>();
  private readonly files = new Map<string, Uint8Array>();
  private pending = new Map<number, { kind: LineKind; text: string }[]>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private keysInFlight: Promise<void> | undefined;
  /** The endpoint commands go to unless the line names its own (`127.0.0.1:22379`). */
  endpoint: string | undefined;

  constructor(private readonly opts: ConsoleControllerOptions) {}

  private runtime(tabId: number): TabRuntime {
    let rt = this.tabs.get(tabId);
    if (!rt) {
      rt = { session: newShellSession() };
      this.tabs.set(tabId, rt);
    }
    return rt;
  }

  private output(tabId: number, kind: LineKind, text: string): void {
    let q = this.pending.get(tabId);
    if (!q) this.pending.set(tabId, (q = []));
    const last = q.at(-1);
    if (last && last.kind === kind) last.text += text;
    else q.push({ kind, text });
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Hands buffered output to the store now. */
  flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const pending = this.pending;
    this.pending = new Map();
    const st = this.opts.store.getState();
    for (const [tabId, chunks] of pending) for (const c of chunks) st.appendOutput(tabId, c.kind, c.text);
  }

  /** Whether the tab runs a job. */
  busy(tabId: number): boolean {
    return this.tabs.get(tabId)?.job !== undefined;
  }

  /**
   * Handles a line entered in a tab: fed to the running job's stdin, or run as a command
   * (`clear`, `help` and `history` are the console's own).
   */
  submit(tabId: number, line: string): Promise<void> {
    this.flush();
    const st = this.opts.store.getState();
    const job = this.tabs.get(tabId)?.job;
    if (job) {
      job.stdin.push(line + '\n');
      return Promise.resolve();
    }
    const words = line.trim().split(/\s+/);
    if (words[0] === 'clear' && words.length === 1) {
      st.enterCommand(tabId, line);
      st.clear(tabId);
      return Promise.resolve();
    }
    st.enterCommand(tabId, line);
    if (line.trim() === '') return Promise.resolve();
    if (words[0] === 'help' && words.length === 1) {
      st.appendOutput(tabId, 'note', consoleHelp());
      return Promise.resolve();
    }
    if (words[0] === 'history' && words.length === 1) {
      const h = this.opts.store.getState().tabs.find((t) => t.id === tabId)?.history ?? [];
      st.appendOutput(tabId, 'stdout', h.map((c, i) => `${String(i + 1).padStart(5)}  ${c}\n`).join(''));
      return Promise.resolve();
    }
    return this.run(tabId, line);
  }

  private async run(tabId: number, line: string): Promise<void> {
    const st = this.opts.store.getState();
    const rt = this.runtime(tabId);
    const job = { abort: new AbortController(), stdin: new StdinQueue((text) => this.output(tabId, 'stdin', text)) };
    rt.job = job;
    st.startJob(tabId, line, false);
    let exitCode = 1;
    try {
      const client = await this.opts.client();
      const env: Record<string, string> = {};
      if (this.endpoint && !setsEndpoints(line)) env.ETCDCTL_ENDPOINTS = this.endpoint;
      const host = { files: this.files, sleep, ...(this.opts.onSnapshotSaved ? { onSnapshotSaved: this.opts.onSnapshotSaved } : {}) };
      const r = await runShellLine(line, {
        client,
        session: rt.session,
        signal: job.abort.signal,
        stdin: job.stdin,
        env,
        host,
        sleep,
        onOutput: (stream, text) => this.output(tabId, stream, text),
      });
      exitCode = r.exitCode;
    } catch (e) {
      this.output(tabId, 'stderr', `Error: ${e instanceof Error ? e.message : String(e)}\n`);
    } finally {
      const unread = job.stdin.drain();
      if (rt.job === job) rt.job = undefined;
      if (job.abort.signal.aborted) for (const t of unread) this.output(tabId, 'stdin', t);
      this.flush();
      this.opts.store.getState().endJob(tabId, exitCode);
      void this.refreshKeys();
      // Typeahead the command did not read runs next, as in a terminal (Ctrl-C discards it).
      if (!job.abort.signal.aborted && this.tabs.get(tabId) === rt) this.submitLines(tabId, unread.map((t) => t.replace(/\n$/, '')));
    }
  }

  /** Enters several lines in order (a paste): each runs, or feeds the command the previous one started. */
  submitLines(tabId: number, lines: readonly string[]): void {
    for (const l of lines) void this.submit(tabId, l);
  }

  /** A pasted block: CRLF normalised, backslash-newline continuations joined, then its lines. */
  paste(tabId: number, text: string): void {
    this.submitLines(tabId, pastedLines(text));
  }

  /** Ctrl-C: stops the tab's running job (returns false when nothing ran). */
  interrupt(tabId: number): boolean {
    const job = this.tabs.get(tabId)?.job;
    if (!job) return false;
    this.flush();
    this.opts.store.getState().appendOutput(tabId, 'stdin', '^C\n');
    job.abort.abort();
    return true;
  }

  /** Ctrl-C at an idle prompt: shows the dropped line as `$ line^C`, outside the history. */
  echoInterrupted(tabId: number, line: string): void {
    this.flush();
    this.opts.store.getState().appendOutput(tabId, 'input', line + '^C\n');
  }

  /** Ctrl-L / `clear`: empties the tab's scrollback. */
  clear(tabId: number): void {
    this.flush();
    this.opts.store.getState().clear(tabId);
  }

  /** Ctrl-D: ends the running job's stdin. */
  endInput(tabId: number): void {
    this.tabs.get(tabId)?.job?.stdin.end();
  }

  /** Stops everything the tab runs (its job and its background jobs) and forgets its session. */
  closeTab(tabId: number): void {
    const rt = this.tabs.get(tabId);
    rt?.job?.abort.abort();
    rt?.session.jobs.abort();
    this.tabs.delete(tabId);
    this.pending.delete(tabId);
    this.opts.store.getState().closeTab(tabId);
  }

  /** Stops every tab's jobs (page teardown). */
  dispose(): void {
    for (const id of [...this.tabs.keys()]) {
      const rt = this.tabs.get(id)!;
      rt.job?.abort.abort();
      rt.session.jobs.abort();
    }
    this.tabs.clear();
    this.flush();
  }

  /** Re-reads the cluster's keys (keys only, serializable, at most KEY_LIMIT) into the store. */
  refreshKeys(): Promise<void> {
    this.keysInFlight ??= (async () => {
      try {
        const client = await this.opts.client();
        const zero = new Uint8Array([0]);
        const r = await client.range({ key: zero, rangeEnd: zero, keysOnly: true, serializable: true, limit: KEY_LIMIT }, { timeoutMs: 2000 });
        const dec = new TextDecoder();
        this.opts.store.getState().setKnownKeys(r.kvs.map((kv) => dec.decode(kv.key)));
      } catch {
        // No cluster or no answer: keep the keys we knew.
      } finally {
        this.keysInFlight = undefined;
      }
    })();
    return this.keysInFlight;
  }
}
