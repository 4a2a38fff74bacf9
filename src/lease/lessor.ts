/**
 * The lessor: every lease of one member (etcd's server/lease/lessor.go), pure.
 *
 * Every member applies the same grant, revoke and checkpoint entries, so every member holds the
 * same leases, persisted in the backend's `lease` bucket. Only the **primary** lessor (the Raft
 * leader's) times them:
 *
 * ```
 *             promote(extendMs)                          expiries = now + extend + TTL
 *   follower ───────────────────▶ primary ──┐ renew      (remaining TTL when checkpointed)
 *   (FOREVER) ◀─────────────────── (timed) ◀┘ findExpiredLeases → server proposes LeaseRevoke
 *             demote()                       findDueCheckpoints → server proposes LeaseCheckpoint
 * ```
 *
 * The lessor reads no clock: each call that needs the time takes `nowMs`, the host's clock in
 * milliseconds (the same clock for every call to one lessor). It starts no work by itself: the
 * server calls findExpiredLeases and findDueCheckpoints (etcd does so every 500 ms) and
 * proposes what they return.
 */
import type { Backend } from '../backend/backend';
import { assert } from './assert';
import { MAX_LEASE_TTL, resolveConfig, type ResolvedLessorConfig } from './config';
import { ErrLeaseExists, ErrLeaseNotFound, ErrLeaseRevokePending, ErrLeaseTTLTooLarge, ErrNotPrimary } from './errors';
import type { LessorEvent, LessorListener } from './events';
import { compareByExpiry, keyString, Lease, type LeaseView } from './lease';
import { LeaseExpiredNotifier, LeaseQueue } from './lease-queue';
import { unsafeDeleteLease, unsafeGetAllLeases, unsafePutLease } from './lease-store';
import { spreadExpiries } from './promote-spread';
import type { LeaseCheckpoint, LeaseTimeToLive, LessorOptions, RangeDeleter } from './types';

export type { LeaseCheckpoint, LeaseTimeToLive, LessorOptions, RangeDeleter } from './types';

function asKeys(keys: Uint8Array | readonly Uint8Array[]): readonly Uint8Array[] {
  return keys instanceof Uint8Array ? [keys] : keys;
}

/** Lessor owns one member's leases: grant, revoke, attach, renew, expiry and checkpoints. */
export class Lessor {
  private readonly cfg: ResolvedLessorConfig;
  private backend: Backend;
  private rd: RangeDeleter | undefined;
  private listener: LessorListener | undefined;
  /** True while this member is the Raft leader: only then are expiries finite. */
  private primary = false;
  private leaseMap = new Map<bigint, Lease>();
  /** Key (keyString) → the lease it is attached to; mirrors every lease's `items`. */
  private itemMap = new Map<string, bigint>();
  /** Primary only: one entry per lease, at its expiry (or its next expiry re-check). */
  private expiredNotifier = new LeaseExpiredNotifier();
  /** Primary only: when each lease is next due for a checkpoint (may repeat an ID). */
  private checkpointQueue = new LeaseQueue();
  /** Primary only: leases renewed while checkpointed, whose checkpoint must be cleared. */
  private pendingClears = new Set<bigint>();

  constructor(opts: LessorOptions) {
    this.cfg = resolveConfig(opts);
    assert(this.cfg.expiredLeaseRetryIntervalMs > 0, 'expiredLeaseRetryIntervalMs must be > 0');
    assert(this.cfg.leaseRevokeRate >= 2, 'leaseRevokeRate must be >= 2');
    this.backend = opts.backend;
    this.rd = opts.rangeDeleter;
    this.listener = opts.listener;
    this.initAndRecover();
  }

  /** Sets the range deleter (the MVCC store is created after the lessor, as in etcd). */
  setRangeDeleter(rd: RangeDeleter): void {
    this.rd = rd;
  }

  /** Sets (or clears) the event listener. */
  setListener(listener: LessorListener | undefined): void {
    this.listener = listener;
  }

  /** Whether this lessor is the primary (its member is the Raft leader). */
  isPrimary(): boolean {
    return this.primary;
  }

  /** The lessor's effective configuration. */
  config(): Readonly<ResolvedLessorConfig> {
    return this.cfg;
  }

  /**
   * Applies a LeaseGrant: a new lease of `ttl` seconds (raised to the minimum TTL), persisted.
   * Throws ErrLeaseNotFound for ID 0, ErrLeaseTTLTooLarge, ErrLeaseExists.
   */
  grant(id: bigint, ttl: number, nowMs: number): LeaseView {
    if (id === 0n) throw new ErrLeaseNotFound();
    if (ttl > MAX_LEASE_TTL) throw new ErrLeaseTTLTooLarge();
    assert(Number.isSafeInteger(ttl), `lease TTL must be whole seconds, got ${ttl}`);
    if (this.leaseMap.has(id)) throw new ErrLeaseExists();
    const l = new Lease(id, Math.max(ttl, this.cfg.minLeaseTTL));
    if (this.primary) l.refresh(nowMs, 0);
    this.leaseMap.set(id, l);
    this.persist(l);
    if (this.primary) {
      this.expiredNotifier.registerOrUpdate(id, l.expiryMs);
      this.scheduleCheckpointIfNeeded(l, nowMs);
    }
    this.emit({ type: 'granted', ID: id, ttl: l.ttl, expiryMs: l.expiryMs });
    return l.view();
  }

  /**
   * Applies a LeaseRevoke: removes the lease, deletes its keys (sorted, so every member deletes
   * them in the same order and hashes agree) through the RangeDeleter in ONE call, and removes
   * the lease record. Returns the deleted keys. Throws ErrLeaseNotFound.
   */
  revoke(id: bigint): Uint8Array[] {
    const l = this.leaseMap.get(id);
    if (l === undefined) throw new ErrLeaseNotFound();
    assert(this.rd !== undefined || l.items.size === 0, 'revoke of a lease with keys needs a RangeDeleter');
    // The lease leaves the map first, so the store's detach hooks during the delete find nothing.
    this.leaseMap.delete(id);
    const sorted = [...l.items.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [ks] of sorted) {
      if (this.itemMap.get(ks) === id) this.itemMap.delete(ks);
    }
    const keys = sorted.map(([, key]) => key);
    this.rd?.deleteKeys(keys);
    unsafeDeleteLease(this.backend.batchTx(), id);
    this.pendingClears.delete(id);
    this.emit({ type: 'revoked', ID: id, keys });
    return keys;
  }

  /**
   * Applies one LeaseCheckpoint: records the lease's remaining TTL (used by the next promote),
   * persists it when configured, and on the primary schedules the next checkpoint. A checkpoint
   * of an unknown lease is ignored, as in etcd.
   */
  checkpoint(id: bigint, remainingTTL: number, nowMs: number): void {
    assert(Number.isSafeInteger(remainingTTL) && remainingTTL >= 0, `bad remaining TTL ${remainingTTL}`);
    const l = this.leaseMap.get(id);
    if (l === undefined) return;
    l.remainingTTL = remainingTTL;
    if (this.cfg.checkpointPersist) this.persist(l);
    if (this.primary) this.scheduleCheckpointIfNeeded(l, nowMs);
    this.emit({ type: 'checkpoint', ID: id, remainingTTL });
  }

  /**
   * Renews a lease (keep-alive) on the primary: expiry = now + TTL. Returns the granted TTL.
   * Throws ErrNotPrimary on a follower (the server forwards to the leader), ErrLeaseNotFound,
   * or ErrLeaseRevokePending when the lease has expired and awaits its revocation.
   */
  renew(id: bigint, nowMs: number): number {
    if (!this.primary) throw new ErrNotPrimary();
    const l = this.leaseMap.get(id);
    if (l === undefined) throw new ErrLeaseNotFound();
    if (l.expired(nowMs)) throw new ErrLeaseRevokePending();
    if (this.cfg.enableCheckpoint && l.remainingTTL > 0) {
      // etcd proposes the clearing checkpoint and waits for it before refreshing, so the renewed
      // expiry counts from the full TTL; we queue the clear for findDueCheckpoints instead.
      this.pendingClears.add(id);
      l.expiryMs = nowMs + l.ttl * 1000;
    } else {
      l.refresh(nowMs, 0);
    }
    this.expiredNotifier.registerOrUpdate(id, l.expiryMs);
    this.emit({ type: 'renewed', ID: id, ttl: l.ttl, expiryMs: l.expiryMs });
    return l.ttl;
  }

  /** The lease with this ID, or undefined. */
  lookup(id: bigint): LeaseView | undefined {
    return this.leaseMap.get(id)?.view();
  }

  /** Whether a lease with this ID exists (the check a put with a lease makes first). */
  exists(id: bigint): boolean {
    return this.leaseMap.has(id);
  }

  /** Every lease, soonest expiry first (then by ID), as etcd's Leases. */
  leases(): LeaseView[] {
    return [...this.leaseMap.values()].sort(compareByExpiry).map((l) => l.view());
  }

  /** The lease `key` is attached to, 0n when none (etcd's GetLease). */
  getLease(key: Uint8Array): bigint {
    return this.itemMap.get(keyString(key)) ?? 0n;
  }

  /**
   * TimeToLive on the primary: remaining seconds (truncated), granted TTL, keys if asked.
   * Throws ErrNotPrimary on a follower (the server forwards to the leader), ErrLeaseNotFound.
   */
  timeToLive(id: bigint, nowMs: number, keys = false): LeaseTimeToLive {
    if (!this.primary) throw new ErrNotPrimary();
    const l = this.leaseMap.get(id);
    if (l === undefined) throw new ErrLeaseNotFound();
    const TTL = Math.trunc(l.remainingMs(nowMs) / 1000) || 0;
    return { ID: id, TTL, grantedTTL: l.ttl, keys: keys ? l.keys() : [] };
  }

  /**
   * Attaches keys to a lease: the hook the MVCC store calls for a put with a lease (and when it
   * restores keys on open); one key or several. A key already attached to another lease moves.
   * Throws ErrLeaseNotFound (the store checks `exists` first, as etcd's apply does).
   */
  attach(id: bigint, keys: Uint8Array | readonly Uint8Array[]): void {
    const l = this.leaseMap.get(id);
    if (l === undefined) throw new ErrLeaseNotFound();
    for (const key of asKeys(keys)) {
      const ks = keyString(key);
      const prev = this.itemMap.get(ks);
      if (prev !== undefined && prev !== id) this.leaseMap.get(prev)?.items.delete(ks);
      if (!l.items.has(ks)) l.items.set(ks, key.slice());
      this.itemMap.set(ks, id);
    }
  }

  /**
   * Detaches keys from a lease: the hook the MVCC store calls when a leased key is deleted or
   * overwritten without its lease. Returns false (and does nothing) when the lease does not
   * exist; etcd returns ErrLeaseNotFound there and its store only logs it, so the store need
   * not handle an error (it happens for every key of a revoke).
   */
  detach(id: bigint, keys: Uint8Array | readonly Uint8Array[]): boolean {
    const l = this.leaseMap.get(id);
    if (l === undefined) return false;
    for (const key of asKeys(keys)) {
      const ks = keyString(key);
      l.items.delete(ks);
      if (this.itemMap.get(ks) === id) this.itemMap.delete(ks);
    }
    return true;
  }

  /**
   * Makes this lessor the primary, when its member becomes the Raft leader: every lease expires
   * at now + extendMs + its remaining TTL (the checkpointed one, else the full TTL). etcd's
   * server passes the election timeout as `extendMs`. With at least leaseRevokeRate leases the
   * expiries are spread out (promote-spread.ts).
   */
  promote(extendMs: number, nowMs: number): void {
    assert(extendMs >= 0, 'extendMs must be >= 0');
    this.primary = true;
    const all = [...this.leaseMap.values()];
    for (const l of all) {
      l.refresh(nowMs, extendMs);
      this.expiredNotifier.registerOrUpdate(l.ID, l.expiryMs);
      this.scheduleCheckpointIfNeeded(l, nowMs);
    }
    spreadExpiries(all, nowMs, extendMs, this.cfg.leaseRevokeRate, (l) => {
      this.expiredNotifier.registerOrUpdate(l.ID, l.expiryMs);
      this.scheduleCheckpointIfNeeded(l, nowMs);
    });
    this.emit({ type: 'promoted', extendMs, leases: all.length });
  }

  /** Stops being the primary, when the member loses leadership: every expiry becomes FOREVER. */
  demote(): void {
    for (const l of this.leaseMap.values()) l.forever();
    this.checkpointQueue = new LeaseQueue();
    this.expiredNotifier = new LeaseExpiredNotifier();
    this.pendingClears.clear();
    const was = this.primary;
    this.primary = false;
    if (was) this.emit({ type: 'demoted' });
  }

  /**
   * On the primary, the leases past their expiry, at most `limit` (etcd checks every 500 ms with
   * half the revoke rate, so 1000 per second). The server proposes a LeaseRevoke for each. A
   * reported lease is reported again after expiredLeaseRetryIntervalMs if it is still there
   * (its revoke was lost, e.g. to a leader change). Empty on a follower.
   */
  findExpiredLeases(nowMs: number, limit = Math.floor(this.cfg.leaseRevokeRate / 2)): bigint[] {
    const out: bigint[] = [];
    if (!this.primary || limit <= 0) return out;
    for (;;) {
      const item = this.expiredNotifier.peek();
      if (item === undefined) break;
      const l = this.leaseMap.get(item.id);
      if (l === undefined) {
        this.expiredNotifier.unregister(); // revoked meanwhile
        continue;
      }
      if (nowMs < item.timeMs) break;
      this.expiredNotifier.registerOrUpdate(l.ID, nowMs + this.cfg.expiredLeaseRetryIntervalMs);
      if (l.expired(nowMs)) {
        out.push(l.ID);
        this.emit({ type: 'expired', ID: l.ID, expiryMs: l.expiryMs });
        if (out.length === limit) break;
      }
    }
    return out;
  }

  /**
   * On the primary with checkpointing enabled, the checkpoints due now (clears queued by renew
   * first), at most `limit`. The server proposes them as one LeaseCheckpointRequest; applying
   * it calls checkpoint() on every member, which schedules the next one. Empty on a follower.
   */
  findDueCheckpoints(nowMs: number, limit = this.cfg.maxCheckpointBatchSize): LeaseCheckpoint[] {
    const cps: LeaseCheckpoint[] = [];
    if (!this.primary || !this.cfg.enableCheckpoint) return cps;
    for (const id of this.pendingClears) {
      if (cps.length >= limit) return cps;
      this.pendingClears.delete(id);
      if (this.leaseMap.has(id)) cps.push({ ID: id, remainingTTL: 0 });
    }
    while (cps.length < limit) {
      const lt = this.checkpointQueue.peek();
      if (lt === undefined || lt.timeMs > nowMs) break;
      this.checkpointQueue.pop();
      const l = this.leaseMap.get(lt.id);
      if (l === undefined || l.expired(nowMs)) continue;
      const remainingTTL = Math.ceil(l.remainingMs(nowMs) / 1000);
      if (remainingTTL >= l.ttl) continue;
      cps.push({ ID: l.ID, remainingTTL });
    }
    return cps;
  }

  /**
   * Reloads every lease from the backend (etcd's Recover, after a snapshot replaced the
   * backend; `backend` is the new one, if it changed). Attachments are dropped: the MVCC store
   * re-attaches its keys when it restores, so recover the lessor BEFORE the store. Expiries are
   * FOREVER; on the primary they are refreshed at once from `nowMs` with the remaining TTL.
   */
  recover(nowMs: number, backend?: Backend): void {
    if (backend !== undefined) this.backend = backend;
    this.leaseMap = new Map();
    this.itemMap = new Map();
    this.expiredNotifier = new LeaseExpiredNotifier();
    this.checkpointQueue = new LeaseQueue();
    this.pendingClears.clear();
    this.initAndRecover();
    if (!this.primary) return;
    for (const l of this.leaseMap.values()) {
      l.refresh(nowMs, 0);
      this.expiredNotifier.registerOrUpdate(l.ID, l.expiryMs);
      this.scheduleCheckpointIfNeeded(l, nowMs);
    }
  }

  /**
   * Loads the `lease` bucket: each lease with its TTL (raised to the current minimum) and its
   * checkpointed remaining TTL, expiry FOREVER until a promote (etcd's initAndRecover).
   */
  private initAndRecover(): void {
    for (const rec of unsafeGetAllLeases(this.backend.readTx())) {
      const ttl = Math.max(rec.TTL, this.cfg.minLeaseTTL);
      this.leaseMap.set(rec.ID, new Lease(rec.ID, ttl, Math.max(rec.RemainingTTL, 0)));
    }
  }

  private scheduleCheckpointIfNeeded(l: Lease, nowMs: number): void {
    if (!this.cfg.enableCheckpoint) return;
    if (l.getRemainingTTL() > Math.trunc(this.cfg.checkpointIntervalMs / 1000)) {
      this.checkpointQueue.push(l.ID, nowMs + this.cfg.checkpointIntervalMs);
    }
  }

  private persist(l: Lease): void {
    unsafePutLease(this.backend.batchTx(), { ID: l.ID, TTL: l.ttl, RemainingTTL: l.remainingTTL });
  }

  private emit(e: LessorEvent): void {
    this.listener?.(e);
  }
}
