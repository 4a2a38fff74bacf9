/**
 * A push-based async queue exposed as a ClientStream: producers `push`, `close` or `fail`; the
 * consumer iterates with `for await`; `cancel()` ends iteration. Used by the fake client's
 * watch and keep-alive streams.
 */
import type { WatchStream } from '../client-types';

/** An async queue that is also a (watch) stream. */
export class AsyncQueue<T> implements WatchStream<T> {
  private items: T[] = [];
  private waiters: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  private closed = false;
  private error: unknown;
  /** Called once when the consumer cancels (producers unregister here). */
  onCancel: () => void = () => undefined;
  /** Called on requestProgress(). */
  onProgress: () => void = () => undefined;

  push(item: T): void {
    if (this.closed) return;
    const w = this.waiters.shift();
    if (w) w.resolve({ value: item, done: false });
    else this.items.push(item);
  }

  /** Ends the stream after the queued items. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** Ends the stream with an error after the queued items. */
  fail(err: unknown): void {
    if (this.closed) return;
    this.error = err;
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  cancel(): void {
    if (this.closed && this.items.length === 0) return;
    this.items = [];
    this.error = undefined;
    this.close();
    this.onCancel();
  }

  requestProgress(): void {
    this.onProgress();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.closed) return this.error !== undefined ? Promise.reject(this.error) : Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
      },
      return: () => {
        this.cancel();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
