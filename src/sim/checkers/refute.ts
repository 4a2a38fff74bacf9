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

/** isWrite reports whether an operation certainly wrote (it completed ok and changed the key). */
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

/** refuteReads looks for a read of one key's operations that no order can explain. */
export function refuteReads(ops: readonly KvOperation[]): Refutation | null {
  const writers = new Map<string, KvOperation[]>();
  for (const op of ops) {
    if (op.input.f !== 'put' && op.input.f !== 'cas') continue;
    if (op.input.f === 'cas' && op.output.known && !op.output.succeeded) continue;
    const list = writers.get(op.input.value) ?? [];
    list.push(op);
    writers.set(op.input.value, list);
  }
  const certain = ops.filter(certainWrite).sort((a, b) => a.call - b.call);
  for (const read of ops) {
    if (read.input.f !== 'get' || !read.output.known || typeof read.output.value !== 'string') continue;
    const v = read.output.value;
    const ws = writers.get(v) ?? [];
    if (!ws.some((w) => w.call <= read.return)) {
      return { read, writer: null, overwrite: null, reason: `read ${JSON.stringify(v)}, which no write had started to write` };
    }
    if (ws.length !== 1) continue;
    const w = ws[0]!;
    const over = certain.find((w2) => w2 !== w && w.return < w2.call && w2.return < read.call);
    if (over !== undefined) {
      return {
        read, writer: w, overwrite: over,
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
