import { describe, expect, it } from 'vitest';
import { newTestConsole } from '../testing/console';

describe('member', () => {
  it('list in every format', async () => {
    const c = newTestConsole();
    expect((await c.run('etcdctl member list')).stdout).toBe('474f8fd6da73ef6f, started, default, http://127.0.0.1:2380, http://127.0.0.1:2379, false\n');
    expect((await c.run('etcdctl member list -w json')).stdout).toBe(
      '{"header":{"cluster_id":4989847324882585737,"member_id":5138483852803829615,"raft_term":2},"members":[{"ID":5138483852803829615,"name":"default","peerURLs":["http://127.0.0.1:2380"],"clientURLs":["http://127.0.0.1:2379"]}]}\n',
    );
  });
  it('add prints the ETCD_* environment for the new member (spec 4.10)', async () => {
    const c = newTestConsole();
    const r = await c.run('etcdctl member add newnode --peer-urls=http://127.0.0.1:22390 --learner');
    expect(r.stdout).toBe(
      'Member 80ea9b41447917a8 added to cluster 453f7fb4630f4889\n\nETCD_NAME="newnode"\nETCD_INITIAL_CLUSTER="default=http://127.0.0.1:2380,newnode=http://127.0.0.1:22390"\nETCD_INITIAL_ADVERTISE_PEER_URLS="http://127.0.0.1:22390"\nETCD_INITIAL_CLUSTER_STATE="existing"\n',
    );
    expect((await c.run('etcdctl member list')).stdout).toContain('80ea9b41447917a8, unstarted, , http://127.0.0.1:22390, , true\n');
    expect(await c.run('etcdctl member promote 80ea9b41447917a8')).toMatchObject({ stderr: 'Error: etcdserver: can only promote a learner member which is in sync with leader\n', exitCode: 1 });
    expect(await c.run('etcdctl member promote 474f8fd6da73ef6f')).toMatchObject({ stderr: 'Error: etcdserver: can only promote a learner member\n' });
    expect((await c.run('etcdctl member update 80ea9b41447917a8 --peer-urls=http://127.0.0.1:22391')).stdout).toBe('Member 80ea9b41447917a8 updated in cluster 453f7fb4630f4889\n');
    expect((await c.run('etcdctl member remove 80ea9b41447917a8')).stdout).toBe('Member 80ea9b41447917a8 removed from cluster 453f7fb4630f4889\n');
    expect(await c.run('etcdctl member remove 80ea9b41447917a8')).toMatchObject({ stderr: 'Error: etcdserver: member not found\n', exitCode: 1 });
  });
  it('add validates URLs and fails after the RPC for -w fields', async () => {
    const c = newTestConsole();
    expect(await c.run('etcdctl member add foo --peer-urls=notaurl --learner')).toMatchObject({ stderr: 'Error: URL scheme must be http, https, unix, or unixs: notaurl\n', exitCode: 1 });
    expect(await c.run('etcdctl member add foo --peer-urls=http://127.0.0.1:2380')).toMatchObject({ stderr: 'Error: etcdserver: Peer URLs already exists\n', exitCode: 1 });
    expect(await c.run('etcdctl member add nn2 --peer-urls=http://127.0.0.1:22397 --learner -w fields')).toMatchObject({ stderr: 'Error: fields not supported as output format\n', exitCode: 4 });
    expect((await c.run('etcdctl member list')).stdout).toContain('http://127.0.0.1:22397');
  });
});

describe('endpoint', () => {
  it('status, hashkv and health, with --cluster using full URLs', async () => {
    const c = newTestConsole();
    expect((await c.run('etcdctl endpoint status')).stdout).toBe('127.0.0.1:2379, 474f8fd6da73ef6f, 3.4.23, 20 kB, true, false, 2, 4, 4, \n');
    expect((await c.run('etcdctl endpoint status --cluster')).stdout).toMatch(/^http:\/\/127\.0\.0\.1:2379, 474f8fd6da73ef6f, /);
    expect((await c.run('etcdctl endpoint hashkv')).stdout).toMatch(/^127\.0\.0\.1:2379, \d+\n$/);
    const h = await c.run('etcdctl endpoint health');
    expect(h.stdout).toBe('');
    expect(h.stderr).toMatch(/^127\.0\.0\.1:2379 is healthy: successfully committed proposal: took = [\d.]+(µs|ms)\n$/);
  });
  it('reports unreachable endpoints (transcript 18)', async () => {
    const c = newTestConsole();
    const st = await c.run('etcdctl --endpoints=127.0.0.1:1,127.0.0.1:2379 endpoint status');
    expect(st.stdout).toBe('127.0.0.1:2379, 474f8fd6da73ef6f, 3.4.23, 20 kB, true, false, 2, 4, 4, \n');
    expect(st.stderr).toBe('Failed to get the status of endpoint 127.0.0.1:1 (context deadline exceeded)\n');
    expect(st.exitCode).toBe(1);
    const h = await c.run('etcdctl --endpoints=127.0.0.1:1 endpoint health');
    expect(h).toEqual({ stdout: '', stderr: '127.0.0.1:1 is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster\n', exitCode: 1 });
    const t = await c.run('etcdctl --endpoints=127.0.0.1:1,127.0.0.1:2379 endpoint health -w table');
    expect(t.stdout.split('\n')[3]).toMatch(/^\| 127\.0\.0\.1:2379 \| {3}true \| +[\d.]+(µs|ms) \| +\|$/);
    expect(t.stdout.split('\n')[4]).toMatch(/^\| {4}127\.0\.0\.1:1 \| {2}false \| +5(\.\d+)?s \| context deadline exceeded \|$/);
  });
  it('health reports an active alarm', async () => {
    const c = newTestConsole();
    c.client.alarms.push({ memberID: 5138483852803829615n, alarm: 'NOSPACE' });
    const h = await c.run('etcdctl endpoint health');
    expect(h.stderr).toBe('127.0.0.1:2379 is unhealthy: failed to commit proposal: Active Alarm(s): NOSPACE \nError: unhealthy cluster\n');
  });
});

describe('maintenance', () => {
  it('move-leader, defrag, alarms, version', async () => {
    const c = newTestConsole();
    expect((await c.run('etcdctl move-leader 474f8fd6da73ef6f')).stdout).toBe('Leadership transferred from 474f8fd6da73ef6f to 474f8fd6da73ef6f\n');
    expect(await c.run('etcdctl move-leader 1234')).toMatchObject({ stderr: 'Error: etcdserver: bad leader transferee\n', exitCode: 1 });
    expect((await c.run('etcdctl move-leader 474f8fd6da73ef6f -w json')).stdout).toBe('{}\n');
    expect((await c.run('etcdctl defrag')).stdout).toBe('Finished defragmenting etcd member[127.0.0.1:2379]\n');
    expect((await c.run('etcdctl defrag --cluster -w json')).stdout).toBe('Finished defragmenting etcd member[http://127.0.0.1:2379]\n');
    expect((await c.run('etcdctl alarm list')).stdout).toBe('');
    expect((await c.run('etcdctl alarm list -w json')).stdout).toBe('{}\n');
    c.client.alarms.push({ memberID: 9833083175480742342n, alarm: 'NOSPACE' });
    expect((await c.run('etcdctl alarm list')).stdout).toBe('memberID:9833083175480742342 alarm:NOSPACE \n');
    expect((await c.run('etcdctl alarm disarm')).stdout).toBe('memberID:9833083175480742342 alarm:NOSPACE \n');
    expect((await c.run('etcdctl alarm list')).stdout).toBe('');
  });
  it('snapshot save keeps the image in the console file table; status reads it', async () => {
    const c = newTestConsole();
    await c.run('etcdctl put a 1 && etcdctl put b 2');
    expect((await c.run('etcdctl snapshot save snap.db')).stdout).toBe('Snapshot saved at snap.db\n');
    expect(c.files.has('snap.db')).toBe(true);
    expect((await c.run('etcdctl snapshot status snap.db -w json')).stdout).toMatch(/^\{"hash":\d+,"revision":3,"totalKey":2,"totalSize":\d+\}\n$/);
    expect((await c.run('etcdctl snapshot status snap.db -w table')).stdout.split('\n')[1]).toBe('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |');
    expect(await c.run('etcdctl snapshot status /nonexistent.db')).toMatchObject({ stderr: 'Error: stat /nonexistent.db: no such file or directory\n', exitCode: 1 });
    expect(await c.run('etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:1 snapshot save x.db')).toMatchObject({ exitCode: 4 });
  });
  it('check perf writes at the load rate, cleans up and passes on a healthy cluster', async () => {
    const c = newTestConsole();
    const r = await c.run('etcdctl check perf --auto-compact');
    expect(r.stdout).toMatch(/^Compacting with revision \d+\nCompacted with revision \d+\nPASS: Throughput is 15\d writes\/s\nPASS: Slowest request took 0\.\d{6}s\nPASS: Stddev is 0\.\d{6}s\nPASS\n$/);
    expect(r.exitCode).toBe(0);
    expect((await c.run('etcdctl get /etcdctl-check-perf/ --prefix --keys-only')).stdout).toBe('');
    await c.run('etcdctl put /etcdctl-check-perf/x 1');
    expect(await c.run('etcdctl check perf')).toMatchObject({
      stderr: 'Error: prefix "/etcdctl-check-perf/" has keys. Delete with etcdctl del --prefix /etcdctl-check-perf/ first\n',
      exitCode: 3,
    });
  });
});
