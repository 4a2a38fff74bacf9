import { describe, expect, it } from 'vitest';
import { FakeClusterClient } from '../testing/fake-client';
import { newTestConsole, outputWatcher } from '../testing/console';
import { Election, electionLeader, observeElection } from './election';
import { Mutex } from './mutex';
import { newSession } from './session';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('session', () => {
  it('keeps its lease alive past the TTL and revokes it on close', async () => {
    const client = new FakeClusterClient();
    const s = await newSession(client, 3);
    for (let i = 0; i < 10; i++) await client.clock.sleep(1000);
    expect((await client.leaseTimeToLive({ ID: s.lease })).TTL).toBeGreaterThan(0);
    await s.close();
    expect((await client.leaseTimeToLive({ ID: s.lease })).TTL).toBe(-1);
    await s.done;
  });
  it('ends (done) when its lease is revoked elsewhere', async () => {
    const client = new FakeClusterClient();
    const s = await newSession(client, 10);
    await client.leaseRevoke(s.lease);
    await client.clock.sleep(4000);
    await expect(s.done).resolves.toBeUndefined();
  });
});

describe('mutex', () => {
  it('grants the lock in creation order; each waiter waits only for its predecessor', async () => {
    const client = new FakeClusterClient();
    const sessions = await Promise.all([newSession(client, 10), newSession(client, 10), newSession(client, 10)]);
    const [a, b, c] = sessions.map((s) => new Mutex(s, 'mylock'));
    const order: string[] = [];
    await a!.lock({});
    order.push('a');
    const pb = b!.lock({}).then(() => order.push('b'));
    await tick();
    const pc = c!.lock({}).then(() => order.push('c'));
    await tick();
    expect(order).toEqual(['a']);
    expect(b!.key()).toMatch(/^mylock\/[0-9a-f]+$/);
    expect(b!.revision()).toBeLessThan(c!.revision());
    await a!.unlock({});
    await pb;
    await tick();
    expect(order).toEqual(['a', 'b']);
    await b!.unlock({});
    await pc;
    expect(order).toEqual(['a', 'b', 'c']);
    for (const s of sessions) s.orphan();
  });
  it('a holder whose session expires lets the next waiter in', async () => {
    const client = new FakeClusterClient();
    const s1 = await newSession(client, 5);
    const s2 = await newSession(client, 60);
    await new Mutex(s1, 'l').lock({});
    s1.orphan();
    const waiting = new Mutex(s2, 'l').lock({});
    client.clock.advance(6000);
    client.expireLeases();
    await waiting;
    s2.orphan();
  });
  it('gives up on abort and removes its key', async () => {
    const client = new FakeClusterClient();
    const s1 = await newSession(client, 60);
    const s2 = await newSession(client, 60);
    await new Mutex(s1, 'l').lock({});
    const ac = new AbortController();
    const m2 = new Mutex(s2, 'l');
    const p = m2.lock({ signal: ac.signal });
    await tick();
    ac.abort();
    await expect(p).rejects.toThrow('context canceled');
    const keys = await client.range({ key: new TextEncoder().encode('l/'), rangeEnd: new TextEncoder().encode('l0') });
    expect(keys.kvs.length).toBe(1);
    s1.orphan();
    s2.orphan();
  });
});

describe('election', () => {
  it('campaign, observe, proclaim and resign', async () => {
    const client = new FakeClusterClient();
    const s1 = await newSession(client, 60);
    const s2 = await newSession(client, 60);
    const ac = new AbortController();
    const seen: string[] = [];
    const observer = (async () => {
      for await (const r of observeElection(client, 'e', { signal: ac.signal })) seen.push(new TextDecoder().decode(r.kvs[0]!.value));
    })();
    const e1 = new Election(s1, 'e');
    const e2 = new Election(s2, 'e');
    await e1.campaign('p1', {});
    let e2Leader = false;
    const c2 = e2.campaign('p2', {}).then(() => (e2Leader = true));
    await tick();
    expect(e2Leader).toBe(false);
    expect(new TextDecoder().decode((await electionLeader(client, 'e', {})).kvs[0]!.value)).toBe('p1');
    await e1.proclaim('p1b', {});
    await e1.resign({});
    await c2;
    await tick();
    ac.abort();
    await observer;
    expect(seen).toEqual(['p1', 'p1b', 'p2']);
    s1.orphan();
    s2.orphan();
    await expect(electionLeader(new FakeClusterClient(), 'none', {})).rejects.toThrow('election: no leader');
  });
});

describe('lock and elect commands', () => {
  it('lock prints its key and holds; a second lock waits until Ctrl-C releases the first', async () => {
    const c = newTestConsole();
    const ac1 = new AbortController();
    const o1 = outputWatcher();
    const first = c.run('etcdctl lock mylock', { signal: ac1.signal, onOutput: o1.onOutput });
    await o1.until((t) => t.endsWith('\n\n'));
    expect(o1.text()).toBe('mylock/6f6fa20c5f546223\n\n');
    const ac2 = new AbortController();
    const o2 = outputWatcher();
    const second = c.run('etcdctl lock mylock', { signal: ac2.signal, onOutput: o2.onOutput });
    for (let i = 0; i < 5; i++) await tick();
    expect(o2.text()).toBe('');
    expect((await c.run('etcdctl get mylock --prefix --keys-only')).stdout).toBe('mylock/6f6fa20c5f546223\n\nmylock/6f6fa20c5f546225\n\n');
    ac1.abort();
    expect(await first).toEqual({ stdout: 'mylock/6f6fa20c5f546223\n\n', stderr: '', exitCode: 0 });
    await o2.until((t) => t.endsWith('\n\n'));
    expect(o2.text()).toBe('mylock/6f6fa20c5f546225\n\n');
    ac2.abort();
    await second;
    expect((await c.run('etcdctl get mylock --prefix')).stdout).toBe('');
    expect((await c.run('etcdctl lease list')).stdout).toMatch(/^found 2 leases\n/);
  });
  it('lock runs a command while holding the lock (spec G71) and reports its failure', async () => {
    const c = newTestConsole();
    expect((await c.run('etcdctl lock mylock echo hello')).stdout).toBe('hello\n');
    const r = await c.run(`etcdctl lock mylock -- sh -c 'echo key=$ETCD_LOCK_KEY rev=$ETCD_LOCK_REV'`);
    expect(r.stdout).toBe('key=mylock/6f6fa20c5f546225 rev=4\n');
    expect(await c.run(`etcdctl lock mylock -- sh -c 'exit 3'`)).toMatchObject({ stderr: 'Error: exit status 3\n', exitCode: 1 });
    expect((await c.run('etcdctl lock mylock -w json -- etcdctl get mylock --prefix --keys-only')).stdout).toMatch(/^mylock\/[0-9a-f]+\n\n$/);
  });
  it('lock -w json prints the key as a get response', async () => {
    const c = newTestConsole();
    const ac = new AbortController();
    const o = outputWatcher();
    const p = c.run('etcdctl lock mylock -w json', { signal: ac.signal, onOutput: o.onOutput });
    await o.until((t) => t.endsWith('\n'));
    ac.abort();
    expect((await p).stdout).toBe(
      '{"header":{"cluster_id":4989847324882585737,"member_id":5138483852803829615,"revision":2,"raft_term":2},"kvs":[{"key":"bXlsb2NrLzZmNmZhMjBjNWY1NDYyMjM=","create_revision":2,"mod_revision":2,"version":1,"lease":8029814834647556643}],"count":1}\n',
    );
  });
  it('elect campaigns and prints the leader; -l observes changes (transcript 14)', async () => {
    const c = newTestConsole();
    const acO = new AbortController();
    const obs = outputWatcher();
    const observer = c.run('etcdctl elect -l myelection', { signal: acO.signal, onOutput: obs.onOutput });
    const ac1 = new AbortController();
    const o1 = outputWatcher();
    const e1 = c.run('etcdctl elect myelection p1', { signal: ac1.signal, onOutput: o1.onOutput });
    await o1.until((t) => t.includes('p1\n'));
    const ac2 = new AbortController();
    const o2 = outputWatcher();
    const e2 = c.run('etcdctl elect myelection p2', { signal: ac2.signal, onOutput: o2.onOutput });
    for (let i = 0; i < 5; i++) await tick();
    expect(o2.text()).toBe('');
    await obs.until((t) => t.includes('p1\n'));
    ac1.abort();
    expect((await e1).exitCode).toBe(0);
    await o2.until((t) => t.includes('p2\n'));
    await obs.until((t) => t.includes('p2\n'));
    ac2.abort();
    acO.abort();
    await e2;
    const ob = await observer;
    expect(o1.text()).toMatch(/^myelection\/6f6fa20c5f54622[0-9a-f]\np1\n$/);
    expect(ob.stdout).toMatch(/^myelection\/[0-9a-f]+\np1\nmyelection\/[0-9a-f]+\np2\n$/);
    expect(ob.exitCode).toBe(0);
  });
});
