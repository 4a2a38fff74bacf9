import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerCluster } from './cluster';
import { createEtcdscopeApi } from './etcdscope-api';
import { inProcessHost } from './testing/in-process';

const opened = WorkerCluster.open(inProcessHost(), { members: 3, seed: 11 }).then((c) => {
  c.speed(4);
  return c;
});
const api = createEtcdscopeApi(() => opened);
afterAll(async () => (await opened).close());

describe('window.etcdscope over in-process members', () => {
  it('runs etcdctl lines against the cluster, with an endpoint option', async () => {
    await api.waitForLeader();
    expect(await api.etcdctl('etcdctl put name dazuo')).toEqual({ stdout: 'OK\n', stderr: '', exitCode: 0 });
    const got = await api.etcdctl('get name', { endpoint: '127.0.0.1:32379' });
    expect(got).toEqual({ stdout: 'name\ndazuo\n', stderr: '', exitCode: 0 });
    const list = await api.etcdctl('member list');
    expect(list.stdout).toContain('8211f1d0f64f3269, started, infra1, http://127.0.0.1:12380, http://127.0.0.1:2379, false');
  });

  it('answers etcd HTTP gateway requests from code (etcdscope.http) and curl lines (etcdctl)', async () => {
    await api.waitForLeader();
    const put = await api.http('http://127.0.0.1:2379/v3/kv/put', { method: 'POST', body: '{"key":"aHR0cA==","value":"b2s="}' });
    expect(put.status).toBe(200);
    expect(put.body).toMatch(/^\{"header":\{"cluster_id":"17237436991929493444","member_id":"9372538179322589801","revision":"\d+","raft_term":"\d+"\}\}$/);
    const range = await api.http('127.0.0.1:22379/v3/kv/range', { method: 'POST', body: '{"key":"aHR0cA=="}' });
    expect(JSON.parse(range.body).kvs[0].value).toBe('b2s=');
    const curl = await api.etcdctl(`curl -s http://127.0.0.1:32379/v3/kv/range -X POST -d '{"key":"aHR0cA=="}'`);
    expect(curl.exitCode).toBe(0);
    expect(JSON.parse(curl.stdout).count).toBe('1');
  });

  it('reports status in etcd terms and drives the friendly client', async () => {
    const st = await api.status();
    expect(st.map((m) => m.name)).toEqual(['infra1', 'infra2', 'infra3']);
    expect(st.filter((m) => m.state === 'leader')).toHaveLength(1);
    expect(st.every((m) => m.leader !== '' && m.term > 0)).toBe(true);
    const c = api.client('127.0.0.1:22379');
    await c.put('k1', 'v1');
    const r = (await c.get('k', { prefix: true })) as { kvs: { key: string; value: string }[]; header: { revision: number } };
    expect(r.kvs.map((kv) => [kv.key, kv.value])).toEqual([['k1', 'v1']]);
    const t = (await c.txn({ compare: [{ key: 'k1', target: 'VALUE', result: 'EQUAL', value: 'v1' }], success: [{ put: { key: 'k2', value: 'v2' } }] })) as { succeeded: boolean };
    expect(t.succeeded).toBe(true);
  });

  it('a killed member answers context deadline exceeded at its endpoint; a watch sees puts', async () => {
    const seen: unknown[] = [];
    const cancel = api.client().watch('w', (r) => seen.push(r));
    await new Promise((r) => setTimeout(r, 100));
    await api.etcdctl('put w 1');
    for (let i = 0; i < 40 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(JSON.stringify(seen)).toContain('"value":"1"');
    cancel();
    const st = await api.status();
    const follower = st.find((m) => m.state === 'follower')!;
    await api.kill(follower.name);
    const ep = { infra1: '127.0.0.1:2379', infra2: '127.0.0.1:22379', infra3: '127.0.0.1:32379' }[follower.name as 'infra1'];
    const out = await api.etcdctl(`etcdctl --endpoints=${ep} --command-timeout=400ms put x y`);
    expect(out).toMatchObject({ stderr: 'Error: context deadline exceeded\n', exitCode: 1 });
    await api.restart(follower.name);
  });

  it('ends a long-running etcdctl (watch) after timeoutMs with what it printed', async () => {
    // A member restarted by the previous test may not know the leader yet: etcdctl's watch
    // requires one (it would print "watch was canceled (etcdserver: no leader)"), so ask the leader.
    const leader = await api.waitForLeader();
    const endpoint = { infra1: '127.0.0.1:2379', infra2: '127.0.0.1:22379', infra3: '127.0.0.1:32379' }[leader as 'infra1'];
    const watching = api.etcdctl('watch tw', { timeoutMs: 800, endpoint });
    await new Promise((r) => setTimeout(r, 200));
    await api.client().put('tw', 'hello');
    const out = await watching;
    // Ended like Ctrl-C: the console reports exit code 130.
    expect(out).toEqual({ stdout: 'PUT\ntw\nhello\n', stderr: '', exitCode: 130 });
  });
});
