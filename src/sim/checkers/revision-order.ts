/**
 * The cross-key revision check. Checking per key (P-compositionality) loses
 * one thing etcd promises across keys: its single revision counter follows
 * the linearization, so it follows real time too. If A returned before B
 * was invoked:
 *
 *   B is a write (put, succeeded cas, delete that deleted)  rev(B) >  rev(A)
 *   B is a read  (get, failed cas, delete of nothing)       rev(B) >= rev(A)
 *
 * and no two writes share a revision (each single-key write makes one).
 * This catches a stale read of another key (an old leader answering with an
 * old header revision) that every per-key check accepts.
 */
import type { KvOperation } from './history';

/** RevisionViolation is a pair of operations whose revisions contradict real time. */
export interface RevisionViolation {
  kind: 'backwards' | 'duplicate';
  /** The earlier operation (returned first), or the other writer of a duplicate. */
  before: KvOperation;
  after: KvOperation;
  message: string;
}

/** isRevisionWrite reports whether an ok operation made a new revision. */
export function isRevisionWrite(op: KvOperation): boolean {
  if (!op.output.known) return false;
  switch (op.input.f) {
    case 'put':
      return true;
    case 'cas':
      return op.output.succeeded === true;
    case 'delete':
      return (op.output.deleted ?? 0) > 0;
    case 'get':
      return false;
  }
}

/**
 * checkRevisionOrder checks every ok operation carrying a revision against
 * the operations that returned before it was invoked. Returns at most
 * `limit` violations.
 */
export function checkRevisionOrder(ops: readonly KvOperation[], limit = 20): RevisionViolation[] {
  const out: RevisionViolation[] = [];
  const withRev = ops.filter((op) => op.output.known && op.output.rev !== undefined);
  const rev = (op: KvOperation): number => (op.output.known ? op.output.rev! : 0);
  const writers = new Map<number, KvOperation>();
  for (const op of withRev) {
    if (!isRevisionWrite(op)) continue;
    const other = writers.get(rev(op));
    if (other !== undefined && out.length < limit) {
      out.push({ kind: 'duplicate', before: other, after: op, message: `two writes at revision ${rev(op)}` });
    }
    writers.set(rev(op), op);
  }
  const byReturn = [...withRev].sort((a, b) => a.return - b.return);
  const byCall = [...withRev].sort((a, b) => a.call - b.call);
  let i = 0;
  let maxBefore: KvOperation | null = null;
  for (const b of byCall) {
    while (i < byReturn.length && byReturn[i]!.return < b.call) {
      const a = byReturn[i++]!;
      if (maxBefore === null || rev(a) > rev(maxBefore)) maxBefore = a;
    }
    if (maxBefore === null || out.length >= limit) continue;
    const write = isRevisionWrite(b);
    if (rev(b) < rev(maxBefore) || (write && rev(b) === rev(maxBefore))) {
      out.push({
        kind: 'backwards', before: maxBefore, after: b,
        message: `${b.input.f} ${b.input.key} at revision ${rev(b)} (p${b.process}, invoked at ${b.call}) ` +
          `after ${maxBefore.input.f} ${maxBefore.input.key} at revision ${rev(maxBefore)} ` +
          `(p${maxBefore.process}, returned at ${maxBefore.return})`,
      });
    }
  }
  return out;
}
