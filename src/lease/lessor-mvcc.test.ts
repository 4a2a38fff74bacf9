/**
 * The lessor wired to the real MVCC store and the real backend, as the server wires them:
 * the lessor is created (and recovered) first, the store gets it as its LeaseAttacher, and the
 * lessor's RangeDeleter is one write txn of the store.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend';
import { MemoryPageStore, openBackend } from '../backend/index';
import type { LeaseAttacher } from '../mvcc/kv-store';
import { KVStore } from '../mvcc/kv-store';
import { applyDeleteRange, applyPut, applyRange } from '../mvcc/txn';
import { Lessor, type RangeDeleter } from './lessor';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** storeDeleter is how the server binds a revoke to one write txn of the store. */
function storeDeleter(kv: () => KVStore): RangeDeleter {
  return {
    deleteKeys(keys) {
      const tw = kv().write();
      try {
        for (const k of keys) tw.deleteRange(k, undefined);
      } finally {
        tw.end();
      }
    },
  };
}

function member(be: Backend): { lessor: Lessor; kv: KVStore } {
  const lessor = new Lessor({ backend: be });
  const attacher: LeaseAttacher = lessor; // the lessor IS the store's LeaseAttacher
  const kv = new KVStore(be, { lessor: attacher });
  lessor.setRangeDeleter(storeDeleter(() => kv));
  return { lessor, kv };
}

const keysOf = (kv: KVStore) => applyRange(kv, { key: enc('\0'), rangeEnd: enc('\0') }).kvs.map((x) => dec(x.key));

describe('lessor + MVCC store + bolt backend', () => {
  it('revoke deletes every attached key in one revision (G33-G38)', async () => {
    const { lessor, kv } = member(await openBackend(new MemoryPageStore()));
    lessor.promote(0, 0);
    const L = 0x6f6fa20c5f546223n;
    lessor.grant(L, 60, 0);
    expect(applyPut(kv, { key: enc('k1'), value: enc('v1'), lease: L }).header.revision).toBe(2);
    applyPut(kv, { key: enc('k2'), value: enc('v2'), lease: L });
    applyPut(kv, { key: enc('other'), value: enc('x') });
    expect(applyRange(kv, { key: enc('k1') }).kvs[0]!.lease).toBe(L);
    expect(lessor.timeToLive(L, 500, true).keys.map(dec)).toEqual(['k1', 'k2']);
    expect(kv.rev()).toBe(4);
    lessor.revoke(L);
    expect(kv.rev()).toBe(5);
    expect(keysOf(kv)).toEqual(['other']);
    expect(() => applyPut(kv, { key: enc('k3'), value: enc('v'), lease: L })).toThrow('etcdserver: requested lease not found');
    lessor.grant(2n, 5, 0);
    lessor.revoke(2n);
    expect(kv.rev()).toBe(5); // a lease without keys: no revision
  });

  it('puts move keys between leases, a put without a lease or a delete detaches', async () => {
    const { lessor, kv } = member(await openBackend(new MemoryPageStore()));
    lessor.promote(0, 0);
    lessor.grant(1n, 30, 0);
    lessor.grant(2n, 30, 0);
    applyPut(kv, { key: enc('lk1'), value: enc('v1'), lease: 1n });
    applyPut(kv, { key: enc('lk2'), value: enc('v2'), lease: 1n });
    applyPut(kv, { key: enc('lk0'), value: enc('v0') });
    applyPut(kv, { key: enc('lk0'), value: enc(''), ignoreValue: true, lease: 1n });
    applyPut(kv, { key: enc('lk1'), value: enc('newval'), ignoreLease: true });
    applyPut(kv, { key: enc('lk1'), value: enc('newval2') });
    expect(lessor.timeToLive(1n, 3000, true).keys.map(dec)).toEqual(['lk2', 'lk0']); // 11-lease2.txt
    applyPut(kv, { key: enc('lk2'), value: enc('v2'), lease: 2n });
    applyDeleteRange(kv, { key: enc('lk0') });
    expect(lessor.lookup(1n)!.keys).toEqual([]);
    expect(lessor.lookup(2n)!.keys.map(dec)).toEqual(['lk2']);
  });

  it('an expired lease found by the leader is revoked with its keys; restart re-attaches the rest', async () => {
    const store = new MemoryPageStore();
    const be = await openBackend(store);
    const { lessor, kv } = member(be);
    lessor.promote(0, 0);
    lessor.grant(1n, 2, 0);
    lessor.grant(2n, 600, 0);
    applyPut(kv, { key: enc('ex3'), value: enc('a'), lease: 1n });
    applyPut(kv, { key: enc('ex4'), value: enc('b'), lease: 1n });
    applyPut(kv, { key: enc('keep'), value: enc('c'), lease: 2n });
    const rev = kv.rev();
    for (const id of lessor.findExpiredLeases(2000)) lessor.revoke(id);
    expect(kv.rev()).toBe(rev + 1);
    expect(keysOf(kv)).toEqual(['keep']);
    await be.forceCommit();

    const again = member(await openBackend(store));
    expect(again.lessor.leases().map((l) => [l.ID, l.keys.map(dec)])).toEqual([[2n, ['keep']]]);
    again.lessor.promote(1000, 10_000);
    again.lessor.revoke(2n);
    expect(keysOf(again.kv)).toEqual([]);
  });
});
