/**
 * Wait: the registry of requests waiting for their raft entry to be applied (etcd's pkg/wait),
 * keyed by request ID, with tick-driven deadlines instead of timers.
 */

/** One waiting request. */
interface Waiter {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** Member time (ms) after which the request fails. */
  deadlineMs: number;
  /** Member time when the request was registered. */
  startMs: number;
  /**
   * Fingerprint of the proposed entry data: an entry of an earlier incarnation of this member
   * that happens to carry the same request ID (same start time after a restart) does not
   * settle this waiter.
   */
  tag: number;
}

/** A map of request ID -> pending promise. */
export class Wait {
  private readonly m = new Map<bigint, Waiter>();

  /** Registers `id` and returns the promise its trigger settles. */
  register<T>(id: bigint, startMs: number, deadlineMs: number, tag: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.m.set(id, { resolve: resolve as (v: unknown) => void, reject, deadlineMs, startMs, tag });
    });
  }

  /** Whether `id` is waited for (only the proposing member has it). */
  has(id: bigint): boolean {
    return this.m.has(id);
  }

  /** Resolves the waiter of `id`, if any (and if its entry fingerprint is `tag`). */
  trigger(id: bigint, tag: number, v: unknown): void {
    const w = this.m.get(id);
    if (w === undefined || w.tag !== tag) return;
    this.m.delete(id);
    w.resolve(v);
  }

  /** Rejects the waiter of `id`, if any (and if its entry fingerprint is `tag`). */
  fail(id: bigint, tag: number, e: unknown): void {
    const w = this.m.get(id);
    if (w === undefined || w.tag !== tag) return;
    this.m.delete(id);
    w.reject(e);
  }

  /** Rejects every waiter whose deadline is past with `mkErr(startMs, id)`. */
  expire(nowMs: number, mkErr: (startMs: number, id: bigint) => unknown): void {
    for (const [id, w] of this.m) {
      if (nowMs >= w.deadlineMs) {
        this.m.delete(id);
        w.reject(mkErr(w.startMs, id));
      }
    }
  }

  /** Rejects every waiter (server stopped). */
  failAll(e: unknown): void {
    const ws = [...this.m.values()];
    this.m.clear();
    for (const w of ws) w.reject(e);
  }

  /** Number of waiters. */
  get size(): number {
    return this.m.size;
  }
}
