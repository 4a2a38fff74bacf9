import { assert } from './assert';

/**
 * Inflights is the sliding window of MsgApp messages sent to one follower but not yet acked
 * (etcd's tracker.Inflights). Each element is the last entry index carried by one MsgApp, so
 * the window is increasing; an ack of index i frees every element <= i.
 */
export class Inflights {
  /** size is the window capacity (Config.maxInflightMsgs). */
  readonly size: number;
  private buffer: number[] = [];

  constructor(size: number) {
    assert(size > 0, 'max inflight messages must be greater than 0');
    this.size = size;
  }

  /** clone returns an independent copy (for status snapshots). */
  clone(): Inflights {
    const c = new Inflights(this.size);
    c.buffer = [...this.buffer];
    return c;
  }

  /** add records a MsgApp whose last entry is `index`; adding to a full window is a bug. */
  add(index: number): void {
    assert(!this.full(), 'cannot add into a Full inflights');
    const last = this.buffer[this.buffer.length - 1];
    assert(last === undefined || index > last, `inflights must increase: ${index} after ${last}`);
    this.buffer.push(index);
  }

  /** freeLE frees every inflight message whose last index is <= to. */
  freeLE(to: number): void {
    let n = 0;
    while (n < this.buffer.length && this.buffer[n] <= to) n++;
    if (n > 0) this.buffer = this.buffer.slice(n);
  }

  /** full reports whether no more messages may be sent. */
  full(): boolean {
    return this.buffer.length === this.size;
  }

  /** count is the number of messages in flight. */
  count(): number {
    return this.buffer.length;
  }

  /** reset empties the window. */
  reset(): void {
    this.buffer = [];
  }

  /** indexes returns the inflight last-indexes, oldest first (tests and status). */
  indexes(): number[] {
    return [...this.buffer];
  }
}
