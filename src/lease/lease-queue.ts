/**
 * Min-heaps of (lease ID, time) for the primary lessor (etcd's lease_queue.go):
 *
 * - `LeaseQueue` is a plain heap that may hold an ID several times: the checkpoint schedule.
 * - `LeaseExpiredNotifier` keeps at most one entry per ID and can move it: the expiry schedule,
 *   where `registerOrUpdate` is called on grant, renew and promote.
 *
 * Both are ordered by time, then by ID, so equal times pop in a deterministic order.
 */

/** LeaseWithTime is one heap entry: the lease and when it is due, in host milliseconds. */
export interface LeaseWithTime {
  id: bigint;
  timeMs: number;
  /** Position in the heap array; maintained by the heap. */
  index: number;
}

function less(a: LeaseWithTime, b: LeaseWithTime): boolean {
  if (a.timeMs !== b.timeMs) return a.timeMs < b.timeMs;
  return a.id < b.id;
}

/** LeaseQueue is a binary min-heap of LeaseWithTime entries. */
export class LeaseQueue {
  private readonly heap: LeaseWithTime[] = [];

  /** Number of entries. */
  get length(): number {
    return this.heap.length;
  }

  /** The entry due first, without removing it. */
  peek(): LeaseWithTime | undefined {
    return this.heap[0];
  }

  /** Adds an entry for `id` due at `timeMs` and returns it. */
  push(id: bigint, timeMs: number): LeaseWithTime {
    const item: LeaseWithTime = { id, timeMs, index: this.heap.length };
    this.heap.push(item);
    this.up(item.index);
    return item;
  }

  /** Removes and returns the entry due first. */
  pop(): LeaseWithTime | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      last.index = 0;
      this.down(0);
    }
    return top;
  }

  /** Restores heap order after `item.timeMs` changed. */
  fix(item: LeaseWithTime): void {
    if (!this.up(item.index)) this.down(item.index);
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const a = h[i]!;
    const b = h[j]!;
    h[i] = b;
    h[j] = a;
    a.index = j;
    b.index = i;
  }

  private up(i: number): boolean {
    let moved = false;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(this.heap[i]!, this.heap[parent]!)) break;
      this.swap(i, parent);
      i = parent;
      moved = true;
    }
    return moved;
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const child = r < n && less(this.heap[r]!, this.heap[l]!) ? r : l;
      if (!less(this.heap[child]!, this.heap[i]!)) return;
      this.swap(i, child);
      i = child;
    }
  }
}

/** LeaseExpiredNotifier is a LeaseQueue with at most one entry per lease, which can be moved. */
export class LeaseExpiredNotifier {
  private readonly queue = new LeaseQueue();
  private readonly byId = new Map<bigint, LeaseWithTime>();

  /** Number of leases scheduled. */
  get length(): number {
    return this.queue.length;
  }

  /** Schedules `id` at `timeMs`, moving its entry when it is already scheduled. */
  registerOrUpdate(id: bigint, timeMs: number): void {
    const item = this.byId.get(id);
    if (item === undefined) {
      this.byId.set(id, this.queue.push(id, timeMs));
      return;
    }
    item.timeMs = timeMs;
    this.queue.fix(item);
  }

  /** The lease due first. */
  peek(): { id: bigint; timeMs: number } | undefined {
    return this.queue.peek();
  }

  /** Removes the lease due first. */
  unregister(): void {
    const item = this.queue.pop();
    if (item !== undefined) this.byId.delete(item.id);
  }
}
