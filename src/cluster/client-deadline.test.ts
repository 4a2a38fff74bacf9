import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCluster } from './cluster';
import { WorkerClusterClient } from './client';
import { inProcessHost } from './testing/in-process';
import { lockstep, tickClocks } from './testing/lockstep';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

let open: WorkerCluster[] = [];
afterEach(() => {
  for (const c of open) c.close();
  open = [];
});

async function start(members: number) {
  const host = tickClocks(inProcessHost());
  const c = await WorkerCluster.open(host, { members, seed: 3, fresh: true });
  open.push(c);
  c.speed(8);
  await c.waitForLeader(10_000);
  return { c, host, client: new WorkerClusterClient(c) };
}

describe('WorkerClusterClient deadlines, as clientv3 has them', () => {
  it('a deadline shorter than one round trip fails (--command-timeout=1ms), though the put still applies', async () => {
    const { c, client } = await start(1);
    await expect(client.range({ key: enc('k') }, { timeoutMs: 1 })).rejects.toThrow(/^context deadline exceeded$/);
    await expect(client.put({ key: enc('k'), value: enc('v') }, { timeoutMs: 1 })).rejects.toThrow(/^context deadline exceeded$/);
    // The put reached the member before its deadline ended the call: it applies (a loaded
    // machine may take a while; give it 10 s of cluster time).
    const values = async (): Promise<string[]> => (await client.range({ key: enc('k') })).kvs.map((kv) => new TextDecoder().decode(kv.value));
    for (let i = 0; i < 100 && (await values()).length === 0; i++) await c.sleep(100);
    expect(await values()).toEqual(['v']);
  });

  it('without a deadline, a dead endpoint fails after the dial timeout', async () => {
    const { c, host, client } = await start(1);
    const steps = await lockstep(c, host, c.handles[0]!);
    const t0 = c.now();
    const txn = client.txn({ compare: [], success: [], failure: [] }, { endpoints: ['127.0.0.1:1'], dialTimeoutMs: 1000 });
    await steps.until(txn);
    await expect(txn).rejects.toThrow(/^context deadline exceeded$/);
    expect(c.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(c.now() - t0).toBeLessThan(3000);
  });

  it("without a deadline, a leaderless member's own request timeout ends the call as gRPC Unknown", async () => {
    const { c, host, client } = await start(3);
    const alone = c.handles[0]!;
    // Members report after ticks: until the lone member has reported the leader it follows, a
    // '' below could be its report from before the election while it already forwards proposals.
    for (let i = 0; i < 200 && c.status()[0]!.leader === ''; i++) await c.sleep(100);
    expect(c.status()[0]!.leader).not.toBe('');
    for (const h of c.handles.slice(1)) c.kill(h.name);
    // Wait until the lone member knows it has no leader (check quorum steps a leader down).
    for (let i = 0; i < 200 && c.status()[0]!.leader !== ''; i++) await c.sleep(100);
    expect(c.status()[0]!.leader).toBe('');
    // Step cluster time tick by tick, each tick handled by the member before the next, so the
    // member's clock is exactly cluster time however late a loaded machine runs the bus.
    const steps = await lockstep(c, host, alone);
    const t0 = c.now();
    const txn = client.txn({ compare: [], success: [{ requestPut: { key: enc('x'), value: enc('1') } }], failure: [] }, { endpoints: [alone.slot.clientURLs[0]!] });
    await steps.until(txn);
    await expect(txn).rejects.toThrow(/^rpc error: code = Unknown desc = context deadline exceeded$/);
    // etcd's ReqTimeout (5 s + 2 election timeouts = 7 s on the member's tick clock), not a
    // client default of 5 s.
    expect(c.now() - t0).toBeGreaterThanOrEqual(7000);
    expect(c.now() - t0).toBeLessThanOrEqual(7100);
    c.resume();
    await expect(client.put({ key: enc('x'), value: enc('1') }, { endpoints: [alone.slot.clientURLs[0]!], timeoutMs: 5000 })).rejects.toThrow(/^context deadline exceeded$/);
  }, 20_000);
});
