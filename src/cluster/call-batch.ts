/**
 * Client calls to a member worker, batched: every call made in one task of the page goes to the
 * worker in ONE postMessage, and the worker answers every call that completes in one of its
 * tasks in one postMessage (workers/call-port.ts). Under 128 concurrent clients this turns two
 * structured-clone messages per put (what a comlink call costs) into two per batch, which is
 * most of what the page's main thread spent on client traffic.
 *
 * ```
 *  page  call() ─┐ queueMicrotask          worker  ┌─► member.put(...) ─┐ results of one task
 *        call() ─┼─► {t:'calls', calls} ───────────┼─► member.range(...)├─► {t:'results', results}
 *        call() ─┘                                 └─► ...              ┘
 * ```
 */
import type { CallableMethod, CallBatch, CallResult, ResultBatch } from '../../workers/host-protocol';

/** The page's end of a member's call port. */
export class CallBatcher {
  private nextId = 1;
  private queued: CallBatch['calls'] = [];
  private readonly waiting = new Map<number, (r: CallResult) => void>();

  constructor(private readonly port: MessagePort) {
    port.onmessage = (ev: MessageEvent<ResultBatch>) => {
      for (const [id, r] of ev.data.results) {
        const resolve = this.waiting.get(id);
        this.waiting.delete(id);
        resolve?.(r);
      }
    };
  }

  /** Calls `method`; resolves with its result (never, if the worker dies first). */
  call(method: CallableMethod, args: unknown[]): Promise<CallResult> {
    const id = this.nextId++;
    if (this.queued.length === 0) queueMicrotask(() => this.flush());
    this.queued.push([id, method, args]);
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  /** Stops listening (the worker was terminated); pending calls stay unresolved. */
  close(): void {
    this.port.onmessage = null;
    this.port.close();
    this.waiting.clear();
  }

  private flush(): void {
    const calls = this.queued;
    this.queued = [];
    const batch: CallBatch = { t: 'calls', calls };
    this.port.postMessage(batch);
  }
}
