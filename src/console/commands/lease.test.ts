import { describe, expect, it } from 'vitest';
import { newTestConsole, outputWatcher } from '../testing/console';

const LEASE = '6f6fa20c5f546223';

describe('lease', () => {
  it('grant raises the TTL to the 2 s minimum and prints fields/json forms', async () => {
    const c = newTestConsole();
    expect((await c.run('etcdctl lease grant 1')).stdout).toBe(`lease ${LEASE} granted with TTL(2s)\n`);
    expect((await c.run('etcdctl lease grant 100 -w fields')).stdout).toBe(
      '"ClusterID" : 4989847324882585737\n"MemberID" : 5138483852803829615\n"Revision" : 1\n"RaftTerm" : 2\n"ID" : 8029814834647556645\n"TTL" : 100\n',
    );
  });
  it('timetolive reports remaining seconds, attached keys, and expiry', async () => {
    const c = newTestConsole();
    await c.run('etcdctl lease grant 30');
    await c.run(`etcdctl put lk1 v1 --lease=${LEASE} && etcdctl put lk2 v2 --lease=${LEASE}`);
    expect((await c.run(`etcdctl lease timetolive ${LEASE} --keys`)).stdout).toBe(
      `lease ${LEASE} granted with TTL(30s), remaining(29s), attached keys([lk1 lk2])\n`,
    );
    expect((await c.run(`etcdctl lease timetolive ${LEASE} --keys -w json`)).stdout).toContain('"ttl":29,"granted-ttl":30,"keys":["bGsx","bGsy"]}');
    c.client.clock.advance(31_000);
    expect((await c.run(`etcdctl lease timetolive ${LEASE}`)).stdout).toBe(`lease ${LEASE} already expired\n`);
    expect((await c.run('etcdctl get lk --prefix')).stdout).toBe('');
    expect((await c.run(`etcdctl lease timetolive ${LEASE} -w json`)).stdout).toBe(
      '{"cluster_id":4989847324882585737,"member_id":5138483852803829615,"revision":4,"raft_term":2,"id":8029814834647556643,"ttl":-1,"granted-ttl":0,"keys":null}\n',
    );
  });
  it('keep-alive --once renews; on a revoked lease exits 2', async () => {
    const c = newTestConsole();
    await c.run('etcdctl lease grant 30');
    expect((await c.run(`etcdctl lease keep-alive --once ${LEASE}`)).stdout).toBe(`lease ${LEASE} keepalived with TTL(30)\n`);
    await c.run(`etcdctl lease revoke ${LEASE}`);
    expect(await c.run(`etcdctl lease keep-alive --once ${LEASE}`)).toEqual({ stdout: '', stderr: 'Error: etcdserver: requested lease not found\n', exitCode: 2 });
    expect(await c.run(`etcdctl lease keep-alive ${LEASE}`)).toEqual({ stdout: `lease ${LEASE} expired or revoked.\n`, stderr: '', exitCode: 0 });
    expect(await c.run(`etcdctl lease revoke ${LEASE}`)).toMatchObject({ stderr: 'Error: failed to revoke lease (etcdserver: requested lease not found)\n', exitCode: 1 });
  });
  it('keep-alive streams renewals every TTL/3 until Ctrl-C, then until the lease is revoked', async () => {
    const c = newTestConsole();
    await c.run('etcdctl lease grant 3');
    const ac = new AbortController();
    const out = outputWatcher();
    const done = c.run(`etcdctl lease keep-alive ${LEASE}`, { signal: ac.signal, onOutput: out.onOutput });
    await out.until((t) => t.split('\n').length > 3);
    const t0 = c.client.clock.now();
    await out.until((t) => t.split('\n').length > 4);
    expect(c.client.clock.now() - t0).toBeGreaterThanOrEqual(1000);
    ac.abort();
    const r = await done;
    expect(r.exitCode).toBe(130);
    expect(r.stdout.split('\n')[0]).toBe(`lease ${LEASE} keepalived with TTL(3)`);
    expect((await c.run(`etcdctl lease timetolive ${LEASE}`)).stdout).toMatch(/remaining\(\d\)?/);

    const out2 = outputWatcher();
    const done2 = c.run(`etcdctl lease keep-alive ${LEASE}`, { onOutput: out2.onOutput });
    await out2.until((t) => t.includes('keepalived'));
    await c.run(`etcdctl lease revoke ${LEASE}`);
    const r2 = await done2;
    expect(r2.stdout.endsWith(`lease ${LEASE} expired or revoked.\n`)).toBe(true);
    expect(r2.exitCode).toBe(0);
  });
  it('list orders by expiry and revoke deletes attached keys in one revision (spec G35-G37)', async () => {
    const c = newTestConsole();
    await c.run('etcdctl lease grant 60 && etcdctl lease grant 10');
    expect((await c.run('etcdctl lease list')).stdout).toBe('found 2 leases\n6f6fa20c5f546225\n6f6fa20c5f546223\n');
    await c.run(`etcdctl put k1 v1 --lease=${LEASE} && etcdctl put k2 v2 --lease=${LEASE}`);
    expect((await c.run(`etcdctl lease revoke ${LEASE}`)).stdout).toBe(`lease ${LEASE} revoked\n`);
    expect((await c.run('etcdctl get k --prefix -w json')).stdout).toContain('"revision":4,');
  });
});
