import { describe, expect, it } from 'vitest';
import { fromUtf8 } from './bytes';
import { ErrFutureRev, ErrKeyNotFound, ErrLeaseNotFound } from './errors';
import type { MvccEvent } from './events';
import type { LeaseAttacher } from './kv-store';
import { KVStore } from './kv-store';
import { BACKEND_KINDS } from './testing/backends';
import { b, kvLine, prefix } from './testing/helpers';

/** The fixture of etcd-transcripts/02-get.txt: a 1, b 2, c 3, a/x 10, a/y 20, ab 30 (revs 8..13 there, 2..7 here). */
function seed(s: KVStore): void {
  for (const [k, v] of [['a', '1'], ['b', '2'], ['c', '3'], ['a/x', '10'], ['a/y', '20'], ['ab', '30']] as const) {
    s.put({ key: b(k), value: b(v) });
  }
}

const keys = (kvs: { key: Uint8Array }[]) => kvs.map((kv) => fromUtf8(kv.key));

class FakeLessor implements LeaseAttacher {
  leases = new Map<bigint, Set<string>>();
  log: string[] = [];
  grant(id: bigint) {
    this.leases.set(id, new Set());
  }
  attach(lease: bigint, key: Uint8Array) {
    this.leases.get(lease)!.add(fromUtf8(key));
    this.log.push(`attach ${lease} ${fromUtf8(key)}`);
  }
  detach(lease: bigint, key: Uint8Array) {
    this.leases.get(lease)?.delete(fromUtf8(key));
    this.log.push(`detach ${lease} ${fromUtf8(key)}`);
  }
  exists(lease: bigint) {
    return this.leases.has(lease);
  }
}

describe.each(BACKEND_KINDS)('KVStore on $name', (kind) => {
  it('ranges: prefix, [key, end), from-key, whole keyspace', async () => {
    const s = new KVStore((await kind.open()).backend);
    seed(s);
    expect(keys(s.range(prefix('a')).kvs)).toEqual(['a', 'a/x', 'a/y', 'ab']);
    expect(keys(s.range({ key: b('a'), rangeEnd: b('c') }).kvs)).toEqual(['a', 'a/x', 'a/y', 'ab', 'b']);
    expect(keys(s.range({ key: b('b'), rangeEnd: new Uint8Array([0]) }).kvs)).toEqual(['b', 'c']);
    expect(keys(s.range(prefix('')).kvs)).toEqual(['a', 'a/x', 'a/y', 'ab', 'b', 'c']);
    expect(s.range({ key: b('c'), rangeEnd: b('a') })).toMatchObject({ kvs: [], count: 0 }); // end <= key: empty, no error
  });

  it('ranges: limit/more/count, sort orders, count-only, keys-only (02-get.txt)', async () => {
    const s = new KVStore((await kind.open()).backend);
    seed(s);
    const limited = s.range({ ...prefix('a'), limit: 2 });
    expect([limited.more, limited.count, ...limited.kvs.map(kvLine)]).toEqual([true, 4, 'a c2 m2 v1 1', 'a/x c5 m5 v1 10']);
    expect(s.range({ ...prefix('a'), limit: 4 }).more).toBe(false);
    expect(keys(s.range({ ...prefix('a'), sortTarget: 'VALUE', sortOrder: 'DESCEND' }).kvs)).toEqual(['ab', 'a/y', 'a/x', 'a']);
    expect(keys(s.range({ ...prefix('a'), sortTarget: 'MOD', sortOrder: 'DESCEND' }).kvs)).toEqual(['ab', 'a/y', 'a/x', 'a']);
    expect(keys(s.range({ ...prefix('a'), sortOrder: 'DESCEND' }).kvs)).toEqual(['ab', 'a/y', 'a/x', 'a']);
    expect(keys(s.range({ ...prefix('a'), sortTarget: 'CREATE' }).kvs)).toEqual(['a', 'a/x', 'a/y', 'ab']);
    // a sort fetches everything, sorts, then cuts: the two newest
    const top2 = s.range({ ...prefix(''), sortTarget: 'CREATE', sortOrder: 'DESCEND', limit: 2 });
    expect([top2.more, top2.count, ...keys(top2.kvs)]).toEqual([true, 6, 'ab', 'a/y']);
    // ties keep key order in both directions
    expect(keys(s.range({ ...prefix(''), sortTarget: 'VERSION', sortOrder: 'DESCEND' }).kvs)).toEqual(['a', 'a/x', 'a/y', 'ab', 'b', 'c']);
    expect(s.range({ ...prefix('a'), countOnly: true })).toMatchObject({ kvs: [], count: 4, header: { revision: 7 } });
    const ko = s.range({ ...prefix('a'), keysOnly: true });
    expect(ko.kvs.map(kvLine)).toEqual(['a c2 m2 v1', 'a/x c5 m5 v1', 'a/y c6 m6 v1', 'ab c7 m7 v1']);
  });

  it('ranges: min/max mod and create revision filters (count stays the range count)', async () => {
    const s = new KVStore((await kind.open()).backend);
    seed(s);
    s.put({ key: b('a'), value: b('1b') }); // rev 8: a c2 m8 v2
    const r = s.range({ ...prefix(''), minModRevision: 5, maxModRevision: 7 });
    expect([r.count, ...keys(r.kvs)]).toEqual([6, 'a/x', 'a/y', 'ab']);
    expect(keys(s.range({ ...prefix(''), minCreateRevision: 3, maxCreateRevision: 5 }).kvs)).toEqual(['a/x', 'b', 'c']);
    expect(keys(s.range({ ...prefix(''), minModRevision: 8, limit: 1 }).kvs)).toEqual(['a']);
  });

  it('ranges at a revision: header reports the current revision; future revision fails', async () => {
    const s = new KVStore((await kind.open()).backend);
    s.put({ key: b('foo'), value: b('bar') });
    s.put({ key: b('foo'), value: b('bar2') });
    expect(s.range({ key: b('foo'), revision: 1 })).toMatchObject({ header: { revision: 3 }, kvs: [], count: 0 });
    expect(s.range({ key: b('foo'), revision: 2 }).kvs.map(kvLine)).toEqual(['foo c2 m2 v1 bar']);
    expect(() => s.range({ key: b('foo'), revision: 1000 })).toThrow(ErrFutureRev);
  });

  it('put: prev_kv, ignore_value, ignore_lease, key not found (03-del-put.txt)', async () => {
    const s = new KVStore((await kind.open()).backend);
    s.put({ key: b('foo'), value: b('bar') });
    expect(kvLine(s.put({ key: b('foo'), value: b('baz'), prevKv: true }).prevKv!)).toBe('foo c2 m2 v1 bar');
    expect(s.put({ key: b('new'), value: b('v'), prevKv: true }).prevKv).toBeUndefined();
    s.put({ key: b('foo'), value: new Uint8Array(0), ignoreValue: true });
    expect(s.range({ key: b('foo') }).kvs.map(kvLine)).toEqual(['foo c2 m5 v3 baz']);
    expect(() => s.put({ key: b('nokey'), value: new Uint8Array(0), ignoreValue: true })).toThrow(ErrKeyNotFound);
    expect(() => s.put({ key: b('nokey2'), value: b('bar'), ignoreLease: true })).toThrow('etcdserver: key not found');
    expect(() => s.put({ key: b('foo'), value: b('bar'), lease: 0x1234n })).toThrow(ErrLeaseNotFound);
    expect(() => s.put({ key: b('foo'), value: b('bar'), lease: 0x1234n })).toThrow('etcdserver: requested lease not found');
    expect(s.rev()).toBe(5);
  });

  it('delete: one revision for many keys, none for nothing; prev_kvs', async () => {
    const s = new KVStore((await kind.open()).backend);
    seed(s);
    const d = s.deleteRange({ ...prefix('a'), prevKv: true });
    expect([d.header.revision, d.deleted, ...d.prevKvs.map(kvLine)]).toEqual([8, 4, 'a c2 m2 v1 1', 'a/x c5 m5 v1 10', 'a/y c6 m6 v1 20', 'ab c7 m7 v1 30']);
    expect(s.deleteRange({ key: b('nosuch') })).toMatchObject({ header: { revision: 8 }, deleted: 0, prevKvs: [] });
    s.put({ key: b('a'), value: b('again') });
    expect(s.range({ key: b('a') }).kvs.map(kvLine)).toEqual(['a c9 m9 v1 again']);
  });

  it('leases: attach on put, move, detach on put without lease and on delete; restored on open', async () => {
    const but = await kind.open();
    const lessor = new FakeLessor();
    lessor.grant(1n);
    lessor.grant(2n);
    const s = new KVStore(but.backend, { lessor });
    s.put({ key: b('k'), value: b('v'), lease: 1n });
    s.put({ key: b('k'), value: b('v2'), ignoreLease: true });
    s.put({ key: b('k'), value: b('v3'), lease: 2n });
    s.put({ key: b('j'), value: b('v'), lease: 2n });
    s.put({ key: b('j'), value: b('v') });
    s.put({ key: b('m'), value: b('v'), lease: 1n });
    s.deleteRange({ key: b('k') });
    expect(lessor.log).toEqual(['attach 1 k', 'detach 1 k', 'attach 2 k', 'attach 2 j', 'detach 2 j', 'attach 1 m', 'detach 2 k']);
    expect(s.range({ key: b('m') }).kvs[0]!.lease).toBe(1n);
    const lessor2 = new FakeLessor();
    lessor2.grant(1n);
    lessor2.grant(2n);
    new KVStore((await but.reopen()).backend, { lessor: lessor2 });
    expect(lessor2.log).toEqual(['attach 1 m']);
  });

  it('consistent index lives in the meta bucket and commits with the data', async () => {
    const but = await kind.open();
    const s = new KVStore(but.backend);
    expect(s.consistentIndex()).toBe(0);
    s.put({ key: b('a'), value: b('1') });
    s.setConsistentIndex(5, 2);
    const committed = await but.reopen(true);
    s.put({ key: b('b'), value: b('2') });
    s.setConsistentIndex(6, 2);
    // a crash before the next commit loses both the write and its index, together
    const lost = await committed.reopen(false);
    const s2 = new KVStore(lost.backend);
    expect([s2.consistentIndex(), s2.consistentTerm(), s2.rev()]).toEqual([5, 2, 2]);
    expect(s2.range({ key: b('b') }).count).toBe(0);
  });

  it('restore: same data, revision, versions and history after reopening', async () => {
    const but = await kind.open();
    const s = new KVStore(but.backend);
    seed(s);
    s.put({ key: b('a'), value: b('x') });
    s.deleteRange({ key: b('b') });
    s.put({ key: b('b'), value: b('again') });
    const s2 = new KVStore((await but.reopen()).backend);
    expect(s2.rev()).toBe(s.rev());
    for (let rev = 1; rev <= s.rev(); rev++) {
      expect(s2.range({ ...prefix(''), revision: rev })).toEqual(s.range({ ...prefix(''), revision: rev }));
    }
    expect(s2.kvindex.equal(s.kvindex)).toBe(true);
  });

  it('emits revision-committed with the changes of a revision', async () => {
    const events: MvccEvent[] = [];
    const s = new KVStore((await kind.open()).backend, { listener: (e) => events.push(e) });
    seed(s);
    s.deleteRange(prefix('a'));
    s.deleteRange({ key: b('zzz') });
    const last = events[events.length - 1]!;
    expect(last.type).toBe('revision-committed');
    if (last.type === 'revision-committed') {
      expect(last.main).toBe(8);
      expect(last.changes.map((c) => `${c.sub} ${c.type} ${fromUtf8(c.key)}`)).toEqual(['0 DELETE a', '1 DELETE a/x', '2 DELETE a/y', '3 DELETE ab']);
    }
    expect(events.length).toBe(7);
  });
});
