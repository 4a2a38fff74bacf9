/**
 * The lock checker: no two holders of an etcd lock (the concurrency recipe
 * behind `etcdctl lock`) at once, taking lease expiry into account.
 *
 * A holder holds from the moment its lock call returned until it started to
 * unlock, or until its session lease expired, whichever is first: etcd
 * deletes the lock key with the lease, and the next waiter may then take
 * the lock. Two holds that overlap after that cut are a violation of the
 * lock service.
 *
 *   client A  |====acquired===========released|     lease A expires at e
 *   client B                 |=====acquired=====|
 *                      e ^   ^ B acquires after e: not a violation, but A
 *                              still believed it held the lock ("unsafe")
 *
 * The unsafe case is what Jepsen found in etcd 3.4.3: a paused or
 * partitioned holder outlives its lease. It is reported separately, because
 * only fencing (checking the lock key's revision on every guarded write)
 * makes such a lock safe. With revisions, acquisitions must also be in
 * revision order (the fencing tokens must grow).
 */

/** LockHold is one client's hold of a lock, as the client saw it. */
export interface LockHold {
  /** The lock's name (`etcdctl lock NAME`). */
  lock: string;
  client: string | number;
  /** The session lease the lock key is attached to. */
  leaseId: bigint;
  /** When the lock call returned to the client. */
  acquiredAt: number;
  /** When the client started to unlock; null or absent: never (crash, end). */
  releasedAt?: number | null;
  /** The lock key's create revision: etcd's fencing token. */
  rev?: number;
}

/** LeaseExpiry is when the cluster expired or revoked a lease. */
export interface LeaseExpiry {
  leaseId: bigint;
  expiredAt: number;
}

/** LockViolation is two holds of one lock that overlap, or out-of-order fencing tokens. */
export interface LockViolation {
  kind: 'overlap' | 'fencing';
  lock: string;
  a: LockHold;
  b: LockHold;
  /** For an overlap: the window both held the lock. */
  from: number;
  to: number;
  message: string;
}

/** UnsafeHold is a holder that believed it held the lock after its lease expired. */
export interface UnsafeHold {
  hold: LockHold;
  leaseExpiredAt: number;
  /** The hold that took the lock meanwhile, if any. */
  overtakenBy: LockHold | null;
  message: string;
}

/** LockCheckResult is the verdict on all holds. */
export interface LockCheckResult {
  ok: boolean;
  violations: LockViolation[];
  unsafe: UnsafeHold[];
  holdsChecked: number;
}

/** LockHistoryError is a malformed hold (released before acquired). */
export class LockHistoryError extends Error {
  override name = 'LockHistoryError';
}

function who(h: LockHold): string {
  return `client ${h.client} (lease ${h.leaseId.toString(16)})`;
}

/** checkLocks checks that no two holds of a lock overlap. */
export function checkLocks(holds: readonly LockHold[], expiries: readonly LeaseExpiry[] = []): LockCheckResult {
  const expiry = new Map<bigint, number>();
  for (const e of expiries) expiry.set(e.leaseId, Math.min(e.expiredAt, expiry.get(e.leaseId) ?? Infinity));
  const result: LockCheckResult = { ok: true, violations: [], unsafe: [], holdsChecked: holds.length };
  const released = (h: LockHold): number => h.releasedAt ?? Infinity;
  const end = (h: LockHold): number => Math.min(released(h), expiry.get(h.leaseId) ?? Infinity);
  for (const h of holds) {
    if (released(h) < h.acquiredAt) {
      throw new LockHistoryError(`${who(h)} releases ${h.lock} at ${h.releasedAt} before acquiring it at ${h.acquiredAt}`);
    }
  }
  const byLock = new Map<string, LockHold[]>();
  for (const h of holds) byLock.set(h.lock, [...(byLock.get(h.lock) ?? []), h]);
  for (const [lock, list] of byLock) {
    const sorted = [...list].sort((a, b) => a.acquiredAt - b.acquiredAt);
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i]!;
      for (let j = i + 1; j < sorted.length; j++) {
        const b = sorted[j]!;
        const from = b.acquiredAt;
        const to = Math.min(end(a), end(b));
        if (from < to) {
          result.violations.push({
            kind: 'overlap', lock, a, b, from, to,
            message: `${lock}: ${who(a)} and ${who(b)} both held the lock during [${from}, ${to}]`,
          });
        }
        // a hold taken after its own lease expired never held anything (it is reported as
        // unsafe below): etcd 3.4's Mutex does not check that its key survived the wait
        const valid = end(a) > a.acquiredAt && end(b) > b.acquiredAt;
        if (valid && a.rev !== undefined && b.rev !== undefined && b.rev <= a.rev && b.acquiredAt > a.acquiredAt) {
          result.violations.push({
            kind: 'fencing', lock, a, b, from: a.acquiredAt, to: b.acquiredAt,
            message: `${lock}: ${who(b)} acquired after ${who(a)} with fencing revision ${b.rev} <= ${a.rev}`,
          });
        }
      }
    }
    result.unsafe.push(...unsafeHolds(sorted, expiry));
  }
  result.ok = result.violations.length === 0;
  return result;
}

/** unsafeHolds finds holders that kept believing in the lock after their lease expired. */
function unsafeHolds(sorted: LockHold[], expiry: Map<bigint, number>): UnsafeHold[] {
  const out: UnsafeHold[] = [];
  for (const h of sorted) {
    const e = expiry.get(h.leaseId);
    const rel = h.releasedAt ?? Infinity;
    if (e === undefined || e >= rel) continue;
    const overtakenBy = sorted.find((o) => o !== h && o.acquiredAt >= Math.max(e, h.acquiredAt) && o.acquiredAt < rel) ?? null;
    if (overtakenBy === null && rel === Infinity) continue; // crashed holder, nobody relied on it
    const what = e < h.acquiredAt ? `acquired ${h.lock} at ${h.acquiredAt} after its lease expired at ${e}` :
      `still held ${h.lock} until ${rel === Infinity ? 'the end' : rel} after its lease expired at ${e}`;
    const by = overtakenBy === null ? '' : `; ${who(overtakenBy)} acquired it at ${overtakenBy.acquiredAt}`;
    out.push({ hold: h, leaseExpiredAt: e, overtakenBy, message: `${who(h)} ${what}${by}` });
  }
  return out;
}
