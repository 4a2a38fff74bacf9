/**
 * Spreading expiries after a promotion, as etcd's Promote does when there are at least
 * leaseRevokeRate leases.
 *
 * A new leader extends every lease by the same amount, so leases that expired close together
 * under the old leader would expire together again, and more than the revoke rate could fall
 * due in one second. Walking the leases soonest first in one-second windows, once a window holds
 * more than 3/4 of the rate the rest of it is pushed back in proportion to the overflow:
 *
 * ```
 *   expiries:  |||||||||||||||| |  |        (one window, too many)
 *   after:     ||||||||||||  |  |  |  |  |  (the overflow is delayed, ~1 s per 3/4 rate leases)
 * ```
 */
import { compareByExpiry, type Lease } from './lease';

/**
 * spreadExpiries delays the leases of crowded one-second windows. `leases` have just been
 * refreshed with `extendMs`; `onMoved` is called for each lease whose expiry changed.
 */
export function spreadExpiries(
  leases: Lease[],
  nowMs: number,
  extendMs: number,
  leaseRevokeRate: number,
  onMoved: (l: Lease) => void,
): void {
  if (leases.length === 0 || leases.length < leaseRevokeRate) return;
  const sorted = [...leases].sort(compareByExpiry);
  const targetExpiresPerSecond = Math.floor((3 * leaseRevokeRate) / 4);
  let baseWindow = sorted[0]!.remainingMs(nowMs);
  let nextWindow = baseWindow + 1000;
  let expires = 0;
  for (const l of sorted) {
    const remaining = l.remainingMs(nowMs);
    if (remaining > nextWindow) {
      baseWindow = remaining;
      nextWindow = baseWindow + 1000;
      expires = 1;
      continue;
    }
    expires++;
    if (expires <= targetExpiresPerSecond) continue;
    // A lease n seconds past the start of the window needs n seconds less delay.
    const delayMs = Math.trunc(1000 * (expires / targetExpiresPerSecond) - (remaining - baseWindow));
    nextWindow = baseWindow + delayMs;
    l.refresh(nowMs, delayMs + extendMs);
    onMoved(l);
  }
}
