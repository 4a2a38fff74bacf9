import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { idbPageStoreName } from '../../workers/idb-page-store';
import { idbWalStoreName } from '../../workers/idb-wal-store';
import { WorkerCluster } from './cluster';
import { WorkerClusterClient } from './client';
import { inProcessHost } from './testing/in-process';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

let open: WorkerCluster[] = [];
afterEach(() => {
  for (const c of open) c.close();
  open = [];
});

async function start(host = inProcessHost(), opts: Parameters<typeof WorkerCluster.open>[1] = {}) {
  const c = await WorkerCluster.open(host, { members: 3, seed: 5, ...opts });
  open.push(c);
  c.speed(4);
  await c.waitForLeader(10_000);
  return { c, host, client: new WorkerClusterClient(c) };
}

describe('WorkerCluster (in-process members over MessageChannel, fake IndexedDB)', () => {
  it('elects a leader, replicates a put to every member, and reports etcd IDs', async () => {
    const { c, client } = await start();
    const resp = await client.put({ key: enc('name'), value: enc('dazuo') }, { endpoints: ['127.0.0.1:22379'] });
    expect(resp.header.revision).toBeGreaterThan(1);
    const got = await client.range({ key: enc('name') }, { endpoints: ['http://127.0.0.1:32379'] });
    expect(dec(got.kvs[0]?.value)).toBe('dazuo');
    const st = c.status();
    expect(st.map((m) => m.id)).toEqual(['8211f1d0f64f3269', '91bc3c398fb3c146', 'fd422379fda50e48']);
    expect(st.filter((m) => m.state === 'leader')).toHaveLength(1);
    expect(c.events.counts.sent).toBeGreaterThan(0);
  });

  it('a killed endpoint ends in context deadline exceeded; another endpoint still works', async () => {
    const { c, client } = await start();
    const victim = c.handles.find((h) => h !== c.leader())!;
    c.kill(victim.name);
    const ep = victim.slot.clientURLs[0]!;
    await expect(client.put({ key: enc('a'), value: enc('1') }, { endpoints: [ep], timeoutMs: 300 })).rejects.toThrow('context deadline exceeded');
    await client.put({ key: enc('a'), value: enc('2') }, { timeoutMs: 3000 });
    expect(c.status().find((m) => m.name === victim.name)!.state).toBe('stopped');
  });

  it('a put whose member dies while it is in flight is not retried (it may have been proposed)', async () => {
    const { c, client } = await start();
    const victim = c.handles.find((h) => h !== c.leader())!;
    const put = client.put({ key: enc('inflight'), value: enc('1') }, { endpoints: [victim.slot.clientURLs[0]!], timeoutMs: 3000 });
    c.kill(victim.name);
    void c.restart(victim.name);
    await expect(put).rejects.toThrow('rpc error: code = Unavailable desc = transport is closing');
  });

  it('a minority partition cannot commit, the majority can; after heal they converge', async () => {
    const { c, client } = await start();
    const leader = c.leader()!;
    const others = c.handles.filter((h) => h !== leader).map((h) => h.name);
    c.partition([[leader.name], others]);
    const minorityEp = leader.slot.clientURLs[0]!;
    await expect(client.put({ key: enc('p'), value: enc('minority') }, { endpoints: [minorityEp], timeoutMs: 1500 })).rejects.toThrow(/context deadline exceeded|request timed out/);
    const majority = await client.put({ key: enc('p'), value: enc('majority') }, { endpoints: [c.member(others[0]!).slot.clientURLs[0]!], timeoutMs: 5000 });
    c.heal();
    const until = Date.now() + 8000;
    while (Date.now() < until) {
      const revs = c.status().map((m) => m.revision);
      if (revs.every((r) => r === majority.header.revision)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(c.status().map((m) => m.revision)).toEqual([majority.header.revision, majority.header.revision, majority.header.revision]);
    const got = await client.range({ key: enc('p') }, { endpoints: [minorityEp], timeoutMs: 3000 });
    expect(dec(got.kvs[0]?.value)).toBe('majority');
  });

  it('restarts a killed member from its stores, and reopens the whole cluster from the persisted layout', async () => {
    const { c, host, client } = await start();
    for (let i = 0; i < 20; i++) await client.put({ key: enc(`k${i}`), value: enc(`v${i}`) });
    const rev = (await client.range({ key: enc('k0') })).header.revision;
    const victim = c.handles[0]!;
    c.kill(victim.name);
    await c.restart(victim.name);
    const got = await client.range({ key: enc('k19') }, { endpoints: [victim.slot.clientURLs[0]!], timeoutMs: 4000 });
    expect(dec(got.kvs[0]?.value)).toBe('v19');
    c.close();
    const again = await WorkerCluster.open(host, {});
    open.push(again);
    again.speed(4);
    await again.waitForLeader();
    const client2 = new WorkerClusterClient(again);
    const all = await client2.range({ key: enc('k'), rangeEnd: enc('l') }, { timeoutMs: 4000 });
    expect(all.kvs).toHaveLength(20);
    expect(all.header.revision).toBe(rev);
  });

  it('pause freezes cluster time and deliveries; step advances exactly one tick; speed scales time', async () => {
    const { c } = await start();
    c.pause();
    const t = c.now();
    const sent = c.events.counts.delivered;
    await new Promise((r) => setTimeout(r, 150));
    expect(c.now()).toBe(t);
    expect(c.events.counts.delivered).toBe(sent);
    const nextTick = c.network.nextTick;
    c.step();
    expect(c.now()).toBe(nextTick);
    expect(c.network.nextTick).toBe(nextTick + c.timing.tickMs);
    c.resume();
    c.speed(2);
    const a = c.now();
    await new Promise((r) => setTimeout(r, 100));
    expect(c.now() - a).toBeGreaterThan(150);
  });

  it('a wipe the membership refuses (no quorum without the member) keeps its disk and restarts it as it was', async () => {
    const { c, client } = await start();
    for (let i = 0; i < 5; i++) await client.put({ key: enc(`q${i}`), value: enc('v') });
    const [down, victim] = c.handles.filter((h) => h !== c.leader());
    const oldId = c.status().find((m) => m.name === victim!.name)!.id;
    c.kill(down!.name);
    await expect(c.wipe(victim!.name)).rejects.toThrow(/memberRemove/);
    // Its own ID again (a wiped disk would have needed a new one), and it serves every key: with
    // `down` dead, the leader lost its quorum while the victim was stopped, so the victim serves
    // (as etcd does) once a leader is back, and may still be applying the last entries it had.
    expect(c.status().find((m) => m.name === victim!.name)!.id).toBe(oldId);
    await c.waitForLeader(20_000);
    const read = () => client.range({ key: enc('q'), rangeEnd: enc('r'), serializable: true }, { endpoints: [victim!.slot.clientURLs[0]!], timeoutMs: 4000 });
    let got = await read();
    for (let i = 0; i < 50 && got.kvs.length < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
      got = await read();
    }
    expect(got.kvs).toHaveLength(5);
  }, 30_000);

  it('wipe removes the member, deletes its data and re-adds it under a new ID; it catches up', async () => {
    const { c, client } = await start();
    for (let i = 0; i < 10; i++) await client.put({ key: enc(`w${i}`), value: enc('v') });
    const victim = c.handles.find((h) => h !== c.leader())!;
    const oldId = c.status().find((m) => m.name === victim.name)!.id;
    await c.wipe(victim.name);
    const until = Date.now() + 8000;
    let got = 0;
    while (Date.now() < until) {
      try {
        const r = await client.range({ key: enc('w'), rangeEnd: enc('x'), serializable: true }, { endpoints: [victim.slot.clientURLs[0]!], timeoutMs: 500 });
        got = r.kvs.length;
        if (got === 10) break;
      } catch {
        // not started yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(got).toBe(10);
    const now = c.status().find((m) => m.name === victim.name)!;
    expect(now.id).not.toBe(oldId);
    expect(now.state).toBe('follower');
    // Every member that was not wiped agrees on the new membership.
    // (The rejoined member publishes its name with a proposal of its own once started: poll.)
    for (const h of c.handles.filter((x) => x !== victim)) {
      let names: string[] = [];
      for (let i = 0; i < 100; i++) {
        const list = await client.memberList({ endpoints: [h.slot.clientURLs[0]!] });
        expect(list.members.some((m) => m.ID.toString(16).padStart(16, '0') === oldId)).toBe(false);
        names = list.members.map((m) => m.name).sort();
        if (!names.includes('')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(names).toEqual(['infra1', 'infra2', 'infra3']);
    }
  });

  it('a watch ends with a transport error when its member is killed', async () => {
    const { c, client } = await start();
    const victim = c.handles.find((h) => h !== c.leader())!;
    const stream = client.watch({ key: enc('wk') }, { endpoints: [victim.slot.clientURLs[0]!] });
    const w = stream[Symbol.asyncIterator]();
    await new Promise((r) => setTimeout(r, 100));
    await client.put({ key: enc('wk'), value: enc('1') });
    const first = await w.next();
    expect(dec(first.value?.events[0]?.kv.value)).toBe('1');
    c.kill(victim.name);
    await expect(w.next()).rejects.toThrow('rpc error: code = Unavailable desc = transport is closing');
  });

  it('a corrupt WAL is reported at restart, never used; wipe brings the member back, even after a reopen', async () => {
    const { c, host, client } = await start();
    for (let i = 0; i < 5; i++) await client.put({ key: enc(`c${i}`), value: enc('v') });
    const victim = c.handles.find((h) => h !== c.leader())!;
    c.kill(victim.name);
    const db = await openDB(idbWalStoreName(c.layout.cluster, victim.name));
    const keys = (await db.getAllKeys('records')) as number[];
    const rec = (await db.get('records', keys.at(-1)!)) as Uint8Array;
    rec[rec.length - 1]! ^= 0xff;
    await db.put('records', rec, keys.at(-1)!);
    db.close();
    await c.restart(victim.name);
    const st = c.status().find((m) => m.name === victim.name)!;
    expect(st.state).toBe('corrupt');
    expect(st.error).toBe(`wal: entries record at index ${keys.at(-1)}: crc mismatch`);
    expect(c.member(victim.name).lifecycle).toBe('corrupt');
    // The page reloads: the corrupt member never reports, so its member ID comes from the leader.
    c.close();
    const again = await WorkerCluster.open(host, {});
    open.push(again);
    again.speed(4);
    await again.waitForLeader();
    expect(again.status().find((m) => m.name === victim.name)!.state).toBe('corrupt');
    await again.wipe(victim.name);
    const client2 = new WorkerClusterClient(again);
    let got = 0;
    for (let i = 0; i < 160 && got !== 5; i++) {
      got = await client2
        .range({ key: enc('c'), rangeEnd: enc('d'), serializable: true }, { endpoints: [victim.slot.clientURLs[0]!], timeoutMs: 500 })
        .then((r) => r.kvs.length)
        .catch(() => 0);
      if (got !== 5) await new Promise((r) => setTimeout(r, 50));
    }
    expect(got).toBe(5);
    expect(again.status().find((m) => m.name === victim.name)!.state).toBe('follower');
  });

  it('a backend whose meta records both fail their checksum is reported as corrupt too', async () => {
    const { c, client } = await start();
    await client.put({ key: enc('p'), value: enc('v') });
    const victim = c.handles.find((h) => h !== c.leader())!;
    await new Promise((r) => setTimeout(r, 300)); // its backend commits on its batch interval
    c.kill(victim.name);
    const db = await openDB(idbPageStoreName(c.layout.cluster, victim.name));
    for (const slot of [0, 1]) {
      const meta = (await db.get('meta', slot)) as Uint8Array | undefined;
      if (!meta) continue;
      meta[10]! ^= 0xff;
      await db.put('meta', meta, slot);
    }
    db.close();
    await c.restart(victim.name);
    const st = c.status().find((m) => m.name === victim.name)!;
    expect(st.state).toBe('corrupt');
    expect(st.error).toMatch(/^invalid database: no usable meta: .*checksum error/);
    await client.put({ key: enc('still'), value: enc('serving') }, { timeoutMs: 5000 });
  });

  it("member add starts the new member's worker; member remove stops and forgets it", async () => {
    const { c, client } = await start();
    await client.put({ key: enc('before-add'), value: enc('v') });
    const added = await client.memberAdd(['http://127.0.0.1:42380'], false);
    expect('raftId' in added).toBe(false);
    let got = '';
    const until = Date.now() + 8000;
    while (Date.now() < until && got !== 'v') {
      try {
        const r = await client.range({ key: enc('before-add'), serializable: true }, { endpoints: ['127.0.0.1:42379'], timeoutMs: 300 });
        got = dec(r.kvs[0]?.value);
      } catch {
        // still starting
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(got).toBe('v');
    expect(c.status().map((m) => m.name)).toEqual(['infra1', 'infra2', 'infra3', 'infra4']);
    expect(c.status().find((m) => m.name === 'infra4')!.id).toBe(added.member.ID.toString(16).padStart(16, '0'));
    await client.memberRemove(added.member.ID);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.status().map((m) => m.name)).toEqual(['infra1', 'infra2', 'infra3']);
    expect(c.layout.members).toHaveLength(3);
  });
});
