import { describe, expect, it } from 'vitest';
import type { WatchResponse } from '../../protocol/rpc';
import type { ClusterClient } from '../client';
import { AsyncQueue } from '../testing/async-queue';
import { FakeClusterClient } from '../testing/fake-client';
import { runCurl } from './curl';
import { realLikeCluster } from './test-cluster';

const E = 'http://127.0.0.1:2379';
const settle = async (rounds = 20): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};

describe('runCurl', () => {
  it('prints the body exactly (no newline added), exit 0, also with a leading "curl" word', async () => {
    const client = realLikeCluster();
    const r = await runCurl(['curl', '-L', `${E}/v3/kv/put`, '-X', 'POST', '-d', '{"key": "Zm9v", "value": "YmFy"}'], { client });
    expect(r).toEqual({
      stdout: '{"header":{"cluster_id":"12101053776118486841","member_id":"15985099378392235387","revision":"2","raft_term":"2"}}',
      stderr: '',
      exitCode: 0,
    });
  });
  it('posts when there is data and no -X; GET without data gets 405 (exit 0: HTTP errors are not curl errors)', async () => {
    const client = realLikeCluster();
    expect((await runCurl(['127.0.0.1:2379/v3/kv/range', '-d', '{"key":"Zm9v"}'], { client })).stdout).toMatch(/^\{"header":/);
    expect(await runCurl([`${E}/v3/kv/range`], { client })).toEqual({ stdout: 'Method Not Allowed\n', stderr: '', exitCode: 0 });
  });
  it('reports a port no member listens on as curl (7), silenced by -s, shown again by -S', async () => {
    const client = realLikeCluster();
    const msg = "curl: (7) Failed to connect to 127.0.0.1 port 9999 after 0 ms: Couldn't connect to server\n";
    expect(await runCurl(['http://127.0.0.1:9999/v3/kv/range', '-d', '{}'], { client })).toEqual({ stdout: '', stderr: msg, exitCode: 7 });
    expect(await runCurl(['-s', 'http://127.0.0.1:9999/v3/kv/range'], { client })).toEqual({ stdout: '', stderr: '', exitCode: 7 });
    expect((await runCurl(['-sS', 'localhost:9999/'], { client })).stderr).toBe("curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server\n");
    expect((await runCurl(['http://127.0.0.1/'], { client })).stderr).toContain('port 80 after');
  });
  it('fails to resolve other hosts (6), refuses other protocols (1), and meets no TLS on https (35)', async () => {
    const client = realLikeCluster();
    expect(await runCurl(['http://etcd-0:2379/health'], { client })).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: etcd-0\n', exitCode: 6 });
    expect(await runCurl(['ftp2://127.0.0.1:2379/'], { client })).toMatchObject({ stderr: 'curl: (1) Protocol "ftp2" not supported or disabled in libcurl\n', exitCode: 1 });
    expect(await runCurl(['https://127.0.0.1:2379/health'], { client })).toMatchObject({ stderr: 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:2379 \n', exitCode: 35 });
  });
  it('treats a member that does not answer like a closed port', async () => {
    const client = realLikeCluster();
    client.down.add('127.0.0.1:2379');
    expect(await runCurl(['-sS', `${E}/v3/kv/range`, '-d', '{"key":"Zm9v"}'], { client })).toMatchObject({ exitCode: 7, stdout: '' });
    expect((await runCurl([`${E}/v3/watch`, '-d', '{"create_request":{"key":"Zm9v"}}'], { client })).exitCode).toBe(7);
  });
  it('prints usage errors even with -s, exit 2', async () => {
    const client = realLikeCluster();
    const tryHelp = "curl: try 'curl --help' or 'curl --manual' for more information\n";
    expect(await runCurl([], { client })).toEqual({ stdout: '', stderr: tryHelp, exitCode: 2 });
    expect(await runCurl(['curl'], { client })).toEqual({ stdout: '', stderr: tryHelp, exitCode: 2 });
    expect(await runCurl(['-s', '--bogus', E], { client })).toEqual({ stdout: '', stderr: 'curl: option --bogus: is unknown\n' + tryHelp, exitCode: 2 });
    expect(await runCurl(['-s'], { client })).toEqual({ stdout: '', stderr: 'curl: no URL specified!\n' + tryHelp, exitCode: 2 });
  });
  it('-i prints the status line and headers (CRLF) before the body', async () => {
    const client = realLikeCluster();
    const r = await runCurl(['-i', `${E}/v3/kv/range`, '-d', '{"key":"Zm9v"}'], { client });
    const body = '{"header":{"cluster_id":"12101053776118486841","member_id":"15985099378392235387","revision":"1","raft_term":"2"}}';
    expect(r.stdout).toBe(
      'HTTP/1.1 200 OK\r\n' +
        'Access-Control-Allow-Headers: accept, content-type, authorization\r\n' +
        'Access-Control-Allow-Methods: POST, GET, OPTIONS, PUT, DELETE\r\n' +
        'Access-Control-Allow-Origin: *\r\n' +
        'Content-Type: application/json\r\n' +
        'Grpc-Metadata-Content-Type: application/grpc\r\n' +
        `Content-Length: ${body.length}\r\n` +
        '\r\n' +
        body,
    );
  });
  it('-f turns an HTTP error into curl (22) with no body', async () => {
    const client = realLikeCluster();
    expect(await runCurl(['-f', `${E}/v3/kv/range`, '-d', '{}'], { client })).toEqual({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 400\n', exitCode: 22 });
    expect(await runCurl(['-sf', `${E}/nope`], { client })).toEqual({ stdout: '', stderr: '', exitCode: 22 });
    expect((await runCurl(['-f', `${E}/v3/kv/range`, '-d', '{"key":"Zm9v"}'], { client })).stdout).toMatch(/^\{"header"/);
  });
  it('fetches several URLs in turn with the same data; warns about -d @file', async () => {
    const client = realLikeCluster();
    const r = await runCurl(['-s', `${E}/v3/kv/put`, `${E}/v3/kv/put`, '-d', '{"key":"Zm9v","value":"YmFy"}'], { client });
    expect(r.stdout.match(/"revision":"\d"/g)).toEqual(['"revision":"2"', '"revision":"3"']);
    const w = await runCurl(['-s', `${E}/v3/kv/range`, '-d', '@req.json'], { client });
    expect(w.stderr).toBe('Warning: Couldn\'t read data from file "req.json", this makes an empty POST.\n');
    expect(w.stdout).toBe('{"error":"etcdserver: key is not provided","message":"etcdserver: key is not provided","code":3}');
  });
  it('streams a watch through onOutput until Ctrl-C, then exits 130', async () => {
    const client = realLikeCluster();
    const ac = new AbortController();
    const chunks: string[] = [];
    const done = runCurl(['-s', `${E}/v3/watch`, '-d', '{"create_request":{"key":"Zm9v"}}'], { client, signal: ac.signal, onOutput: (_s, t) => chunks.push(t) });
    await settle();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(/"created":true\}\}\n$/);
    await runCurl([`${E}/v3/kv/put`, '-d', '{"key":"Zm9v","value":"MQ=="}'], { client });
    await settle();
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toBe(
      '{"result":{"header":{"cluster_id":"12101053776118486841","member_id":"15985099378392235387","revision":"2","raft_term":"2"},"events":[{"kv":{"key":"Zm9v","create_revision":"2","mod_revision":"2","version":"1","value":"MQ=="}}]}}\n',
    );
    ac.abort();
    const r = await done;
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe(chunks.join(''));
  });
  it('-m ends a watch after the time limit with curl (28)', async () => {
    const client = new FakeClusterClient({ members: realLikeCluster().members });
    const r = await runCurl(['-m', '2', `${E}/v3/watch`, '-d', '{"create_request":{"key":"Zm9v"}}'], { client, sleep: client.clock.sleep });
    expect(r.exitCode).toBe(28);
    expect(r.stderr).toBe(`curl: (28) Operation timed out after 2000 milliseconds with ${r.stdout.length} bytes received\n`);
    expect(r.stdout).toMatch(/"created":true/);
  });
  it('ends a keep-alive when every request in the body is answered (exit 0)', async () => {
    const client = realLikeCluster();
    await runCurl([`${E}/v3/lease/grant`, '-d', '{"TTL":30,"ID":7}'], { client });
    const r = await runCurl([`${E}/v3/lease/keepalive`, '-d', '{"ID":7} {"ID":"7"} {"ID":8}'], { client });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      expect.stringMatching(/^\{"result":\{"header":\{.*\},"ID":"7","TTL":"30"\}\}$/),
      expect.stringMatching(/^\{"result":\{"header":\{.*\},"ID":"7","TTL":"30"\}\}$/),
      expect.stringMatching(/^\{"result":\{"header":\{.*\},"ID":"8"\}\}$/),
      '',
    ]);
  });
  it('-v narrates the exchange on stderr as curl 7.88 does in a terminal', async () => {
    const client = realLikeCluster();
    const r = await runCurl(['-v', `${E}/v3/kv/range`, '-X', 'POST', '-H', 'X-A: b', '-d', '{"key":"Zm9v"}'], { client });
    expect(r.stderr).toBe(
      'Note: Unnecessary use of -X or --request, POST is already inferred.\n' +
        '*   Trying 127.0.0.1:2379...\n' +
        '* Connected to 127.0.0.1 (127.0.0.1) port 2379 (#0)\n' +
        '> POST /v3/kv/range HTTP/1.1\r\n> Host: 127.0.0.1:2379\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> X-A: b\r\n' +
        '> Content-Length: 14\r\n> Content-Type: application/x-www-form-urlencoded\r\n> \r\n' +
        '< HTTP/1.1 200 OK\r\n< Access-Control-Allow-Headers: accept, content-type, authorization\r\n' +
        '< Access-Control-Allow-Methods: POST, GET, OPTIONS, PUT, DELETE\r\n< Access-Control-Allow-Origin: *\r\n' +
        `< Content-Type: application/json\r\n< Grpc-Metadata-Content-Type: application/grpc\r\n< Content-Length: ${r.stdout.length}\r\n< \r\n` +
        '* Connection #0 to host 127.0.0.1 left intact\n',
    );
    const refused = await runCurl(['-sv', 'http://127.0.0.1:9/x'], { client });
    expect(refused).toEqual({
      stdout: '',
      stderr: "*   Trying 127.0.0.1:9...\n* connect to 127.0.0.1 port 9 failed: Connection refused\n* Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server\n* Closing connection 0\n",
      exitCode: 7,
    });
  });
  it('-i shows a server error as chunked with its gRPC trailer after the body, as etcd sends it', async () => {
    const client = realLikeCluster();
    const r = await runCurl(['-si', `${E}/v3/kv/range`, '-d', '{}'], { client });
    expect(r.stdout).toBe(
      'HTTP/1.1 400 Bad Request\r\n' +
        'Access-Control-Allow-Headers: accept, content-type, authorization\r\n' +
        'Access-Control-Allow-Methods: POST, GET, OPTIONS, PUT, DELETE\r\n' +
        'Access-Control-Allow-Origin: *\r\n' +
        'Content-Type: application/json\r\nTrailer: Grpc-Trailer-Content-Type\r\nTransfer-Encoding: chunked\r\n\r\n' +
        '{"error":"etcdserver: key is not provided","message":"etcdserver: key is not provided","code":3}Grpc-Trailer-Content-Type: application/grpc\r\n',
    );
  });
  it('reports a stream cut short by the member going away as curl (18), keeping what arrived', async () => {
    const client = realLikeCluster();
    const broken = Object.create(client) as ClusterClient;
    broken.watch = () => {
      const q = new AsyncQueue<WatchResponse>();
      q.fail(new Error('context deadline exceeded'));
      return q;
    };
    const r = await runCurl([`${E}/v3/watch`, '-d', '{"create_request":{"key":"Zm9v"}}'], { client: broken });
    expect(r.exitCode).toBe(18);
    expect(r.stderr).toBe('curl: (18) transfer closed with outstanding read data remaining\n');
    expect(r.stdout).toMatch(/^\{"result":\{"header":\{.*\},"created":true\}\}\n$/);
    const failing = Object.create(client) as ClusterClient;
    failing.watch = () => {
      const q = new AsyncQueue<WatchResponse>();
      q.fail(new Error('etcdserver: no leader'));
      return q;
    };
    const s = await runCurl(['-s', `${E}/v3/watch`, '-d', '{"create_request":{"key":"Zm9v"}}'], { client: failing });
    expect(s.exitCode).toBe(0);
    expect(s.stdout.endsWith('\n{"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader","http_status":"Service Unavailable"}}')).toBe(true);
  });
});
