import { afterEach, describe, expect, it } from 'vitest';
import type { WatchResponse } from '../protocol/rpc';
import { b, str, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const events = (rs: WatchResponse[]): string[] =>
  rs.flatMap((r) => r.events.map((e) => `${e.type} ${str(e.kv.key)}=${str(e.kv.value)}@${e.kv.modRevision}`));

describe('etcd member: watch', () => {
  it('replays history then streams live events, with full headers', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    await c.run(leader.put({ key: b('w1'), value: b('a') }));
    await c.run(leader.put({ key: b('w2'), value: b('b') }));
    const f = c.live().find((s) => s !== leader)!;
    const got: WatchResponse[] = [];
    const h = f.watch({ key: b('w'), rangeEnd: b('x'), startRevision: 2 }, (r) => got.push(r));
    expect(got[0]!.created).toBe(true);
    await c.tick(2);
    await c.run(leader.deleteRange({ key: b('w1') }));
    await c.tick(1);
    expect(events(got)).toEqual(['PUT w1=a@2', 'PUT w2=b@3', 'DELETE w1=@4']);
    const last = got[got.length - 1]!;
    expect(last.header.memberId).toBe(f.memberId);
    expect(last.header.clusterId).toBe(f.clusterId);
    expect(last.header.raftTerm).toBeGreaterThan(0);
    h.cancel();
    expect(got[got.length - 1]!.canceled).toBe(true);
    await c.run(leader.put({ key: b('w3'), value: b('c') }));
    expect(events(got)).toHaveLength(3);
  });

  it('a watch survives a leader change of the cluster', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const f = c.live().find((s) => s !== leader)!;
    const got: WatchResponse[] = [];
    f.watch({ key: b('k') }, (r) => got.push(r), { requireLeader: true });
    await c.run(leader.put({ key: b('k'), value: b('1') }));
    c.crash(leader.raftId);
    const nl = await c.waitLeader();
    await c.run(nl.put({ key: b('k'), value: b('2') }));
    await c.tick(1);
    expect(events(got)).toEqual(['PUT k=1@2', 'PUT k=2@3']);
    expect(got.some((r) => r.canceled)).toBe(false);
  });

  it('require-leader watches are cancelled with "etcdserver: no leader" (§5.10)', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const survivor = c.live().find((s) => s !== leader)!;
    const got: WatchResponse[] = [];
    survivor.watch({ key: b('a') }, (r) => got.push(r), { requireLeader: true });
    const plain: WatchResponse[] = [];
    survivor.watch({ key: b('a') }, (r) => plain.push(r));
    for (const s of c.live()) if (s !== survivor) c.crash(s.raftId);
    await c.tick(60);
    const last = got[got.length - 1]!;
    expect(last.canceled).toBe(true);
    expect(last.cancelReason).toBe('etcdserver: no leader');
    expect(plain.some((r) => r.canceled)).toBe(false);
    const late: WatchResponse[] = [];
    survivor.watch({ key: b('a') }, (r) => late.push(r), { requireLeader: true });
    expect(late).toHaveLength(1);
    expect(late[0]!.cancelReason).toBe('etcdserver: no leader');
  });

  it('sends progress notifications to idle progress-notify watches each interval', async () => {
    c = await TestCluster.start({ size: 1 });
    const m = await c.waitLeader();
    const got: WatchResponse[] = [];
    m.watch({ key: b('p'), progressNotify: true }, (r) => got.push(r));
    await c.run(m.put({ key: b('q'), value: b('1') }));
    await c.tick(10 * 60 * 10 + 5); // 10 minutes of 100 ms ticks
    const progress = got.filter((r) => !r.created && r.events.length === 0);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]!.header.revision).toBe(2);
  });

  it('a watch from a compacted revision is cancelled with the compact revision; close cancels the rest', async () => {
    c = await TestCluster.start({ size: 1 });
    const m = await c.waitLeader();
    for (let i = 0; i < 5; i++) await c.run(m.put({ key: b('c'), value: b(String(i)) }));
    await c.run(m.compact({ revision: 4, physical: true }));
    const got: WatchResponse[] = [];
    m.watch({ key: b('c'), startRevision: 2 }, (r) => got.push(r));
    await c.tick(1);
    expect(got[got.length - 1]!.canceled).toBe(true);
    expect(got[got.length - 1]!.compactRevision).toBe(4);
    const open: WatchResponse[] = [];
    m.watch({ key: b('c') }, (r) => open.push(r));
    await m.close();
    expect(open[open.length - 1]!.canceled).toBe(true);
    expect(open[open.length - 1]!.cancelReason).toBe('etcdserver: server stopped');
  });
});
