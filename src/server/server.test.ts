import { afterEach, describe, expect, it } from 'vitest';
import { b, str, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('etcd member: basics', () => {
  it('elects a leader and serves put/get on the leader and on a follower', async () => {
    c = await TestCluster.start({ size: 3 });
    const leader = await c.waitLeader();
    const follower = c.live().find((s) => s !== leader)!;
    const p = await c.run(leader.put({ key: b('foo'), value: b('bar') }));
    expect(p.header.revision).toBe(2);
    expect(p.header.clusterId).toBe(17237436991929493444n);
    const p2 = await c.run(follower.put({ key: b('foo'), value: b('baz') }));
    expect(p2.header.revision).toBe(3);
    for (const s of c.live()) {
      const r = await c.run(s.range({ key: b('foo') }));
      expect(str(r.kvs[0]!.value)).toBe('baz');
      expect(r.header.revision).toBe(3);
      expect(r.header.memberId).toBe(s.memberId);
    }
  });

  it('lists the members with the IDs etcd prints', async () => {
    c = await TestCluster.start({ size: 3 });
    await c.waitLeader();
    await c.tick(5);
    const l = await c.run(c.m(2).memberList());
    expect(l.members.map((m) => `${m.ID.toString(16)}, ${m.name}, ${m.peerURLs.join(',')}, ${m.clientURLs.join(',')}`)).toEqual([
      '8211f1d0f64f3269, infra1, http://127.0.0.1:12380, http://127.0.0.1:2379',
      '91bc3c398fb3c146, infra2, http://127.0.0.1:22380, http://127.0.0.1:22379',
      'fd422379fda50e48, infra3, http://127.0.0.1:32380, http://127.0.0.1:32379',
    ]);
  });
});
