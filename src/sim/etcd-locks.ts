/**
 * The lock workload of etcd mode: K lockers take one etcd lock the way `etcdctl lock` does,
 * with the console's own concurrency recipe (src/console/concurrency: a Session whose lease is
 * kept alive every TTL/3, a Mutex key `lock/l0/<lease hex>` attached to that lease, waiting for
 * the DELETE of the previous key) over a SimClusterClient pinned to a random member.
 *
 *   idle ─chance─► newSession ─► Mutex.lock ─acquired─► hold h ticks ─► unlock ─► session.close
 *                                    │ (no lock after giveUpTicks: the client goes away)
 *                                    └─► fail (the key stays until its lease expires)
 *
 * Each acquisition is a LockHold: acquiredAt when lock() returned, releasedAt when the holder
 * started to unlock, or when its session's keep-alive ended (the holder then knows the lock may
 * be lost, as `etcdctl lock` exits on session expiry). The run feeds every lease revocation a
 * member applies to `onRevoked`, so the lock checker can end a hold at its lease's expiry.
 */
import { Mutex } from '../console/concurrency/mutex';
import { newSession, type Session } from '../console/concurrency/session';
import type { LeaseExpiry, LockHold } from './checkers';
import type { ClientHost } from './etcd-clients';
import type { SimRand } from './prng';
import { SimClusterClient } from './sim-client';

/** LockOptions configure the lock workload. */
export interface LockOptions {
  lockers: number;
  /** rate is the per-tick chance an idle locker tries to take the lock. */
  rate: number;
  /** ttlSeconds is the session lease TTL (etcdctl lock --ttl). */
  ttlSeconds: number;
  /** holdTicksMax: a holder keeps the lock 1..holdTicksMax ticks. */
  holdTicksMax: number;
  /** giveUpTicks: a locker waiting longer closes its client. */
  giveUpTicks: number;
  /** deadlineTicks bounds each unary call. */
  deadlineTicks: number;
  tickMs: number;
}

/** LockStats count what the lockers did. */
export interface LockStats {
  attempts: number;
  acquired: number;
  /** lost: the session ended while holding. */
  lost: number;
  /** failed: the attempt ended without the lock (error, member down, gave up). */
  failed: number;
}

interface Locker {
  client: SimClusterClient;
  giveUpAt: number;
  holding: boolean;
}

/** LOCK_NAME is the lock every locker competes for. */
export const LOCK_NAME = 'lock/l0';

/** EtcdLockers runs the lock workload and records holds for the lock checker. */
export class EtcdLockers {
  readonly holds: LockHold[] = [];
  readonly stats: LockStats = { attempts: 0, acquired: 0, lost: 0, failed: 0 };
  private readonly expiry = new Map<bigint, number>();
  /** renewedUntil: per lease, the latest (keep-alive send time + TTL): it must not expire before. */
  readonly renewedUntil = new Map<bigint, number>();
  /** revokedByClient: per lease, when its session asked for the revocation (session.close). */
  readonly revokedByClient = new Map<bigint, number>();
  private readonly slots: (Locker | undefined)[];
  private nextProcess = 0;

  constructor(
    private readonly rand: SimRand,
    private readonly host: ClientHost,
    readonly opts: LockOptions,
  ) {
    this.slots = Array.from({ length: opts.lockers }, () => undefined);
  }

  /** expiries lists the first time any member applied the revocation of each lease. */
  expiries(): LeaseExpiry[] {
    return [...this.expiry].map(([leaseId, expiredAt]) => ({ leaseId, expiredAt }));
  }

  /** onRevoked records that a member applied the revocation (expiry or revoke) of lease `id` now. */
  onRevoked(id: bigint): void {
    if (!this.expiry.has(id)) this.expiry.set(id, this.time());
  }

  /**
   * earlyExpiries lists leases the cluster expired before the TTL their last keep-alive was
   * granted ran out (counted from when that keep-alive was sent), unless the session itself
   * asked for the revocation first: a lease must not expire early, or a lock is not safe even
   * for a holder that keeps its session alive.
   */
  earlyExpiries(): string[] {
    const out: string[] = [];
    for (const [lease, expiredAt] of this.expiry) {
      const until = this.renewedUntil.get(lease);
      const revoked = this.revokedByClient.get(lease);
      if (until === undefined || expiredAt >= until || (revoked !== undefined && revoked <= expiredAt)) continue;
      out.push(`lease ${lease.toString(16)} expired at ${expiredAt} ms, but a keep-alive granted it until ${until} ms`);
    }
    return out;
  }

  /** busy reports whether any locker is still working. */
  busy(): boolean {
    return this.slots.some((l) => l !== undefined);
  }

  private time(): number {
    return this.host.now * this.opts.tickMs;
  }

  /** step drives the lockers' clients; idle lockers start (unless stopped); stopped ones let go. */
  step(stopped: boolean): void {
    for (let slot = 0; slot < this.slots.length; slot++) {
      const l = this.slots[slot];
      if (l !== undefined) {
        l.client.onTick();
        if (stopped || (!l.holding && this.host.now >= l.giveUpAt)) l.client.close();
        continue;
      }
      if (stopped || !this.rand.chance(this.opts.rate)) continue;
      this.start(slot, this.rand.pick(this.host.ids));
    }
  }

  private start(slot: number, id: number): void {
    const o = this.opts;
    const client = new SimClusterClient(this.host, id, o.tickMs, o.deadlineTicks);
    const l: Locker = { client, giveUpAt: this.host.now + o.giveUpTicks, holding: false };
    this.slots[slot] = l;
    this.stats.attempts++;
    const process = this.nextProcess++;
    const holdTicks = this.rand.between(1, o.holdTicksMax);
    void this.run(l, process, holdTicks).finally(() => {
      l.client.close();
      for (const r of l.client.renewals) {
        const until = r.sentAt * o.tickMs + r.ttl * 1000;
        if (until > (this.renewedUntil.get(r.lease) ?? 0)) this.renewedUntil.set(r.lease, until);
      }
      if (this.slots[slot] === l) this.slots[slot] = undefined;
    });
  }

  private async run(l: Locker, process: number, holdTicks: number): Promise<void> {
    const opts = { timeoutMs: this.opts.deadlineTicks * this.opts.tickMs };
    let session: Session | undefined;
    try {
      session = await newSession(l.client, this.opts.ttlSeconds, opts);
      const m = new Mutex(session, LOCK_NAME);
      await m.lock(opts);
      l.holding = true;
      const hold: LockHold = { lock: LOCK_NAME, client: process, leaseId: session.lease, acquiredAt: this.time(), releasedAt: null, rev: m.revision() };
      this.holds.push(hold);
      this.stats.acquired++;
      const lost = await Promise.race([l.client.sleep(holdTicks * this.opts.tickMs).then(() => false), session.done.then(() => true)]);
      hold.releasedAt = this.time();
      l.holding = false;
      if (lost) {
        this.stats.lost++;
        return;
      }
      await m.unlock(opts).catch(() => undefined);
      this.revokedByClient.set(session.lease, this.time());
      await session.close(opts).catch(() => undefined);
    } catch {
      this.stats.failed++;
    } finally {
      session?.orphan();
    }
  }
}
