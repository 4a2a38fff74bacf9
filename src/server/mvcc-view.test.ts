import { afterEach, describe, expect, it } from 'vitest';
import { b, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('etcd member: mvccView', () => {
  it('shows revisions, generations with tombstones, compaction and leases', async () => {
    c = await TestCluster.start({ size: 1 });
    const m = await c.waitLeader();
    expect(m.mvccView()).toMatchObject({ revision: 1, compactRevision: 0, changes: [], keys: [], totalKeys: 0 });
    await c.run(m.put({ key: b('foo'), value: b('1') })); // 2
    await c.run(m.put({ key: b('foo'), value: b('2') })); // 3
    await c.run(m.deleteRange({ key: b('foo') })); // 4
    await c.run(m.put({ key: b('foo'), value: b('3') })); // 5
    await c.run(m.txn({ compare: [], success: [{ requestPut: { key: b('a'), value: b('x') } }, { requestPut: { key: b('z'), value: b('y') } }], failure: [] })); // 6.0, 6.1
    const v = m.mvccView();
    expect(v.revision).toBe(6);
    expect(v.changes.map((x) => `${x.main}.${x.sub} ${x.type} ${x.key}`)).toEqual(['2.0 PUT foo', '3.0 PUT foo', '4.0 DELETE foo', '5.0 PUT foo', '6.0 PUT a', '6.1 PUT z']);
    expect(v.keys.map((k) => k.key)).toEqual(['a', 'foo', 'z']);
    expect(v.keys[1]).toEqual({
      key: 'foo',
      modified: 5,
      generations: [
        { created: 2, ver: 3, revs: [{ main: 2, sub: 0 }, { main: 3, sub: 0 }], tombstone: { main: 4, sub: 0 } },
        { created: 5, ver: 1, revs: [{ main: 5, sub: 0 }], tombstone: undefined },
      ],
    });
    expect(m.mvccView({ fromRevision: 5, limitKeys: 1, focusKey: 'z' })).toMatchObject({ changes: [{ main: 5 }, { main: 6 }, { main: 6 }], keys: [{ key: 'a' }, { key: 'z' }], totalKeys: 3 });

    await c.run(m.compact({ revision: 5 }));
    await c.tick(2);
    const after = m.mvccView();
    expect(after.compactRevision).toBe(5);
    expect(after.changes.map((x) => `${x.main}.${x.sub}`)).toEqual(['5.0', '6.0', '6.1']);
    expect(after.keys[1]!.generations).toEqual([{ created: 5, ver: 1, revs: [{ main: 5, sub: 0 }], tombstone: undefined }]);

    const g = await c.run(m.leaseGrant({ TTL: 30 }));
    await c.run(m.put({ key: b('l'), value: b('v'), lease: g.ID }));
    const lease = m.mvccView().leases[0]!;
    expect(lease).toMatchObject({ id: g.ID, ttl: 30, keys: ['l'] });
    expect(lease.remainingMs).toBeGreaterThan(25_000);

    const h = m.watch({ key: b('svc/'), rangeEnd: b('svc0'), startRevision: 2 }, () => {});
    const h2 = m.watch({ key: b('foo') }, () => {});
    const ws = m.mvccView().watches;
    expect(ws.map((w) => [w.key, w.range, w.rangeEnd])).toEqual(expect.arrayContaining([['svc/', 'prefix', 'svc0'], ['foo', 'key', undefined]]));
    expect(ws.find((w) => w.key === 'foo')).toMatchObject({ synced: true });
    expect(ws.find((w) => w.key === 'svc/')?.startRevision).toBe(2);
    h.cancel();
    h2.cancel();
    expect(m.mvccView().watches).toEqual([]);
  });
});
