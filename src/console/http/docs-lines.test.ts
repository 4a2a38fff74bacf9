/**
 * The gateway lines of etcd 3.4's docs (Documentation/dev-guide/api_grpc_gateway.md), pasted
 * verbatim, tokenized by the console's own tokenizer as the runner hook will do it, and run
 * through runCurl.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../tokenize';
import { runCurl } from './curl';
import { realLikeCluster } from './test-cluster';

const HEADER = '{"cluster_id":"12101053776118486841","member_id":"15985099378392235387","revision":"2","raft_term":"2"}';

describe('etcd docs gateway lines', () => {
  it('put, range, and both txn examples work as pasted (localhost, line continuations, camelCase fields)', async () => {
    const client = realLikeCluster();
    const run = async (line: string) => runCurl(tokenize(line).argv, { client });
    expect((await run(`curl -L http://localhost:2379/v3/kv/put \\\n  -X POST -d '{"key": "Zm9v", "value": "YmFy"}'`)).stdout).toBe(`{"header":${HEADER}}`);
    expect((await run(`curl -L http://localhost:2379/v3/kv/range \\\n  -X POST -d '{"key": "Zm9v"}'`)).stdout).toBe(
      `{"header":${HEADER},"kvs":[{"key":"Zm9v","create_revision":"2","mod_revision":"2","version":"1","value":"YmFy"}],"count":"1"}`,
    );
    const txn = await run(
      `curl -L http://localhost:2379/v3/kv/txn \\\n  -X POST \\\n  -d '{"compare":[{"target":"CREATE","key":"Zm9v","createRevision":"2"}],"success":[{"requestPut":{"key":"Zm9v","value":"YmFy"}}]}'`,
    );
    expect(txn.stdout).toBe('{"header":{"cluster_id":"12101053776118486841","member_id":"15985099378392235387","revision":"3","raft_term":"2"},"succeeded":true,"responses":[{"response_put":{"header":{"revision":"3"}}}]}');
    const txn2 = await run(`curl -L http://localhost:2379/v3/kv/txn \\\n  -X POST \\\n  -d '{"compare":[{"version":"4","result":"EQUAL","target":"VERSION","key":"Zm9v"}],"success":[{"requestRange":{"key":"Zm9v"}}]}'`);
    expect(txn2.stdout).toBe('{"header":{"cluster_id":"12101053776118486841","member_id":"15985099378392235387","revision":"3","raft_term":"2"}}');
  });
  it('the watch example streams with -N until Ctrl-C', async () => {
    const client = realLikeCluster();
    const ac = new AbortController();
    let seen = '';
    const done = runCurl(tokenize(`curl -N http://localhost:2379/v3/watch \\\n  -X POST -d '{"create_request": {"key":"Zm9v"} }'`).argv, { client, signal: ac.signal, onOutput: (_s, t) => (seen += t) });
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    await runCurl(tokenize(`curl -L http://localhost:2379/v3/kv/put -X POST -d '{"key": "Zm9v", "value": "YmFy"}'`).argv, { client });
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    ac.abort();
    const r = await done;
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe(seen);
    expect(r.stdout.split('\n')).toHaveLength(3);
    expect(r.stdout).toContain('"events":[{"kv":{"key":"Zm9v","create_revision":"2","mod_revision":"2","version":"1","value":"YmFy"}}]');
  });
});
