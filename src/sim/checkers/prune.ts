/**
 * A sound pre-pass that removes indeterminate writes nobody can have seen,
 * the way etcd's robustness tests patch their history (a failed write whose
 * value was never observed is dropped). Each open write doubles the
 * search's work on a failing history, so this matters.
 *
 * An info put or cas P of value v on key k is dropped when
 *   1. no other write on k writes v            (v names P alone)
 *   2. no get on k returned v                   (never observed)
 *   3. no cas on k expects v                    (never observed)
 *   4. no failed cas on k returns at or after P's call
 *   5. no delete on k with a deleted count returns at or after P's call
 *
 * Why it is sound: take a linearization L with P. Between P and the next
 * write on k, only reads could sit, and they would see v: gets and
 * successful cas cannot (2, 3), failed cas and counted deletes are excluded
 * (4, 5), and another info cas there failed its compare, so it moves to the
 * end harmlessly. So L without P (and with those moved) is a linearization;
 * the converse puts P at the end. The revision model only gets looser.
 */
import type { KvOperation } from './history';

/** dropUnobservedInfoWrites returns the operations of one key without the droppable info writes. */
export function dropUnobservedInfoWrites(ops: readonly KvOperation[]): { ops: KvOperation[]; dropped: number } {
  const writtenBy = new Map<string, number>();
  const observed = new Set<string>();
  let lastFailedCas = -Infinity;
  let lastCountedDelete = -Infinity;
  for (const { input, output } of ops) {
    switch (input.f) {
      case 'put':
      case 'cas':
        writtenBy.set(input.value, (writtenBy.get(input.value) ?? 0) + 1);
        if (input.f === 'cas' && input.expect !== null) observed.add(input.expect);
        break;
      case 'get':
        if (output.known && typeof output.value === 'string') observed.add(output.value);
        break;
      case 'delete':
        break;
    }
  }
  for (const op of ops) {
    if (!op.output.known) continue;
    if (op.input.f === 'cas' && op.output.succeeded === false) lastFailedCas = Math.max(lastFailedCas, op.return);
    if (op.input.f === 'delete' && op.output.deleted !== undefined) lastCountedDelete = Math.max(lastCountedDelete, op.return);
  }
  const kept = ops.filter((op) => {
    if (op.output.known || op.input.f === 'get' || op.input.f === 'delete') return true;
    const v = op.input.value;
    const droppable = writtenBy.get(v) === 1 && !observed.has(v) && lastFailedCas < op.call && lastCountedDelete < op.call;
    return !droppable;
  });
  return { ops: kept, dropped: ops.length - kept.length };
}
