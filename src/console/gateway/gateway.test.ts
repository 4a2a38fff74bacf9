import { describe, expect, it } from 'vitest';
import { newTestConsole, outputWatcher } from '../testing/console';
import { gatewayRequest } from './gateway';

const H = '{"cluster_id":"4989847324882585737","member_id":"5138483852803829615"';
const C = 'curl -s -L http://127.0.0.1:2379';

describe('HTTP gateway via curl (etcd 3.4.23 grpc-gateway output)', () => {
  it('kv put, range, deleterange, txn, compaction', async () => {
    const c = newTestConsole();
    expect((await c.run(`${C}/v3/kv/put -X POST -d '{"key": "Zm9v", "value": "YmFy"}'`)).stdout).toBe(`{"header":${H},"revision":"2","raft_term":"2"}}`);
    expect((await c.run(`${C}/v3/kv/range -X POST -d '{"key": "Zm9v"}'`)).stdout).toBe(
      `{"header":${H},"revision":"2","raft_term":"2"},"kvs":[{"key":"Zm9v","create_revision":"2","mod_revision":"2","version":"1","value":"YmFy"}],"count":"1"}`,
    );
    await c.run(`${C}/v3/kv/put -X POST -d '{"key": "d3o=", "value": "eQ=="}'`);
    expect((await c.run(`${C}/v3/kv/range -X POST -d '{"key": "AA==", "range_end": "AA==", "limit": 1, "sort_order": "DESCEND", "sort_target": "KEY"}'`)).stdout).toBe(
      `{"header":${H},"revision":"3","raft_term":"2"},"kvs":[{"key":"d3o=","create_revision":"3","mod_revision":"3","version":"1","value":"eQ=="}],"more":true,"count":"2"}`,
    );
    expect((await c.run(`${C}/v3/kv/put -X POST -d '{"key": "Zm9v", "value": "YmFy", "prev_kv": true}'`)).stdout).toBe(
      `{"header":${H},"revision":"4","raft_term":"2"},"prev_kv":{"key":"Zm9v","create_revision":"2","mod_revision":"2","version":"1","value":"YmFy"}}`,
    );
    expect((await c.run(`${C}/v3/kv/txn -X POST -d '{"compare":[{"target":"CREATE","key":"Zm9v","createRevision":"2"}],"success":[{"requestPut":{"key":"Zm9v","value":"YmFy"}}]}'`)).stdout).toBe(
      `{"header":${H},"revision":"5","raft_term":"2"},"succeeded":true,"responses":[{"response_put":{"header":{"revision":"5"}}}]}`,
    );
    expect((await c.run(`${C}/v3/kv/deleterange -X POST -d '{"key":"Zm9v","prev_kv":true}'`)).stdout).toBe(
      `{"header":${H},"revision":"6","raft_term":"2"},"deleted":"1","prev_kvs":[{"key":"Zm9v","create_revision":"2","mod_revision":"5","version":"3","value":"YmFy"}]}`,
    );
    expect((await c.run(`${C}/v3/kv/compaction -X POST -d '{"revision": "3"}'`)).stdout).toBe(`{"header":${H},"revision":"6","raft_term":"2"}}`);
  });
  it('errors: gateway JSON with gRPC codes and HTTP status', async () => {
    const c = newTestConsole();
    expect((await c.run(`${C}/v3/kv/range -X POST -d '{"key": ""}'`)).stdout).toBe(
      '{"error":"etcdserver: key is not provided","message":"etcdserver: key is not provided","code":3}',
    );
    expect((await c.run(`${C}/v3/kv/range -X POST -d '{"key":"Zm9v","revision":"1000"}'`)).stdout).toBe(
      '{"error":"etcdserver: mvcc: required revision is a future revision","message":"etcdserver: mvcc: required revision is a future revision","code":11}',
    );
    expect((await c.run(`${C}/v3/kv/range -X POST -d 'garbage'`)).stdout).toBe(
      `{"error":"invalid character 'g' looking for beginning of value","message":"invalid character 'g' looking for beginning of value","code":3}`,
    );
    expect((await c.run(`${C}/v3/nosuch -X POST -d '{}'`)).stdout).toBe('Not Found\n');
    expect((await c.run(`${C}/v3/kv/range -X GET`)).stdout).toBe('Method Not Allowed\n');
    const r = await gatewayRequest(c.client, 'http://127.0.0.1:2379/v3/lease/revoke', { method: 'POST', body: '{"ID": 1}' });
    expect(r).toEqual({ status: 404, statusText: 'Not Found', body: '{"error":"etcdserver: requested lease not found","message":"etcdserver: requested lease not found","code":5}' });
    expect(await c.run('curl -L http://127.0.0.1:1/v3/kv/range -X POST -d {}')).toEqual({ stdout: '', stderr: 'curl: (7) Failed to connect to 127.0.0.1 port 1: Connection refused\n', exitCode: 7 });
  });
  it('leases: grant, timetolive with keys, leases, keepalive stream line, revoke', async () => {
    const c = newTestConsole();
    expect((await c.run(`${C}/v3/lease/grant -X POST -d '{"TTL": 30}'`)).stdout).toBe(`{"header":${H},"revision":"1","raft_term":"2"},"ID":"8029814834647556643","TTL":"30"}`);
    await c.run(`${C}/v3/kv/put -X POST -d '{"key":"bGs=","value":"dg==","lease":"8029814834647556643"}'`);
    expect((await c.run(`${C}/v3/lease/timetolive -X POST -d '{"ID": 8029814834647556643, "keys": true}'`)).stdout).toBe(
      `{"header":${H},"revision":"2","raft_term":"2"},"ID":"8029814834647556643","TTL":"29","grantedTTL":"30","keys":["bGs="]}`,
    );
    expect((await c.run(`${C}/v3/lease/leases -X POST -d '{}'`)).stdout).toBe(`{"header":${H},"revision":"2","raft_term":"2"},"leases":[{"ID":"8029814834647556643"}]}`);
    expect((await c.run(`${C}/v3/lease/keepalive -X POST -d '{"ID": 8029814834647556643}'`)).stdout).toBe(
      `{"result":{"header":${H},"revision":"2","raft_term":"2"},"ID":"8029814834647556643","TTL":"30"}}\n`,
    );
    expect((await c.run(`${C}/v3/lease/revoke -X POST -d '{"ID": 8029814834647556643}'`)).stdout).toBe(`{"header":${H},"revision":"3","raft_term":"2"}}`);
    expect((await c.run(`${C}/v3/kv/lease/timetolive -X POST -d '{"ID": 8029814834647556643}'`)).stdout).toBe(
      `{"header":${H},"revision":"3","raft_term":"2"},"ID":"8029814834647556643","TTL":"-1"}`,
    );
  });
  it('maintenance status and member list', async () => {
    const c = newTestConsole();
    expect((await c.run(`${C}/v3/maintenance/status -X POST -d '{}'`)).stdout).toBe(
      `{"header":${H},"revision":"1","raft_term":"2"},"version":"3.4.23","dbSize":"20480","leader":"5138483852803829615","raftIndex":"4","raftTerm":"2","raftAppliedIndex":"4","dbSizeInUse":"16384"}`,
    );
    expect((await c.run(`${C}/v3/cluster/member/list -X POST -d '{}'`)).stdout).toBe(
      `{"header":${H},"raft_term":"2"},"members":[{"ID":"5138483852803829615","name":"default","peerURLs":["http://127.0.0.1:2380"],"clientURLs":["http://127.0.0.1:2379"]}]}`,
    );
  });
  it('streams /v3/watch as result lines until Ctrl-C', async () => {
    const c = newTestConsole();
    const ac = new AbortController();
    const out = outputWatcher();
    const done = c.run(`curl -s -N http://127.0.0.1:2379/v3/watch -X POST -d '{"create_request": {"key":"Zm9v"} }'`, { signal: ac.signal, onOutput: out.onOutput });
    await out.until((t) => t.includes('created'));
    await c.run('etcdctl put foo bar && etcdctl del foo');
    await out.until((t) => t.includes('DELETE'));
    ac.abort();
    const r = await done;
    expect(r.stdout).toBe(
      [
        `{"result":{"header":${H},"revision":"1","raft_term":"2"},"created":true}}`,
        `{"result":{"header":${H},"revision":"2","raft_term":"2"},"events":[{"kv":{"key":"Zm9v","create_revision":"2","mod_revision":"2","version":"1","value":"YmFy"}}]}}`,
        `{"result":{"header":${H},"revision":"3","raft_term":"2"},"events":[{"type":"DELETE","kv":{"key":"Zm9v","mod_revision":"3"}}]}}`,
        '',
      ].join('\n'),
    );
  });
});
