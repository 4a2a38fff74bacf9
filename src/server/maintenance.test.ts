import { afterEach, describe, expect, it } from 'vitest';
import { decodeData, encodeData } from './codec';
import { ErrStopped } from './errors';
import type { MemberEvent } from './events';
import { MemoryWalStore } from './memory-wal-store';
import { decodeBackendImage } from './snapshot';
import { b, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('etcd member: status, compaction, events, close', () => {
  it('a fresh 3-member cluster shows term 2 and raft index 8, as etcd does', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    await c.tick(10);
    for (const s of c.live()) {
      const st = await s.status();
      expect(st).toMatchObject({ version: '3.4.23', raftTerm: 2, raftIndex: 8, raftAppliedIndex: 8, errors: [], isLearner: false });
      expect(st.leader).toBe(leader.memberId);
      expect(st.dbSize).toBeGreaterThan(0);
      expect(st.header.revision).toBe(1);
    }
  });

  it('compacts through raft on every member; reads below fail with etcd text; hashes agree', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    for (let i = 0; i < 6; i++) await c.run(leader.put({ key: b('c'), value: b(String(i)) }));
    const f = c.live().find((s) => s !== leader)!;
    await c.run(f.compact({ revision: 4 }));
    await expect(c.run(f.compact({ revision: 3 }))).rejects.toThrow('etcdserver: mvcc: required revision has been compacted');
    await expect(c.run(f.compact({ revision: 99 }))).rejects.toThrow('etcdserver: mvcc: required revision is a future revision');
    await c.tick(2);
    for (const s of c.live()) {
      expect(s.kv.compactRevision()).toBe(4);
      await expect(c.run(s.range({ key: b('c'), revision: 3 }))).rejects.toThrow('etcdserver: mvcc: required revision has been compacted');
      const h = await s.hashKV(0);
      expect(h.compactRevision).toBe(4);
    }
    const hs = await Promise.all(c.live().map((s) => s.hashKV(7)));
    expect(new Set(hs.map((h) => h.hash)).size).toBe(1);
  });

  it('reports apply, mvcc, lease, backend and raft events only to listeners', async () => {
    c = await TestCluster.start({ size: 1 });
    const m = await c.waitLeader();
    const evs: MemberEvent[] = [];
    const off = m.on((e) => evs.push(e));
    await c.run(m.put({ key: b('e'), value: b('1') }));
    await c.run(m.leaseGrant({ TTL: 10 }));
    await c.tick(2);
    const kinds = new Set(evs.map((e) => e.kind));
    for (const k of ['apply', 'mvcc', 'lease', 'backend', 'raft']) expect(kinds).toContain(k);
    const put = evs.find((e) => e.kind === 'apply' && e.op === 'put');
    expect(put).toMatchObject({ revision: 2 });
    off();
    const n = evs.length;
    await c.run(m.put({ key: b('e'), value: b('2') }));
    expect(evs.length).toBe(n);
  });

  it('close() fails pending requests with ErrStopped and refuses new ones', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const f = c.live().find((s) => s !== leader)!;
    c.net.partition([[f.raftId], [1, 2, 3].filter((i) => i !== f.raftId)]);
    const p = f.put({ key: b('x'), value: b('1') });
    const r = f.range({ key: b('x') });
    await c.tick(1);
    await f.close();
    await expect(p).rejects.toBeInstanceOf(ErrStopped);
    await expect(r).rejects.toThrow('etcdserver: server stopped');
    await expect(f.put({ key: b('y'), value: b('1') })).rejects.toThrow('etcdserver: server stopped');
    const img = decodeBackendImage(await leader.snapshot());
    expect(img.buckets.members).toHaveLength(3);
  });
});

describe('MemoryWalStore and codec', () => {
  it('an interrupted save is not visible after a crash; completed ones are', async () => {
    const w = new MemoryWalStore();
    const e = (index: number, term = 1) => ({ index, term, type: 'EntryNormal' as const, data: new Uint8Array([index]) });
    await w.save({ hardState: { term: 1, vote: 1, commit: 0 }, entries: [e(1), e(2)] });
    w.stallNextSave();
    void w.save({ hardState: { term: 1, vote: 1, commit: 2 }, entries: [e(3)] });
    const after = w.crash();
    const st = await after.load();
    expect(st.entries.map((x) => x.index)).toEqual([1, 2]);
    expect(st.hardState.commit).toBe(0);
    await expect(w.save({ entries: [e(4)] })).rejects.toThrow('wal: closed');
    // a conflicting append replaces the tail; a snapshot drops what it covers
    await after.save({ entries: [e(2, 2), e(3, 2)] });
    expect((await after.load()).entries.map((x) => `${x.index}/${x.term}`)).toEqual(['1/1', '2/2', '3/2']);
    await after.save({ entries: [], snapshot: { data: new Uint8Array(0), metadata: { index: 2, term: 2, confState: { voters: [1], learners: [] } } } });
    expect((await after.load()).entries.map((x) => x.index)).toEqual([3]);
  });

  it('round-trips bigint and bytes', () => {
    const v = { id: 18446744073709551615n, key: new Uint8Array([0, 255, 7]), nested: [{ n: 1, s: 'x' }] };
    expect(decodeData(encodeData(v))).toEqual(v);
  });
});
