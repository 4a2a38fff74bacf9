/**
 * The command sequence of etcd-spec.md §9.1 (etcd-transcripts/40-fresh.txt, a fresh single-node
 * etcd 3.4.23) replayed at the MVCC level: same revisions, versions, create/mod revisions, values.
 */
import { describe, expect, it } from 'vitest';
import type { WatchResponse } from '../protocol/rpc';
import { ErrCompacted, ErrFutureRev } from './errors';
import { BACKEND_KINDS } from './testing/backends';
import { b, kvLine, op, prefix, putOf, rangeOf, watchLines } from './testing/helpers';
import { WatchableStore } from './watchable-store';

function watchAll(s: WatchableStore, req: Parameters<ReturnType<WatchableStore['newWatchStream']>['watch']>[0]): WatchResponse[] {
  const got: WatchResponse[] = [];
  s.newWatchStream((r) => got.push(r)).watch(req);
  while (s.syncWatchers() > 0) {
    /* catch up */
  }
  return got;
}

describe.each(BACKEND_KINDS)('golden §9.1 on $name', (kind) => {
  it('replays 40-fresh.txt', async () => {
    const s = new WatchableStore((await kind.open()).backend);
    const get = (key: string, extra = {}) => s.range({ key: b(key), ...extra });
    const lines = (r: { kvs: Parameters<typeof kvLine>[0][] }) => r.kvs.map(kvLine);

    // G1
    expect(get('foo')).toMatchObject({ header: { revision: 1 }, kvs: [], count: 0, more: false });
    // G2, G3
    expect(s.put({ key: b('foo'), value: b('bar') }).header.revision).toBe(2);
    const g3 = get('foo');
    expect([g3.header.revision, g3.count, ...lines(g3)]).toEqual([2, 1, 'foo c2 m2 v1 bar']);
    // G4, G5
    const g4 = s.put({ key: b('foo'), value: b('baz'), prevKv: true });
    expect(kvLine(g4.prevKv!)).toBe('foo c2 m2 v1 bar');
    expect(lines(get('foo'))).toEqual(['foo c2 m3 v2 baz']);
    // G6
    expect(s.put({ key: b('foo2'), value: b('x') }).header.revision).toBe(4);
    expect(s.put({ key: b('foo3'), value: b('y') }).header.revision).toBe(5);
    // G7, G8
    expect(lines(get('foo', prefix('foo')))).toEqual(['foo c2 m3 v2 baz', 'foo2 c4 m4 v1 x', 'foo3 c5 m5 v1 y']);
    expect(get('foo', { ...prefix('foo'), keysOnly: true }).kvs.map((kv) => kv.value.length)).toEqual([0, 0, 0]);
    // G10
    const g10 = get('foo', { ...prefix('foo'), limit: 1 });
    expect([g10.header.revision, g10.more, g10.count, ...lines(g10)]).toEqual([5, true, 3, 'foo c2 m3 v2 baz']);
    // G11, G12
    expect(lines(get('foo', { rangeEnd: b('foo3') })).map((l) => l.split(' ')[0])).toEqual(['foo', 'foo2']);
    expect(lines(get('foo', { rangeEnd: new Uint8Array([0]) })).length).toBe(3);
    // G13, G14
    expect(lines(get('foo', { revision: 2 }))).toEqual(['foo c2 m2 v1 bar']);
    const g14 = get('foo', { revision: 3 });
    expect([g14.header.revision, ...lines(g14)]).toEqual([5, 'foo c2 m3 v2 baz']);
    // G15
    const g15 = get('foo', { ...prefix('foo'), sortTarget: 'MOD', sortOrder: 'DESCEND', keysOnly: true });
    expect(g15.kvs.map((kv) => new TextDecoder().decode(kv.key))).toEqual(['foo3', 'foo2', 'foo']);
    // G16, G17
    expect(s.deleteRange({ key: b('foo2') })).toMatchObject({ header: { revision: 6 }, deleted: 1 });
    expect(s.deleteRange({ key: b('nosuch') })).toMatchObject({ header: { revision: 6 }, deleted: 0 });
    const afterDel = get('foo', prefix('foo'));
    expect([afterDel.header.revision, afterDel.count, ...lines(afterDel)]).toEqual([6, 2, 'foo c2 m3 v2 baz', 'foo3 c5 m5 v1 y']);
    // G18: value("foo") = "baz" → put foo qux; get foo
    const g18 = s.txn({
      compare: [{ target: 'VALUE', result: 'EQUAL', key: b('foo'), value: b('baz') }],
      success: [op.put('foo', 'qux'), op.get('foo')],
      failure: [op.del('foo')],
    });
    expect(g18.succeeded).toBe(true);
    expect(g18.header.revision).toBe(7);
    expect(putOf(g18.responses[0]).header.revision).toBe(7);
    const get18 = rangeOf(g18.responses[1]);
    expect([get18.header.revision, ...lines(get18)]).toEqual([7, 'foo c2 m7 v3 qux']);
    // G19: version("foo") = "1" fails → get foo3; put foo4 z
    const g19 = s.txn({
      compare: [{ target: 'VERSION', result: 'EQUAL', key: b('foo'), version: 1 }],
      success: [op.put('foo', 'never')],
      failure: [op.get('foo3'), op.put('foo4', 'z')],
    });
    expect([g19.succeeded, g19.header.revision]).toEqual([false, 8]);
    const get19 = rangeOf(g19.responses[0]);
    expect([get19.header.revision, ...lines(get19)]).toEqual([7, 'foo3 c5 m5 v1 y']);
    // G20: create("nokey") = "0" → put nokey first
    const g20 = s.txn({ compare: [{ target: 'CREATE', result: 'EQUAL', key: b('nokey'), createRevision: 0 }], success: [op.put('nokey', 'first')], failure: [] });
    expect([g20.succeeded, g20.header.revision]).toEqual([true, 9]);
    expect(putOf(g20.responses[0]).header.revision).toBe(9);
    const all = get('', prefix(''));
    expect([all.header.revision, all.count, ...lines(all)]).toEqual([9, 4, 'foo c2 m7 v3 qux', 'foo3 c5 m5 v1 y', 'foo4 c8 m8 v1 z', 'nokey c9 m9 v1 first']);
    // G21
    expect(watchLines(watchAll(s, { key: b('foo'), startRevision: 2 }))).toEqual(['PUT', 'foo', 'bar', 'PUT', 'foo', 'baz', 'PUT', 'foo', 'qux']);
    // G22
    expect(watchLines(watchAll(s, { ...prefix('foo'), startRevision: 1, prevKv: true }))).toEqual([
      'PUT', 'foo', 'bar',
      'PUT', 'foo', 'bar', 'foo', 'baz',
      'PUT', 'foo2', 'x',
      'PUT', 'foo3', 'y',
      'DELETE', 'foo2', 'x', 'foo2', '',
      'PUT', 'foo', 'baz', 'foo', 'qux',
      'PUT', 'foo4', 'z',
    ]);
    // G23, G24, G25
    s.compact(5);
    s.runCompactions();
    expect(() => get('foo', { revision: 4 })).toThrow(ErrCompacted);
    expect(() => get('foo', { revision: 4 })).toThrow('mvcc: required revision has been compacted');
    const g25 = get('foo', { revision: 5 });
    expect([g25.header.revision, ...lines(g25)]).toEqual([9, 'foo c2 m3 v2 baz']);
    // G26: cancelled with compact_revision 5, header revision 0
    const g26 = watchAll(s, { key: b('foo'), startRevision: 4 });
    expect(g26.map((r) => [r.created, r.canceled, r.compactRevision, r.header.revision])).toEqual([[true, false, 0, 9], [false, true, 5, 0]]);
    // G27
    expect(watchLines(watchAll(s, { key: b('foo'), startRevision: 5 }))).toEqual(['PUT', 'foo', 'qux']);
    // G28, G29
    expect(() => s.compact(5)).toThrow(ErrCompacted);
    expect(() => s.compact(100)).toThrow(ErrFutureRev);
    expect(() => s.compact(100)).toThrow('mvcc: required revision is a future revision');
    // G30
    expect(s.deleteRange(prefix(''))).toMatchObject({ header: { revision: 10 }, deleted: 4 });
    expect(get('', prefix(''))).toMatchObject({ header: { revision: 10 }, kvs: [], count: 0 });
  });
});
