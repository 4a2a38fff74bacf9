/**
 * One lease as the lessor holds it in memory (etcd's server/lease/lease.go).
 *
 * ```
 *   granted TTL (ttl) ........ fixed at grant, raised to the minimum TTL
 *   remainingTTL ............. last checkpointed remaining seconds; 0 = unset, use ttl
 *   expiryMs ................. when the primary will revoke it; FOREVER on every other member
 *
 *   primary:   |---- now ----------------- expiryMs ---->  refresh(now, extend) =
 *                                                          now + extend + (remainingTTL || ttl) s
 *   follower:  expiryMs = FOREVER (only the leader decides that a lease has expired)
 * ```
 */
import { assert } from './assert';

/** The expiry of a lease nobody is timing: followers and demoted leaders hold leases forever. */
export const FOREVER = Number.POSITIVE_INFINITY;

/** A read-only picture of a lease, as `lookup` and `leases` hand it out. */
export interface LeaseView {
  ID: bigint;
  /** Granted TTL in seconds. */
  ttl: number;
  /** Last checkpointed remaining TTL in seconds, 0 when none. */
  remainingTTL: number;
  /** Expiry in host milliseconds; FOREVER (Infinity) when this member is not the primary. */
  expiryMs: number;
  /** Attached keys, in the order they were attached. */
  keys: Uint8Array[];
}

/** keyString is the Map key for a byte key: one UTF-16 unit per byte, so string order = byte order. */
export function keyString(key: Uint8Array): string {
  let s = '';
  for (let i = 0; i < key.length; i++) s += String.fromCharCode(key[i]!);
  return s;
}

/** Lease is one lease's mutable state inside the lessor. */
export class Lease {
  readonly ID: bigint;
  /** Granted TTL in seconds; never below the lessor's minimum TTL. */
  readonly ttl: number;
  /** Remaining TTL from the last applied checkpoint, in seconds; 0 means unset. */
  remainingTTL: number;
  /** Expiry in host milliseconds, FOREVER unless this member is the primary. */
  expiryMs: number = FOREVER;
  /** Attached keys by keyString, in attach order (a key belongs to at most one lease). */
  readonly items = new Map<string, Uint8Array>();

  constructor(id: bigint, ttl: number, remainingTTL = 0) {
    assert(id !== 0n, 'lease ID 0 means "no lease"');
    assert(Number.isInteger(ttl) && Number.isInteger(remainingTTL), 'TTLs are whole seconds');
    this.ID = id;
    this.ttl = ttl;
    this.remainingTTL = remainingTTL;
  }

  /** The TTL a refresh counts from: the checkpointed remaining TTL when set, else the granted TTL. */
  getRemainingTTL(): number {
    return this.remainingTTL > 0 ? this.remainingTTL : this.ttl;
  }

  /** Sets the expiry to now + extend + getRemainingTTL() seconds. */
  refresh(nowMs: number, extendMs: number): void {
    this.expiryMs = nowMs + extendMs + this.getRemainingTTL() * 1000;
  }

  /** Sets the expiry to FOREVER (this member no longer times leases). */
  forever(): void {
    this.expiryMs = FOREVER;
  }

  /** Whether the expiry was reset to FOREVER. */
  demoted(): boolean {
    return this.expiryMs === FOREVER;
  }

  /** Milliseconds until expiry (negative once passed; Infinity when FOREVER). */
  remainingMs(nowMs: number): number {
    return this.expiryMs - nowMs;
  }

  /** Whether the expiry has been reached. */
  expired(nowMs: number): boolean {
    return this.remainingMs(nowMs) <= 0;
  }

  /** The attached keys, in attach order (copies). */
  keys(): Uint8Array[] {
    return [...this.items.values()].map((k) => k.slice());
  }

  /** A read-only copy for callers outside the lessor. */
  view(): LeaseView {
    return {
      ID: this.ID,
      ttl: this.ttl,
      remainingTTL: this.remainingTTL,
      expiryMs: this.expiryMs,
      keys: this.keys(),
    };
  }
}

/** compareByExpiry orders leases soonest expiry first, then by ID (etcd leaves ties unordered). */
export function compareByExpiry(a: { expiryMs: number; ID: bigint }, b: { expiryMs: number; ID: bigint }): number {
  if (a.expiryMs !== b.expiryMs) return a.expiryMs < b.expiryMs ? -1 : 1;
  if (a.ID === b.ID) return 0;
  return a.ID < b.ID ? -1 : 1;
}
