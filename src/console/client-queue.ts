/**
 * ClientQueue: the async-iterable stream behind a watch or a keep-alive (the cluster client's and the simulator's). Producers `push`,
 * `close` or `fail`; the consumer iterates; `cancel()` ends it from the consumer side.
 */
import type { WatchStream } from './client-types';

interface Waiter<T> {
  resolve: (r: IteratorResult<T>) => void;
  reject: (e: unknown) => void;
}

/** A push-based async stream. */
export class ClientQueue<T> implements WatchStream<T> {
  private readonly items: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private done = false;
  private error: unknown;
  /** Called once when the consumer cancels. */
  onCancel: () => void = () => {};
  /** Called by requestProgress(). */
  onProgress: () => void = () => {};

  get closed(): boolean {
    return this.done;
  }

  push(x: T): void {
    if (this.done) return;
    const w = this.waiters.shift();
    if (w) w.resolve({ value: x, done: false });
    else this.items.push(x);
  }

  /** Ends the stream after the buffered items. */
  close(): void {
    if (this.done) return;
    this.done = true;
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** Ends the stream with an error: the pending (or next) `next()` rejects. */
  fail(e: unknown): void {
    if (this.done) return;
    this.error = e;
    this.done = true;
    for (const w of this.waiters.splice(0)) w.reject(e);
  }

  cancel(): void {
    if (this.done && this.items.length === 0) return;
    this.items.length = 0;
    const wasDone = this.done;
    this.close();
    if (!wasDone) this.onCancel();
  }

  requestProgress(): void {
    if (!this.done) this.onProgress();
  }

  next(): Promise<IteratorResult<T>> {
    const x = this.items.shift();
    if (x !== undefined) return Promise.resolve({ value: x, done: false });
    if (this.done) {
      if (this.error !== undefined) {
        const e = this.error;
        this.error = undefined;
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next(), return: async () => (this.cancel(), { value: undefined, done: true }) };
  }
}
