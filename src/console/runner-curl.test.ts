import { describe, expect, it } from 'vitest';
import { runEtcdctl } from './runner';
import { realLikeCluster } from './http/test-cluster';

describe('runEtcdctl dispatches curl lines to the HTTP gateway', () => {
  it('answers a pasted gateway line with etcd JSON, and a get sees the key', async () => {
    const client = realLikeCluster();
    const put = await runEtcdctl(`curl -L http://127.0.0.1:2379/v3/kv/put -X POST -d '{"key": "Zm9v", "value": "YmFy"}'`, { client });
    expect(put.exitCode).toBe(0);
    expect(put.stdout).toMatch(/^\{"header":\{"cluster_id":"\d+","member_id":"\d+","revision":"2","raft_term":"\d+"\}\}$/);
    const get = await runEtcdctl('get foo', { client });
    expect(get.stdout).toBe('foo\nbar\n');
  });
});
