import { describe, expect, it } from 'vitest';
import { minLeaseTTL } from './config';
import {
  ErrLeaseExists,
  ErrLeaseNotFound,
  ErrLeaseRevokePending,
  ErrLeaseTTLTooLarge,
  ErrNotPrimary,
} from './errors';
import type { LessorEvent } from './events';
import { FOREVER } from './lease';
import { formatLeaseId, IDGenerator } from './lease-id';
import { Lessor, type LessorOptions } from './lessor';
import { bytes, FakeKV, str } from './testing/fake-kv';
import { MapBackend } from './testing/map-backend';

/** A single-member lessor that is the primary from t=0 (promoted with no extension). */
function leader(opts: Partial<LessorOptions> = {}): { lessor: Lessor; kv: FakeKV; be: MapBackend; events: LessorEvent[] } {
  const be = new MapBackend();
  const events: LessorEvent[] = [];
  const lessor = new Lessor({ backend: be, listener: (e) => events.push(e), ...opts });
  const kv = new FakeKV(lessor);
  lessor.setRangeDeleter(kv);
  lessor.promote(0, 0);
  return { lessor, kv, be, events };
}

describe('minLeaseTTL', () => {
  it("is ceil(floor(3*electionTicks/2) * heartbeat) seconds, like etcd's integer arithmetic", () => {
    expect(minLeaseTTL(10, 100)).toBe(2); // etcd's defaults: 1.5 s -> 2 s
    expect(minLeaseTTL(5, 100)).toBe(1); // 15/2 = 7 ticks = 0.7 s
    expect(minLeaseTTL(20, 100)).toBe(3);
    expect(minLeaseTTL(10, 1000)).toBe(15);
    expect(minLeaseTTL(3, 100)).toBe(1); // 9/2 = 4 ticks = 0.4 s
  });
});

describe('grant', () => {
  it('raises TTLs below the minimum to it (10-lease.txt: grant 1 and grant 0 give TTL(2s))', () => {
    const { lessor } = leader();
    expect(lessor.grant(1n, 10, 0).ttl).toBe(10);
    expect(lessor.grant(2n, 1, 0).ttl).toBe(2);
    expect(lessor.grant(3n, 0, 0).ttl).toBe(2);
    expect(lessor.grant(4n, -5, 0).ttl).toBe(2);
    expect(leader({ minLeaseTTL: 5 }).lessor.grant(1n, 3, 0).ttl).toBe(5);
  });

  it("rejects TTLs above 9,000,000,000 s with etcd's text (G44)", () => {
    const { lessor } = leader();
    expect(() => lessor.grant(1n, 9_000_000_001, 0)).toThrow(ErrLeaseTTLTooLarge);
    expect(() => lessor.grant(1n, 9_000_000_001, 0)).toThrow('etcdserver: too large lease TTL');
    expect(lessor.grant(1n, 9_000_000_000, 0).ttl).toBe(9_000_000_000);
  });

  it('rejects a duplicate ID and ID 0, checking the TTL first as etcd does', () => {
    const { lessor } = leader();
    lessor.grant(7n, 60, 0);
    expect(() => lessor.grant(7n, 60, 0)).toThrow(ErrLeaseExists);
    expect(() => lessor.grant(7n, 60, 0)).toThrow('etcdserver: lease already exists');
    expect(() => lessor.grant(7n, 9_000_000_001, 0)).toThrow(ErrLeaseTTLTooLarge);
    expect(() => lessor.grant(0n, 60, 0)).toThrow('etcdserver: requested lease not found');
  });

  it('sets a finite expiry only on the primary', () => {
    const { lessor } = leader();
    expect(lessor.grant(1n, 30, 1000).expiryMs).toBe(31_000);
    const follower = new Lessor({ backend: new MapBackend() });
    expect(follower.grant(1n, 30, 1000).expiryMs).toBe(FOREVER);
  });
});

describe('41-fresh-lease.txt replayed', () => {
  it('grant, attach two keys, timetolive --keys, list, revoke in one revision, then not found', () => {
    const gen = new IDGenerator(0x474f8fd6da73ef6fn, 1795503213132);
    const { lessor, kv } = leader();
    kv.rev = 10; // the fresh cluster's revision before G31 (9.1 ran first)
    const id = gen.nextLeaseID();
    expect(formatLeaseId(id)).toMatch(/^6f6f/);
    const L = lessor.grant(id, 60, 0);
    expect(`lease ${formatLeaseId(L.ID)} granted with TTL(${L.ttl}s)`).toMatch(/granted with TTL\(60s\)$/);

    kv.put('k1', 'v1', id);
    kv.put('k2', 'v2', id);
    expect(kv.rev).toBe(12);

    const ttl = lessor.timeToLive(id, 40, true);
    expect({ TTL: ttl.TTL, granted: ttl.grantedTTL, keys: str(ttl.keys) }).toEqual({ TTL: 59, granted: 60, keys: ['k1', 'k2'] });
    expect(lessor.leases().map((l) => l.ID)).toEqual([id]);

    expect(str(lessor.revoke(id))).toEqual(['k1', 'k2']);
    expect(kv.deleteCalls).toEqual([['k1', 'k2']]); // ONE call: one write txn
    expect(kv.rev).toBe(13); // 12 -> 13, as G37
    expect(kv.keys()).toEqual([]);

    expect(() => lessor.timeToLive(id, 50)).toThrow(ErrLeaseNotFound); // "already expired"
    expect(() => lessor.revoke(id)).toThrow('etcdserver: requested lease not found'); // G39
    expect(lessor.leases()).toEqual([]);

    const id2 = gen.nextLeaseID();
    lessor.grant(id2, 5, 60);
    lessor.revoke(id2); // no keys: the deleter sees an empty list, no new revision
    expect(kv.deleteCalls[1]).toEqual([]);
    expect(kv.rev).toBe(13);
  });
});

describe('11-lease2.txt replayed', () => {
  it('keys attach in order, move off the lease on a put without it, remaining truncates', () => {
    const { lessor, kv } = leader();
    const L = 0x1eeea20c54ca4c98n;
    lessor.grant(L, 30, 0);
    kv.put('lk1', 'v1', L);
    kv.put('lk2', 'v2', L);
    kv.put('lk0', 'v0');
    expect(lessor.timeToLive(L, 5).TTL).toBe(29); // just after granting 30 s it shows 29
    expect(str(lessor.timeToLive(L, 5, true).keys)).toEqual(['lk1', 'lk2']);
    expect(lessor.timeToLive(L, 5).keys).toEqual([]);
    expect(lessor.renew(L, 1000)).toBe(30); // keep-alive --once prints TTL(30)
    kv.put('lk0', 'v0', L); // put --ignore-value --lease
    kv.put('lk1', 'newval', 0n, true); // --ignore-lease keeps it
    expect(lessor.getLease(bytes('lk1'))).toBe(L);
    kv.put('lk1', 'newval2'); // no lease: detached
    expect(lessor.getLease(bytes('lk1'))).toBe(0n);
    const t = lessor.timeToLive(L, 3900, true);
    expect(`remaining(${t.TTL}s), attached keys([${str(t.keys).join(' ')}])`).toBe('remaining(27s), attached keys([lk2 lk0])');
    const rev = kv.rev;
    expect(str(lessor.revoke(L))).toEqual(['lk0', 'lk2']); // sorted for the delete
    expect(kv.rev).toBe(rev + 1);
    expect(kv.keys()).toEqual(['lk1']);
    expect(() => lessor.renew(L, 4000)).toThrow(ErrLeaseNotFound); // keep-alive --once: not found
  });
});

describe('10-lease.txt replayed', () => {
  it('lease list is ordered by expiry, soonest first', () => {
    const { lessor } = leader();
    const ids = [0x89n, 0x8bn, 0x8dn, 0x91n, 0x93n].map((x) => 0x1eeea20c54ca4c00n | x);
    lessor.grant(ids[0]!, 10, 0);
    lessor.grant(ids[1]!, 1, 100);
    lessor.grant(ids[2]!, 0, 200);
    expect(() => lessor.grant(0x1eeea20c54ca4c8fn, 9_000_000_001, 300)).toThrow(ErrLeaseTTLTooLarge);
    lessor.grant(ids[3]!, 100, 400);
    lessor.grant(ids[4]!, 100, 500);
    const lines = [`found ${lessor.leases().length} leases`, ...lessor.leases().map((l) => formatLeaseId(l.ID))];
    expect(lines).toEqual([
      'found 5 leases',
      '1eeea20c54ca4c8b',
      '1eeea20c54ca4c8d',
      '1eeea20c54ca4c89',
      '1eeea20c54ca4c91',
      '1eeea20c54ca4c93',
    ]);
  });
});

describe('12-lease3.txt replayed', () => {
  it('keep-alive holds a 3 s lease; a 2 s lease expires, the leader revokes it in one revision', () => {
    const { lessor, kv } = leader();
    const L3 = 0x1eeea20c54ca4cacn;
    lessor.grant(L3, 3, 0);
    kv.put('ex1', 'a', L3);
    kv.put('ex2', 'b', L3);
    for (let t = 1000; t <= 4000; t += 1000) expect(lessor.renew(L3, t)).toBe(3); // every TTL/3
    expect(lessor.timeToLive(L3, 4300).TTL).toBe(2);
    expect(lessor.findExpiredLeases(6999)).toEqual([]);

    const L2 = 0x1eeea20c54ca4cb3n;
    lessor.grant(L2, 2, 10_000);
    kv.put('ex3', 'a', L2);
    kv.put('ex4', 'b', L2);
    const rev = kv.rev;
    // The server's loop runs every 500 ms and proposes a revoke for each expired lease.
    const revoked: bigint[] = [];
    for (let t = 10_000; t <= 14_500; t += 500) {
      for (const id of lessor.findExpiredLeases(t)) {
        if (id === L2) {
          revoked.push(id);
          lessor.revoke(id);
        }
      }
    }
    expect(revoked).toEqual([L2]);
    expect(kv.rev).toBe(rev + 1);
    expect(kv.keys()).toEqual(['ex1', 'ex2']); // L3 expired too (no more keep-alives) but we left it
    expect(() => lessor.timeToLive(L2, 14_500)).toThrow(ErrLeaseNotFound);
  });
});

describe('renew and time-to-live', () => {
  it('need the primary', () => {
    const follower = new Lessor({ backend: new MapBackend() });
    follower.grant(1n, 10, 0);
    expect(() => follower.renew(1n, 0)).toThrow(ErrNotPrimary);
    expect(() => follower.renew(1n, 0)).toThrow('not a primary lessor');
    expect(() => follower.timeToLive(1n, 0)).toThrow(ErrNotPrimary);
    expect(follower.findExpiredLeases(1e12)).toEqual([]);
  });

  it('renew resets the expiry to now + TTL; an expired, unrevoked lease is pending revoke', () => {
    const { lessor } = leader();
    lessor.grant(1n, 10, 0);
    expect(lessor.renew(1n, 9_999)).toBe(10);
    expect(lessor.lookup(1n)!.expiryMs).toBe(19_999);
    expect(() => lessor.renew(1n, 19_999)).toThrow(ErrLeaseRevokePending);
    expect(() => lessor.renew(1n, 19_999)).toThrow(ErrLeaseNotFound); // same text for clients
    expect(() => lessor.renew(2n, 0)).toThrow(ErrLeaseNotFound);
  });

  it('time-to-live truncates toward zero, also past the expiry', () => {
    const { lessor } = leader();
    lessor.grant(1n, 10, 0);
    const at = (t: number) => lessor.timeToLive(1n, t).TTL;
    expect([at(0), at(1), at(999), at(1000), at(9_001), at(10_000), at(10_500), at(11_500)]).toEqual([10, 9, 9, 9, 0, 0, 0, -1]);
    expect(Object.is(at(10_500), -0)).toBe(false);
  });
});

describe('attach and detach', () => {
  it('attach to a missing lease throws; detach from one returns false', () => {
    const { lessor, kv } = leader();
    expect(() => kv.put('foo', 'bar', 0x1234n)).toThrow('etcdserver: requested lease not found'); // G43
    expect(() => lessor.attach(5n, [bytes('a')])).toThrow(ErrLeaseNotFound);
    expect(lessor.detach(5n, [bytes('a')])).toBe(false);
  });

  it('a key belongs to at most one lease: attaching it elsewhere moves it', () => {
    const { lessor } = leader();
    lessor.grant(1n, 10, 0);
    lessor.grant(2n, 10, 0);
    lessor.attach(1n, [bytes('a'), bytes('b')]);
    lessor.attach(2n, [bytes('a')]);
    expect(str(lessor.lookup(1n)!.keys)).toEqual(['b']);
    expect(str(lessor.lookup(2n)!.keys)).toEqual(['a']);
    expect(lessor.getLease(bytes('a'))).toBe(2n);
    expect(str(lessor.revoke(1n))).toEqual(['b']);
    expect(lessor.getLease(bytes('b'))).toBe(0n);
    expect(lessor.getLease(bytes('a'))).toBe(2n);
  });

  it('revoke sorts keys by bytes, not by attach order', () => {
    const { lessor } = leader();
    const calls: number[][][] = [];
    lessor.setRangeDeleter({ deleteKeys: (keys) => calls.push(keys.map((k) => [...k])) });
    lessor.grant(1n, 10, 0);
    lessor.attach(1n, [Uint8Array.of(0xff), Uint8Array.of(0x61, 0x00), Uint8Array.of(0x61), Uint8Array.of(0x7f)]);
    lessor.revoke(1n);
    expect(calls).toEqual([[[0x61], [0x61, 0x00], [0x7f], [0xff]]]);
    expect(lessor.lookup(1n)).toBeUndefined();
  });

  it('a revoke with keys but no RangeDeleter is a bug', () => {
    const lessor = new Lessor({ backend: new MapBackend() });
    lessor.grant(1n, 10, 0);
    lessor.attach(1n, [bytes('k')]);
    expect(() => lessor.revoke(1n)).toThrow(/RangeDeleter/);
    expect(lessor.lookup(1n)?.keys).toEqual([bytes('k')]); // nothing was half-done
  });
});

describe('events', () => {
  it('tell the listener what happened, in order', () => {
    const { lessor, events } = leader();
    lessor.grant(1n, 10, 0);
    lessor.attach(1n, [bytes('k')]);
    lessor.renew(1n, 1000);
    lessor.findExpiredLeases(11_000);
    lessor.checkpoint(1n, 3, 11_000);
    lessor.revoke(1n);
    lessor.demote();
    expect(events.map((e) => e.type)).toEqual(['promoted', 'granted', 'renewed', 'expired', 'checkpoint', 'revoked', 'demoted']);
    expect(events[1]).toEqual({ type: 'granted', ID: 1n, ttl: 10, expiryMs: 10_000 });
    expect(events[2]).toEqual({ type: 'renewed', ID: 1n, ttl: 10, expiryMs: 11_000 });
    const revoked = events[5] as Extract<LessorEvent, { type: 'revoked' }>;
    expect(str(revoked.keys)).toEqual(['k']);
  });
});
