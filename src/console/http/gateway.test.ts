import { describe, expect, it } from 'vitest';
import type { ClusterClient } from '../client';
import { HttpConnectError, httpRequest } from './gateway';
import { realLikeCluster } from './test-cluster';

const E = 'http://127.0.0.1:2379';
const post = (path: string, body: string, client: ClusterClient, signal?: AbortSignal) =>
  httpRequest(`${E}${path}`, signal ? { method: 'POST', body, signal } : { method: 'POST', body }, client);
const settle = async (rounds = 20): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};

/** A client whose calls fail with `message` for the methods named. */
function failing(client: ClusterClient, methods: (keyof ClusterClient)[], message: string): ClusterClient {
  const wrapped = Object.create(client) as ClusterClient;
  for (const m of methods) (wrapped as unknown as Record<string, unknown>)[m] = () => Promise.reject(new Error(message));
  return wrapped;
}

describe('httpRequest (etcdscope.http)', () => {
  it('answers OPTIONS with the CORS headers and no body', async () => {
    const r = await httpRequest(`${E}/v3/kv/range`, { method: 'OPTIONS' }, realLikeCluster());
    expect(r).toEqual({
      status: 200,
      statusText: 'OK',
      headers: {
        'Access-Control-Allow-Headers': 'accept, content-type, authorization',
        'Access-Control-Allow-Methods': 'POST, GET, OPTIONS, PUT, DELETE',
        'Access-Control-Allow-Origin': '*',
        'Content-Length': '0',
      },
      body: '',
    });
  });
  it('serves /version and /health on GET only', async () => {
    const client = realLikeCluster();
    expect((await httpRequest(`${E}/version`, {}, client)).body).toBe('{"etcdserver":"3.4.23","etcdcluster":"3.4.0"}');
    expect(await httpRequest(`${E}/health`, {}, client)).toMatchObject({ status: 200, body: '{"health":"true"}' });
    const wrong = await httpRequest(`${E}/health`, { method: 'POST' }, client);
    expect(wrong).toMatchObject({ status: 405, body: 'Method Not Allowed\n' });
    expect(wrong.headers['Allow']).toBe('GET');
    client.loseLeader();
    const sick = await httpRequest(`${E}/health`, {}, client);
    expect(sick).toMatchObject({ status: 503, body: '{"health":"false"}\n' });
    expect(sick.headers['X-Content-Type-Options']).toBe('nosniff');
  });
  it('reports onStart before the first chunk, and resolves a watch with what streamed when aborted', async () => {
    const client = realLikeCluster();
    const events: string[] = [];
    const ac = new AbortController();
    const done = httpRequest(`${E}/v3beta/watch`, { method: 'POST', body: '{"create_request":{"key":"YQ==","prev_kv":true}}', signal: ac.signal, onStart: (h) => events.push(`start ${h.status}`), onChunk: (t) => events.push(t) }, client);
    await settle();
    await post('/v3/kv/put', '{"key":"YQ==","value":"MQ=="}', client);
    await post('/v3/kv/put', '{"key":"YQ==","value":"Mg=="}', client);
    await post('/v3/kv/deleterange', '{"key":"YQ=="}', client);
    await settle();
    ac.abort();
    const r = await done;
    expect(events[0]).toBe('start 200');
    expect(r.body).toBe(events.slice(1).join(''));
    const lines = r.body.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('"events":[{"kv":{"key":"YQ==","create_revision":"2","mod_revision":"3","version":"2","value":"Mg=="},"prev_kv":{"key":"YQ==","create_revision":"2","mod_revision":"2","version":"1","value":"MQ=="}}]');
    expect(lines[3]).toContain('"events":[{"type":"DELETE","kv":{"key":"YQ==","mod_revision":"4"},"prev_kv":');
    expect(r.headers['Content-Length']).toBeUndefined();
  });
  it('watches a whole range, passing filters, prev_kv and the start revision to the client', async () => {
    const client = realLikeCluster();
    const seen: unknown[] = [];
    const spy = Object.create(client) as ClusterClient;
    spy.watch = (req, opts) => {
      seen.push(req);
      return client.watch(req, opts);
    };
    const ac = new AbortController();
    const done = post('/v3/watch', '{"create_request":{"key":"AA==","range_end":"AA==","filters":["NOPUT",1],"prev_kv":true,"progress_notify":true}}', spy, ac.signal);
    await settle();
    await post('/v3/kv/put', '{"key":"YQ==","value":"MQ=="}', client);
    await post('/v3/kv/put', '{"key":"Yg==","value":"MQ=="}', client);
    await settle();
    ac.abort();
    const lines = (await done).body.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(seen).toEqual([
      { key: new Uint8Array([0]), rangeEnd: new Uint8Array([0]), startRevision: 2, progressNotify: true, filters: ['NOPUT', 'NODELETE'], prevKv: true, fragment: false },
    ]);
  });
  it('writes a gRPC error on a stream as grpc-gateway 1.x does (recorded from a leaderless 3.4.23 member)', async () => {
    const client = realLikeCluster();
    await post('/v3/lease/grant', '{"TTL":30,"ID":5}', client);
    const chunk = '{"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader","http_status":"Service Unavailable"}}';
    const r = await post('/v3/lease/keepalive', '{"ID":"5"}', failing(client, ['leaseKeepAliveOnce'], 'etcdserver: no leader'));
    expect(r).toMatchObject({ status: 503, body: chunk });
    let calls = 0;
    const flaky = Object.create(client) as ClusterClient;
    flaky.leaseKeepAliveOnce = (id, o) => (calls++ === 0 ? client.leaseKeepAliveOnce(id, o) : Promise.reject(new Error('etcdserver: no leader')));
    const mid = await post('/v3/lease/keepalive', '{"ID":5}{"ID":5}{"ID":5}', flaky);
    expect(mid.status).toBe(200);
    expect(mid.body).toMatch(/^\{"result":\{.*"ID":"5","TTL":"30"\}\}\n\{"error":\{"grpc_code":14,/);
    expect(mid.body.endsWith(chunk)).toBe(true);
  });
  it('maps server errors to their gRPC code and HTTP status', async () => {
    const client = realLikeCluster();
    const cases: [string, number, number][] = [
      ['etcdserver: no leader', 14, 503],
      ['etcdserver: request timed out', 14, 503],
      ['etcdserver: mvcc: database space exceeded', 8, 429],
      ['etcdserver: not leader', 9, 412],
      ['etcdserver: permission denied', 7, 403],
      ['etcdserver: corrupt cluster', 15, 500],
      ['etcdserver: something new', 2, 500],
    ];
    for (const [message, code, status] of cases) {
      const r = await post('/v3/kv/range', '{"key":"YQ=="}', failing(client, ['range'], message));
      expect(r.status, message).toBe(status);
      expect(r.body).toBe(`{"error":"${message}","message":"${message}","code":${code}}`);
    }
    // The member's own request context expiring (no leader, no client deadline) is gRPC Unknown.
    const r = await post('/v3/kv/put', '{"key":"YQ=="}', failing(client, ['put'], 'rpc error: code = Unknown desc = context deadline exceeded'));
    expect(r).toMatchObject({ status: 500, body: '{"error":"context deadline exceeded","message":"context deadline exceeded","code":2}' });
  });
  it('answers status and member list from the member the URL names', async () => {
    const client = realLikeCluster();
    const s = await post('/v3/maintenance/status', '', client);
    expect(s.body).toMatch(/^\{"header":\{[^}]*\},"version":"3\.4\.23","dbSize":"\d+","leader":"15985099378392235387","raftIndex":"\d+","raftTerm":"2","raftAppliedIndex":"\d+","dbSizeInUse":"\d+"\}$/);
    client.members.push({ ID: 1n, name: 'b', peerURLs: ['http://127.0.0.1:22380'], clientURLs: ['http://127.0.0.1:22379'], isLearner: true });
    const m = await httpRequest('http://127.0.0.1:22379/v3/cluster/member/list', { method: 'POST' }, client);
    expect(m.body).toBe(
      '{"header":{"cluster_id":"12101053776118486841","member_id":"1","raft_term":"2"},"members":[{"ID":"1","name":"b","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"],"isLearner":true},{"ID":"15985099378392235387","name":"default","peerURLs":["http://127.0.0.1:2380"],"clientURLs":["http://127.0.0.1:2379"]}]}',
    );
  });
  it('puts and reads keys with leases, binary values and range options', async () => {
    const client = realLikeCluster();
    await post('/v3/lease/grant', '{"TTL":60,"ID":"4096"}', client);
    await post('/v3/kv/put', '{"key":"AP8=","value":"//79","lease":4096}', client);
    await post('/v3/kv/put', '{"key":"Yg==","value":"YmI="}', client);
    const r = await post('/v3/kv/range', '{"key":"AA==","range_end":"AA==","sort_order":"DESCEND","sort_target":"VALUE"}', client);
    expect(r.body).toContain('"kvs":[{"key":"AP8=","create_revision":"2","mod_revision":"2","version":"1","value":"//79","lease":"4096"},{"key":"Yg==","create_revision":"3","mod_revision":"3","version":"1","value":"YmI="}],"count":"2"}');
    const ttl = await post('/v3/lease/timetolive', '{"ID":4096,"keys":true}', client);
    expect(ttl.body).toMatch(/"ID":"4096","TTL":"59","grantedTTL":"60","keys":\["AP8="\]\}$/);
    const leases = await post('/v3/kv/lease/leases', '', client);
    expect(leases.body).toMatch(/"leases":\[\{"ID":"4096"\}\]\}$/);
    const del = await post('/v3/kv/deleterange', '{"key":"AA==","range_end":"AA==","prev_kv":true}', client);
    expect(del.body).toMatch(/"deleted":"2","prev_kvs":\[\{"key":"AP8=",/);
  });
  it('puts with ignore_value and answers key not found without a previous key', async () => {
    const client = realLikeCluster();
    const r = await post('/v3/kv/put', '{"key":"YQ==","ignore_value":true}', client);
    expect(r).toMatchObject({ status: 400, body: '{"error":"etcdserver: key not found","message":"etcdserver: key not found","code":3}' });
  });
  it('rejects with HttpConnectError for an unknown member, and a nil txn op closes the connection (52)', async () => {
    const client = realLikeCluster();
    await expect(httpRequest('http://127.0.0.1:32379/v3/kv/range', {}, client)).rejects.toMatchObject({ curlCode: 7 });
    const err = await post('/v3/kv/txn', '{"success":[null]}', client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpConnectError);
    expect(err).toMatchObject({ curlCode: 52, message: 'Empty reply from server' });
  });
  it('answers real 3.4 paths it does not route and unknown ones with grpc-gateway\'s Not Found', async () => {
    const client = realLikeCluster();
    expect(await post('/v3/kv/range/', '{}', client)).toMatchObject({ status: 404, body: 'Not Found\n' });
    expect(await post('/v3alpha/kv/range', '{}', client)).toMatchObject({ status: 404, body: '404 page not found\n' });
    expect(await httpRequest(`${E}/v3/lease/grant`, { method: 'PUT', body: '{}' }, client)).toMatchObject({ status: 405, body: 'Method Not Allowed\n' });
  });
  it('lists and disarms alarms without a header (as 3.4 does), and does not raise them', async () => {
    const client = realLikeCluster();
    client.alarms = [{ memberID: 15985099378392235387n, alarm: 'NOSPACE' }];
    const list = '{"alarms":[{"memberID":"15985099378392235387","alarm":"NOSPACE"}]}';
    expect((await post('/v3/maintenance/alarm', '{}', client)).body).toBe(list);
    expect((await post('/v3/maintenance/alarm', '{"action":"DEACTIVATE","memberID":"15985099378392235387","alarm":"NOSPACE"}', client)).body).toBe(list);
    expect((await post('/v3/maintenance/alarm', '{"action":"GET"}', client)).body).toBe('{}');
    expect(await post('/v3/maintenance/alarm', '{"action":"ACTIVATE","memberID":"1","alarm":1}', client)).toMatchObject({ status: 501, body: expect.stringContaining('"code":12}') });
  });
  it('answers 501 Unimplemented for real 3.4 routes it does not model (auth, hash, snapshot)', async () => {
    const client = realLikeCluster();
    for (const p of ['/v3/auth/enable', '/v3/auth/user/list', '/v3/maintenance/hash', '/v3/maintenance/snapshot']) {
      const r = await post(p, '{}', client);
      expect(r.status, p).toBe(501);
      expect(r.body).toBe(`{"error":"etcdscope: ${p} is not served by the in-page gateway","message":"etcdscope: ${p} is not served by the in-page gateway","code":12}`);
    }
  });
});
