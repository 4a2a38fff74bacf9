/**
 * A fast refutation for the register/CAS model, tried before the search.
 * With one writer per value, a read names the write it read from, and some
 * violations then need no search at all (Gibbons & Korach's read-mapping):
 *
 *   never written   the value was written by nobody who started before the
 *                   read ended
 *   stale           the read's writer W ended before another write W2
 *                   started, and W2 ended before the read started:
 *
 *     W   |==put v==|
 *     W2              |==put w==|
 *     R                           |==get -> v==|   W < W2 < R in every order
 *
 *   lost write      a read of absent after a write W that ended before the
 *                   read began, with no delete that could sit between them
 *
 * Both are sound (the history is certainly not linearizable), and they stay
 * cheap however many timed-out writes are open, where the exhaustive search
 * can need exponential time to say the same. When neither applies, the
 * search decides.
 */
import type { KvOperation } from './history';
import type { Refuted } from './model';

/** Refutation is a proof that a read cannot be linearized. */
export interface Refutation {
  /** The read that cannot be linearized. */
  read: KvOperation;
  /** The only write of the value it read (absent: never written in time). */
  writer: KvOperation | null;
  /** The write that certainly came between the writer and the read. */
  overwrite: KvOperation | null;
  reason: string;
}

/** certainWrite reports whether an operation certainly wrote (it completed ok and changed the key). */
function certainWrite(op: KvOperation): boolean {
  if (!op.output.known) return false;
  switch (op.input.f) {
    case 'put':
      return true;
    case 'cas':
      return op.output.succeeded === true;
    case 'delete':
      return op.output.deleted !== 0;
    case 'get':
      return false;
  }
}

/**
 * BestIndex answers "among operations whose `key` is below a bound (or
 * above, for `suffix`), which one is best" in O(log n): operations sorted by
 * key, with the running best of each prefix (suffix).
 */
class BestIndex {
  private readonly keys: number[];
  private readonly best: KvOperation[];

  constructor(
    ops: readonly KvOperation[],
    key: (op: KvOperation) => number,
    better: (a: KvOperation, b: KvOperation) => boolean,
    suffix: boolean,
  ) {
    const sorted = [...ops].sort((a, b) => key(a) - key(b));
    this.keys = sorted.map(key);
    this.best = new Array<KvOperation>(sorted.length);
    const n = sorted.length;
    for (let k = 0; k < n; k++) {
      const i = suffix ? n - 1 - k : k;
      const prev = k === 0 ? undefined : this.best[suffix ? i + 1 : i - 1];
      this.best[i] = prev !== undefined && !better(sorted[i]!, prev) ? prev : sorted[i]!;
    }
  }

  /** below returns the best operation with key < bound (key <= bound if inclusive). */
  below(bound: number, inclusive: boolean): KvOperation | null {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < bound || (inclusive && this.keys[mid] === bound)) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : this.best[lo - 1]!;
  }

  /** above returns the best operation with key > bound (suffix indexes only). */
  above(bound: number): KvOperation | null {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! <= bound) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.keys.length ? null : this.best[lo]!;
  }
}

/** refuteReads looks for a read of one key's operations that no order can explain. */
export function refuteReads(ops: readonly KvOperation[]): Refutation | null {
  const writers = new Map<string, KvOperation[]>();
  for (const op of ops) {
    if (op.input.f !== 'put' && op.input.f !== 'cas') continue;
    if (op.input.f === 'cas' && op.output.known && !op.output.succeeded) continue;
    const list = writers.get(op.input.value);
    if (list === undefined) writers.set(op.input.value, [op]);
    else list.push(op);
  }
  const certain = ops.filter(certainWrite);
  // Among certain writes starting after t, the one that ends first.
  const firstEndAfter = new BestIndex(certain, (o) => o.call, (a, b) => a.return < b.return, true);
  // Among certain puts/cas ending before t, the one that starts last.
  const lastStartBefore = new BestIndex(certain.filter((o) => o.input.f !== 'delete'), (o) => o.return, (a, b) => a.call > b.call, false);
  // Among deletes starting at or before t, the one that ends last.
  const lastDeleteEnd = new BestIndex(ops.filter((o) => o.input.f === 'delete'), (o) => o.call, (a, b) => a.return > b.return, false);
  for (const read of ops) {
    if (read.input.f !== 'get' || !read.output.known || read.output.value === undefined) continue;
    const v = read.output.value;
    if (v === null) {
      // Lost write: the latest-starting write that ended before the read, and
      // no delete that may come after it and before the read.
      const w = lastStartBefore.below(read.call, false);
      const d = lastDeleteEnd.below(read.return, true);
      if (w !== null && (d === null || d.return < w.call)) {
        return {
          read, writer: w, overwrite: null,
          reason: `read absent, but p${w.process}'s write ended before the read began and no delete can come between (lost write)`,
        };
      }
      continue;
    }
    const ws = writers.get(v) ?? [];
    if (!ws.some((w) => w.call <= read.return)) {
      return { read, writer: null, overwrite: null, reason: `read ${JSON.stringify(v)}, which no write had started to write` };
    }
    if (ws.length !== 1) continue;
    const over = firstEndAfter.above(ws[0]!.return);
    if (over !== null && over.return < read.call) {
      return {
        read, writer: ws[0]!, overwrite: over,
        reason: `read ${JSON.stringify(v)}, but p${over.process} overwrote it after it was written and before the read began (stale read)`,
      };
    }
  }
  return null;
}

/** refuteKv adapts refuteReads to Model.refute. */
export function refuteKv(ops: readonly KvOperation[]): Refuted | null {
  const r = refuteReads(ops);
  if (r === null) return null;
  const witnesses = [r.writer, r.overwrite].filter((o): o is KvOperation => o !== null).map((o) => o.id);
  return { stuck: r.read.id, witnesses, reason: r.reason };
}
