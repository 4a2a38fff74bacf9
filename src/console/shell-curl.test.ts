import { describe, expect, it } from 'vitest';
import { newTestConsole } from './testing/console';

describe('curl in the console shell', () => {
  it('routes curl words to the gateway and pipes etcdctl around it', async () => {
    const c = newTestConsole();
    const put = await c.run(`curl -L http://127.0.0.1:2379/v3/kv/put -X POST -d '{"key": "Zm9v", "value": "YmFy"}'`);
    expect(put.exitCode).toBe(0);
    expect(put.stdout).toMatch(/^\{"header":\{"cluster_id":"4989847324882585737","member_id":"5138483852803829615","revision":"2","raft_term":"2"\}\}$/);
    const both = await c.run(`etcdctl get foo && curl -s http://127.0.0.1:2379/v3/kv/range -X POST -d '{"key":"Zm9v"}' | grep Zm9v`);
    expect(both.stdout).toMatch(/^foo\nbar\n\{"header".*"key":"Zm9v".*\n$/);
  });
});
