/**
 * A model test: random grant/revoke/attach/detach/renew/checkpoint/promote/demote/reopen
 * sequences, run against the Lessor and against a naive model of etcd's rules, compared after
 * every step (leases, TTLs, remaining TTLs, expiries, attached keys, errors).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrLeaseExists, ErrLeaseNotFound, ErrLeaseRevokePending, ErrLeaseTTLTooLarge, ErrNotPrimary } from './errors';
import { Lessor } from './lessor';
import { MapBackend, MapDisk } from './testing/map-backend';

const MIN_TTL = 2;
const KEYS = ['a', 'b', 'c', 'd', 'e'];
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

type Op =
  | { op: 'grant'; id: number; ttl: number }
  | { op: 'revoke' | 'renew'; id: number }
  | { op: 'attach' | 'detach'; id: number; key: number }
  | { op: 'checkpoint'; id: number; rem: number }
  | { op: 'promote'; extend: number }
  | { op: 'demote' | 'reopen' }
  | { op: 'advance'; ms: number };

const id = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 4 }) }, fc.constant(0));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('grant' as const), id, ttl: fc.integer({ min: -1, max: 12 }) }) },
  fc.record({ op: fc.constant('grant' as const), id, ttl: fc.constant(9_000_000_001) }),
  fc.record({ op: fc.constantFrom('revoke' as const, 'renew' as const), id }),
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('attach' as const, 'detach' as const), id, key: fc.integer({ min: 0, max: KEYS.length - 1 }) }) },
  fc.record({ op: fc.constant('checkpoint' as const), id, rem: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ op: fc.constant('promote' as const), extend: fc.constantFrom(0, 1000) }),
  fc.record({ op: fc.constantFrom('demote' as const, 'reopen' as const) }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5000 }) }) },
);

interface ML {
  ttl: number;
  rem: number;
  expiry: number;
  keys: Set<string>;
}

class Model {
  leases = new Map<number, ML>();
  primary = false;

  owner(key: string): number {
    for (const [i, l] of this.leases) if (l.keys.has(key)) return i;
    return 0;
  }

  apply(o: Op, now: number): string | undefined {
    switch (o.op) {
      case 'grant': {
        if (o.id === 0) return 'ErrLeaseNotFound';
        if (o.ttl > 9_000_000_000) return 'ErrLeaseTTLTooLarge';
        if (this.leases.has(o.id)) return 'ErrLeaseExists';
        const ttl = Math.max(o.ttl, MIN_TTL);
        this.leases.set(o.id, { ttl, rem: 0, expiry: this.primary ? now + ttl * 1000 : Infinity, keys: new Set() });
        return undefined;
      }
      case 'revoke':
        return this.leases.delete(o.id) ? undefined : 'ErrLeaseNotFound';
      case 'renew': {
        if (!this.primary) return 'ErrNotPrimary';
        const l = this.leases.get(o.id);
        if (l === undefined) return 'ErrLeaseNotFound';
        if (l.expiry <= now) return 'ErrLeaseRevokePending';
        l.expiry = now + l.ttl * 1000; // with checkpointing on, a renew always restarts the full TTL
        return undefined;
      }
      case 'attach': {
        const l = this.leases.get(o.id);
        if (l === undefined) return 'ErrLeaseNotFound';
        for (const other of this.leases.values()) other.keys.delete(KEYS[o.key]!);
        l.keys.add(KEYS[o.key]!);
        return undefined;
      }
      case 'detach':
        this.leases.get(o.id)?.keys.delete(KEYS[o.key]!);
        return undefined;
      case 'checkpoint': {
        const l = this.leases.get(o.id);
        if (l !== undefined) l.rem = o.rem;
        return undefined;
      }
      case 'promote':
        this.primary = true;
        for (const l of this.leases.values()) l.expiry = now + o.extend + (l.rem > 0 ? l.rem : l.ttl) * 1000;
        return undefined;
      case 'demote':
      case 'reopen':
        this.primary = false;
        for (const l of this.leases.values()) l.expiry = Infinity;
        return undefined;
      case 'advance':
        return undefined;
    }
  }
}

function run(lessor: Lessor, o: Op, now: number): string | undefined {
  const big = BigInt(o.op === 'grant' || o.op === 'revoke' || o.op === 'renew' || o.op === 'attach' || o.op === 'detach' || o.op === 'checkpoint' ? o.id : 0);
  try {
    switch (o.op) {
      case 'grant': lessor.grant(big, o.ttl, now); break;
      case 'revoke': lessor.revoke(big); break;
      case 'renew': lessor.renew(big, now); break;
      case 'attach': lessor.attach(big, enc(KEYS[o.key]!)); break;
      case 'detach': lessor.detach(big, enc(KEYS[o.key]!)); break;
      case 'checkpoint': lessor.checkpoint(big, o.rem, now); break;
      case 'promote': lessor.promote(o.extend, now); break;
      case 'demote': lessor.demote(); break;
      default: break;
    }
  } catch (e) {
    for (const E of [ErrLeaseRevokePending, ErrLeaseNotFound, ErrLeaseExists, ErrLeaseTTLTooLarge, ErrNotPrimary]) {
      if (e instanceof E) return E.name;
    }
    throw e;
  }
  return undefined;
}

describe('Lessor against a naive model', () => {
  it('agrees on every step, across reopen from the committed backend', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 60, size: 'max' }), async (ops) => {
        const disk = new MapDisk();
        let be = new MapBackend(disk);
        const deleter = { deleteKeys: () => {} };
        let lessor = new Lessor({ backend: be, rangeDeleter: deleter, minLeaseTTL: MIN_TTL });
        const model = new Model();
        let now = 0;
        for (const o of ops) {
          if (o.op === 'advance') now += o.ms;
          if (o.op === 'reopen') {
            await be.forceCommit();
            be = new MapBackend(disk);
            lessor = new Lessor({ backend: be, rangeDeleter: deleter, minLeaseTTL: MIN_TTL });
            // the MVCC store re-attaches its keys when it restores
            for (const [i, l] of model.leases) for (const k of l.keys) lessor.attach(BigInt(i), enc(k));
          }
          expect(run(lessor, o, now)).toBe(model.apply(o, now));
          const want = [...model.leases]
            .map(([i, l]) => ({ ID: BigInt(i), ttl: l.ttl, remainingTTL: l.rem, expiryMs: l.expiry, keys: [...l.keys].sort() }))
            .sort((a, b) => (a.expiryMs !== b.expiryMs ? (a.expiryMs < b.expiryMs ? -1 : 1) : Number(a.ID - b.ID)));
          const got = lessor.leases().map((l) => ({ ...l, keys: l.keys.map(dec).sort() }));
          expect(got).toEqual(want);
          for (const k of KEYS) expect(lessor.getLease(enc(k))).toBe(BigInt(model.owner(k)));
        }
      }),
      { numRuns: 200 },
    );
  });
});
