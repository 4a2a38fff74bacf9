import { afterEach, describe, expect, it } from 'vitest';
import { ErrLeaderChanged, ErrRequestTooLarge, isTimeoutError } from './errors';
import { b, str, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('etcd member: reads, txn, limits, no leader', () => {
  it('during a partition a stale follower serves only serializable reads', async () => {
    c = await TestCluster.start({ size: 3, requestTimeoutMs: 3000 });
    const leader = await c.waitLeader();
    await c.run(leader.put({ key: b('k'), value: b('v1') }));
    const stale = c.live().find((s) => s !== leader)!;
    const others = c.live().filter((s) => s !== stale).map((s) => s.raftId);
    c.net.partition([[stale.raftId], others]);
    const newLeader = await c.waitLeader(others);
    await c.run(newLeader.put({ key: b('k'), value: b('v2') }));
    // serializable: the stale value, at once
    const sr = await c.run(stale.range({ key: b('k'), serializable: true }));
    expect(str(sr.kvs[0]!.value)).toBe('v1');
    // linearizable: never the stale value; it times out while cut off
    const lr = stale.range({ key: b('k') });
    await expect(c.run(lr, 100)).rejects.toThrow(/^etcdserver: (request timed out|leader changed)$/);
    // after healing the linearizable read sees the new value
    c.net.heal();
    // (3.4 has no pre-vote: the healed member's higher term disrupts the cluster for a while)
    let lr2 = await c.run(stale.range({ key: b('k') }, { timeoutMs: 20_000 })).catch((e: unknown) => e as Error);
    for (let i = 0; i < 3 && lr2 instanceof ErrLeaderChanged; i++) lr2 = await c.run(stale.range({ key: b('k') }, { timeoutMs: 20_000 }));
    if (lr2 instanceof Error) throw lr2;
    expect(str(lr2.kvs[0]!.value)).toBe('v2');
  });

  it('batches linearizable reads that arrive while a ReadIndex is in flight', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    await c.run(leader.put({ key: b('a'), value: b('1') }));
    const f = c.live().find((s) => s !== leader)!;
    let readIndexMsgs = 0;
    const off = f.on((ev) => {
      if (ev.kind === 'raft' && ev.ev.type === 'send' && ev.ev.msg.type === 'MsgReadIndex') readIndexMsgs++;
    });
    const rs = await c.run(Promise.all([1, 2, 3, 4].map(() => f.range({ key: b('a') }))));
    off();
    expect(rs.map((r) => str(r.kvs[0]!.value))).toEqual(['1', '1', '1', '1']);
    // the first read goes alone; the three that arrive while it is in flight share the next one
    expect(readIndexMsgs).toBe(2);
  });

  it('runs txns through raft, read-only txns locally, and checks etcd limits', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const f = c.live().find((s) => s !== leader)!;
    await c.run(f.put({ key: b('x'), value: b('1') }));
    const t = await c.run(
      f.txn({
        compare: [{ key: b('x'), target: 'VALUE', result: 'EQUAL', value: b('1') }],
        success: [{ requestPut: { key: b('x'), value: b('2') } }, { requestRange: { key: b('x') } }],
        failure: [],
      }),
    );
    expect(t.succeeded).toBe(true);
    const inner = t.responses[1] as { responseRange: { kvs: { value: Uint8Array }[] } };
    expect(str(inner.responseRange.kvs[0]!.value)).toBe('2');
    const ro = await c.run(leader.txn({ compare: [], success: [{ requestRange: { key: b('x') } }], failure: [] }));
    expect(ro.header.revision).toBe(3);
    const dup = leader.txn({ compare: [], success: [{ requestPut: { key: b('d'), value: b('1') } }, { requestPut: { key: b('d'), value: b('2') } }], failure: [] });
    await expect(dup).rejects.toThrow('etcdserver: duplicate key given in txn request');
    const many = Array.from({ length: 129 }, (_, i) => ({ requestPut: { key: b(`m${i}`), value: b('v') } }));
    await expect(leader.txn({ compare: [], success: many, failure: [] })).rejects.toThrow('etcdserver: too many operations in txn request');
    const big = new Uint8Array(1_600_000);
    await expect(leader.put({ key: b('big'), value: big })).rejects.toBeInstanceOf(ErrRequestTooLarge);
    await expect(leader.put({ key: b('big'), value: big })).rejects.toThrow('etcdserver: request is too large');
    const ok = await c.run(leader.put({ key: b('big'), value: new Uint8Array(1_500_000) }));
    expect(ok.header.revision).toBe(4);
    await expect(c.run(leader.range({ key: b('x'), revision: 99 }))).rejects.toThrow('etcdserver: mvcc: required revision is a future revision');
    await expect(leader.put({ key: new Uint8Array(0), value: b('v') })).rejects.toThrow('etcdserver: key is not provided');
  });

  it('with no leader, writes and linearizable reads time out; serializable reads, member list and status work (§5.10)', async () => {
    c = await TestCluster.start({ size: 3, requestTimeoutMs: 2000 });
    const leader = await c.waitLeader();
    await c.run(leader.put({ key: b('a'), value: b('1') }));
    const survivor = c.live().find((s) => s !== leader)!;
    for (const s of c.live()) if (s !== survivor) c.crash(s.raftId);
    await c.tick(40);
    expect(survivor.lead).toBe(0);
    const put = survivor.put({ key: b('b'), value: b('2') });
    const err = await c.run(put, 100).catch((e: unknown) => e);
    expect(isTimeoutError(err)).toBe(true);
    expect((err as Error).message).toBe('context deadline exceeded');
    await expect(c.run(survivor.range({ key: b('a') }), 100)).rejects.toThrow('etcdserver: request timed out');
    await expect(survivor.put({ key: b('b'), value: b('2') }, { requireLeader: true })).rejects.toThrow('etcdserver: no leader');
    const sr = await c.run(survivor.range({ key: b('a'), serializable: true }));
    expect(str(sr.kvs[0]!.value)).toBe('1');
    expect((await survivor.memberList()).members).toHaveLength(3);
    const st = await survivor.status();
    expect(st.errors).toEqual(['etcdserver: no leader']);
    expect(st.leader).toBe(0n);
    // restarting the others restores quorum and the data
    for (const id of [1, 2, 3]) if (id !== survivor.raftId) await c.restart(id);
    const l2 = await c.waitLeader();
    const r = await c.run(l2.range({ key: b('a') }));
    expect(str(r.kvs[0]!.value)).toBe('1');
  });

  it('a proposal pending when its leader dies fails with a timeout and the cluster moves on', async () => {
    c = await TestCluster.start({ size: 3, requestTimeoutMs: 3000 });
    const leader = await c.waitLeader();
    const f = c.live().find((s) => s !== leader)!;
    c.net.partition([[leader.raftId], c.live().filter((s) => s !== leader).map((s) => s.raftId)]);
    const p = leader.put({ key: b('lost'), value: b('1') });
    const err = await c.run(p, 100).catch((e: unknown) => e);
    expect(isTimeoutError(err)).toBe(true);
    const nl = await c.waitLeader([1, 2, 3].filter((i) => i !== leader.raftId));
    await c.run(nl.put({ key: b('k'), value: b('v') }));
    c.net.heal();
    await c.tick(30);
    const r = await c.run(f.range({ key: b('lost') }));
    expect(r.kvs).toHaveLength(0);
  });
});
