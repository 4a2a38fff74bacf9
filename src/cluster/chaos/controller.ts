/**
 * ChaosController: one chaos run at a time for the page, shared by the Chaos panel and
 * `window.etcdscope.chaos()`, so a run started from the DevTools console shows in the panel too.
 * A tiny observable: `getState()` + `subscribe()` (React's useSyncExternalStore shape).
 */
import type { WorkerCluster } from '../cluster';
import { runChaos, type ChaosOptions, type ChaosProgress } from './runner';
import type { ChaosVerdict } from './verdict';

/** What the panel draws. */
export interface ChaosState {
  running: boolean;
  /** Options of the current or last run. */
  options?: Omit<ChaosOptions, 'signal' | 'onProgress'>;
  progress?: ChaosProgress;
  verdict?: ChaosVerdict;
  error?: string;
}

/** Runs chaos against the cluster `get` opens. */
export class ChaosController {
  private state: ChaosState = { running: false };
  private readonly listeners = new Set<() => void>();
  private abort: AbortController | undefined;

  constructor(private readonly get: () => Promise<WorkerCluster>) {}

  getState = (): ChaosState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private set(patch: Partial<ChaosState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  /** Starts a run; rejects if one is already running. */
  async run(opts: Omit<ChaosOptions, 'signal' | 'onProgress'> = {}): Promise<ChaosVerdict> {
    if (this.state.running) throw new Error('a chaos run is already running');
    this.abort = new AbortController();
    this.state = { running: true, options: opts };
    this.set({});
    try {
      const cluster = await this.get();
      const verdict = await runChaos(cluster, { ...opts, signal: this.abort.signal, onProgress: (progress) => this.set({ progress }) });
      this.set({ running: false, verdict });
      return verdict;
    } catch (e) {
      this.set({ running: false, error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  /** Ends the faults now; the run heals, checks and resolves its verdict. */
  stop(): void {
    this.abort?.abort();
  }
}
