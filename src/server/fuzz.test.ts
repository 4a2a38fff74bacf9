import { afterEach, describe, expect, it } from 'vitest';
import { createRand } from '../raft';
import type { EtcdServer } from './server';
import { b, str, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

interface Acked {
  key: string;
  value: string;
  rev: number;
}

/**
 * A seeded swarm: random puts from random members while members crash and restart and the
 * network partitions and heals; small snapshotCount so snapshots and MsgSnap happen. At the end
 * every acknowledged put must be readable at its revision on every member, and hashes agree.
 */
async function swarm(seed: number, size = 3): Promise<void> {
  const rnd = createRand(seed);
  const ids = Array.from({ length: size }, (_, i) => i + 1);
  c = await TestCluster.start({ size, seed, snapshotCount: 15, snapshotCatchUpEntries: 4, requestTimeoutMs: 3000 });
  const cl = c;
  await cl.waitLeader();
  const acked: Acked[] = [];
  const leases: bigint[] = [];
  let n = 0;
  for (let step = 0; step < 120; step++) {
    const r = rnd.intn(100);
    if (r < 6) {
      const up = cl.live();
      if (up.length > size / 2 + 1) cl.crash(up[rnd.intn(up.length)]!.raftId);
    } else if (r < 12) {
      for (const id of ids) if (cl.slots.get(id)!.server === undefined || cl.slots.get(id)!.server!.stopped) await cl.restart(id);
    } else if (r < 16) {
      const cut = ids.filter(() => rnd.intn(3) === 0);
      cl.net.partition([cut, ids.filter((i) => !cut.includes(i))]);
    } else if (r < 22) {
      cl.net.heal();
    } else if (r < 28) {
      const up = cl.live();
      up[rnd.intn(up.length)]?.leaseGrant({ TTL: 2 + rnd.intn(4) }).then((g) => leases.push(g.ID), () => {});
    } else if (r < 34) {
      const l = cl.leader();
      const id = leases[rnd.intn(Math.max(1, leases.length))];
      if (l !== undefined && id !== undefined) l.leaseRenew(id).catch(() => {});
    } else if (r < 40 && leases.length > 0) {
      const up = cl.live();
      const id = leases[rnd.intn(leases.length)]!;
      up[rnd.intn(up.length)]?.put({ key: b(`lk${rnd.intn(5)}`), value: b('x'), lease: id }).catch(() => {});
    } else {
      const up = cl.live();
      const m = up[rnd.intn(up.length)];
      if (m !== undefined) {
        const key = `k${rnd.intn(5)}`;
        const value = `v${n++}`;
        m.put({ key: b(key), value: b(value) }).then(
          (resp) => acked.push({ key, value, rev: resp.header.revision }),
          () => {},
        );
      }
    }
    await cl.tick(rnd.intn(4) + 1);
  }
  cl.net.heal();
  for (const id of ids) if (cl.slots.get(id)!.server === undefined) await cl.restart(id);
  // without pre-vote (etcd 3.4) healed members may still disrupt the first leader: retry
  let final: { header: { revision: number } } | undefined;
  let leader = await cl.waitLeader();
  for (let i = 0; i < 5 && final === undefined; i++) {
    leader = await cl.waitLeader();
    final = await cl.run(leader.put({ key: b('final'), value: b('x') })).catch(() => undefined);
  }
  if (final === undefined) throw new Error(`seed=${seed}: no final write`);
  const describeAll = (): string =>
    [...cl.slots.values()]
      .map((sl) => {
        const s = sl.server;
        if (s === undefined) return `${sl.raftId}:down`;
        const st = s.state();
        return `${s.raftId}:${s.raftState}/t${st.raft.term}/lead${s.lead}/ap${s.appliedIndex}/c${st.raft.commit}/last${st.lastIndex}/snap${st.snapshotIndex}/rev${s.kv.rev()}/stopped${s.stopped}`;
      })
      .join(' ');
  // requests still pending from the swarm may apply after "final": wait until every member is level
  const fin = final;
  const level = (): boolean => {
    const up = cl.live();
    return up.length === size && up.every((s) => s.appliedIndex === up[0]!.appliedIndex && s.kv.rev() === up[0]!.kv.rev() && s.kv.rev() >= fin.header.revision);
  };
  await cl.tick(20);
  await cl.until(level, 300).catch((e: unknown) => {
    throw new Error(`seed=${seed} did not converge to ${fin.header.revision}: ${describeAll()} (${String(e)})`);
  });
  const hashes = await Promise.all(cl.live().map((s) => s.hashKV(0)));
  const leaseSets = cl.live().map((s) => s.lessor.leases().map((l) => l.ID).sort().join(','));
  expect(new Set(leaseSets).size, `seed=${seed} leases`).toBe(1);
  expect(new Set(hashes.map((h) => h.hash)).size, `seed=${seed}`).toBe(1);
  expect(acked.length, `seed=${seed}`).toBeGreaterThan(5);
  if (process.env.SWARM_VERBOSE) console.log(`seed=${seed} acked=${acked.length}/${n} rev=${fin.header.revision} snap=${leader.state().snapshotIndex}`);
  for (const s of cl.live()) {
    for (const a of acked) {
      const got = await cl.run(s.range({ key: b(a.key), revision: a.rev, serializable: true }));
      expect(got.kvs[0] && str(got.kvs[0].value), `seed=${seed} member ${s.raftId} ${a.key}@${a.rev}`).toBe(a.value);
    }
  }
}

describe('etcd member: seeded swarm (crashes, partitions, snapshots)', () => {
  for (const seed of (process.env.SWARM_SEEDS ?? "1,2,3,4,5,6,49,100").split(",").map(Number)) {
    it(`seed ${seed}: no acknowledged write lost, hashes agree`, () => swarm(seed));
  }
  for (const seed of (process.env.SWARM_SEEDS ?? '7,8').split(',').map(Number)) {
    it(`5 members, seed ${seed}: no acknowledged write lost, hashes agree`, () => swarm(seed, 5));
  }
});

/**
 * Watch guarantees under the same nemesis: on every member, a watch (re-opened after a restart
 * from the next revision it expects) sees events in strictly increasing revision order, without
 * gaps against the final history, each matching what a read at its revision returns.
 */
async function watchSwarm(seed: number): Promise<void> {
  const rnd = createRand(seed);
  c = await TestCluster.start({ size: 3, seed, snapshotCount: 12, snapshotCatchUpEntries: 3, requestTimeoutMs: 3000 });
  const cl = c;
  await cl.waitLeader();
  const seen = new Map<number, { key: string; value: string; rev: number }[]>();
  const watching = new Set<EtcdServer>();
  const watchAll = (): void => {
    for (const s of cl.live()) {
      if (watching.has(s)) continue;
      watching.add(s);
      const evs = seen.get(s.raftId) ?? [];
      seen.set(s.raftId, evs);
      const start = (evs[evs.length - 1]?.rev ?? 1) + 1;
      s.watch({ key: b('w'), rangeEnd: b('x'), startRevision: start }, (r) => {
        for (const e of r.events) evs.push({ key: str(e.kv.key), value: str(e.kv.value), rev: e.kv.modRevision });
      });
    }
  };
  watchAll();
  let n = 0;
  for (let step = 0; step < 100; step++) {
    const r = rnd.intn(100);
    if (r < 6) {
      const up = cl.live();
      if (up.length === 3) cl.crash(up[rnd.intn(3)]!.raftId);
    } else if (r < 14) {
      for (const id of [1, 2, 3]) if (cl.slots.get(id)!.server === undefined) await cl.restart(id);
    } else if (r < 18) {
      const lone = 1 + rnd.intn(3);
      cl.net.partition([[lone], [1, 2, 3].filter((i) => i !== lone)]);
    } else if (r < 24) {
      cl.net.heal();
    } else {
      const up = cl.live();
      const m = up[rnd.intn(up.length)];
      m?.put({ key: b(`w${rnd.intn(4)}`), value: b(`v${n++}`) }).catch(() => {});
    }
    watchAll();
    await cl.tick(rnd.intn(3) + 1);
  }
  cl.net.heal();
  for (const id of [1, 2, 3]) if (cl.slots.get(id)!.server === undefined) await cl.restart(id);
  watchAll();
  await cl.waitLeader();
  await cl.tick(40);
  const up = cl.live();
  await cl.until(() => up.every((s) => s.kv.rev() === up[0]!.kv.rev() && s.appliedIndex === up[0]!.appliedIndex), 300);
  await cl.tick(5);
  const ref = up[0]!;
  // the full history of the w* keys, from one member's store
  const history: string[] = [];
  for (let rev = 2; rev <= ref.kv.rev(); rev++) {
    const kvs = (await ref.range({ key: b('w'), rangeEnd: b('x'), revision: rev, serializable: true, minModRevision: rev, maxModRevision: rev })).kvs;
    for (const kv of kvs) history.push(`${str(kv.key)}=${str(kv.value)}@${rev}`);
  }
  expect(history.length, `seed=${seed}`).toBeGreaterThan(10);
  expect(seen.size).toBe(3);
  for (const [id, evs] of seen) {
    const got = evs.map((e) => `${e.key}=${e.value}@${e.rev}`);
    expect(got, `seed=${seed} member ${id}`).toEqual(history);
  }
}

describe('etcd member: seeded watch swarm', () => {
  for (const seed of (process.env.SWARM_SEEDS ?? '11,12,13,14').split(',').map(Number)) {
    it(`seed ${seed}: every member's watch sees the exact history`, () => watchSwarm(seed));
  }
});
