import { describe, expect, it } from 'vitest';
import type { Message } from '../raft';
import { EtcdSimMember } from './etcd-member';
import type { SimMember } from './member';
import { SimWorld } from './world';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function settle(members: readonly SimMember<Message>[]): Promise<void> {
  let calm = 0;
  for (let i = 0; i < 500 && calm < 8; i++) {
    await Promise.resolve();
    calm = members.every((m) => m.quiet?.() ?? true) ? calm + 1 : 0;
  }
}

/** A 3-member etcd world with no faults and no workload, driven by hand. */
async function world(): Promise<{ w: SimWorld; ms: EtcdSimMember[]; run: (n: number) => Promise<void> }> {
  const ms: EtcdSimMember[] = [];
  const w = new SimWorld({ seed: 9, members: 3, ticks: 100_000, proposeRate: 0 }, (cfg) => {
    const m = new EtcdSimMember(cfg, { tickMs: 100, seed: 9 });
    ms.push(m);
    return m;
  });
  const s = () => settle(w.members);
  await w.settleAll(s);
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) await w.stepAsync(s);
  };
  await run(50);
  return { w, ms, run };
}

describe('EtcdSimMember', () => {
  it('elects a leader and serves writes through the simulated network', async () => {
    const { w, ms, run } = await world();
    const leader = w.leader();
    expect(leader).toBeGreaterThan(0);
    const follower = ms.find((m) => m.id !== leader)!;
    let rev = 0;
    void follower.server!.put({ key: enc.encode('a'), value: enc.encode('1') }).then((r) => (rev = r.header.revision));
    await run(15);
    expect(rev).toBeGreaterThan(1);
    expect(ms.map((m) => m.server!.kv.rev())).toEqual([rev, rev, rev]);
  });

  it('a crash in the middle of a WAL save loses only the unacknowledged write; the restarted member catches up', async () => {
    const { w, ms, run } = await world();
    const leader = ms[w.leader() - 1]!;
    let acked = false;
    let failed = false;
    void leader.server!.put({ key: enc.encode('lost?'), value: enc.encode('x') }, { timeoutMs: 1000 }).then(
      () => (acked = true),
      () => (failed = true),
    );
    w.crash(leader.id, false); // the WAL save of the next Ready hangs, then the member dies
    await w.settleAll(() => settle(w.members));
    expect(leader.isUp()).toBe(false);
    await run(30);
    const next = ms[w.leader() - 1]!;
    expect(next.id).not.toBe(leader.id);
    let acked2 = false;
    void next.server!.put({ key: enc.encode('b'), value: enc.encode('2') }).then(() => (acked2 = true));
    await run(10);
    expect(acked2).toBe(true);
    w.restart(leader.id);
    await run(30);
    expect(acked).toBe(false);
    expect(failed).toBe(false); // a crashed member never answers: the client's own deadline decides
    expect(leader.isUp()).toBe(true);
    const revs = ms.map((m) => m.server!.kv.rev());
    expect(new Set(revs).size).toBe(1);
    const hashes = await Promise.all(ms.map((m) => m.server!.hashKV(revs[0]!)));
    expect(new Set(hashes.map((h) => h.hash)).size).toBe(1);
    const got = await leader.server!.range({ key: enc.encode('b'), serializable: true });
    expect(dec.decode(got.kvs[0]!.value)).toBe('2');
  });

  it('replays the same run from the same seed', async () => {
    const a = await world();
    const b = await world();
    expect(b.w.leader()).toBe(a.w.leader());
    expect(b.ms.map((m) => m.status())).toEqual(a.ms.map((m) => m.status()));
  });
});
