import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCluster } from './cluster';
import { WorkerClusterClient } from './client';
import type { MemberHandle } from './member-handle';
import { inProcessHost } from './testing/in-process';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

let open: WorkerCluster[] = [];
afterEach(() => {
  for (const c of open) c.close();
  open = [];
});

async function start(members: number) {
  const c = await WorkerCluster.open(inProcessHost(), { members, seed: 3, fresh: true });
  open.push(c);
  c.speed(8);
  await c.waitForLeader(10_000);
  return { c, client: new WorkerClusterClient(c) };
}

/**
 * With cluster time paused, steps it tick by tick until `call` settles (or `maxMs` passes), each
 * tick handled before the next: every tick a member sees carries exactly the cluster time of the
 * step, however late a loaded machine would run the bus's wall-clock timer. `member` is the
 * member whose report (posted after it handled a tick) each step waits for.
 */
async function stepUntilSettled(c: WorkerCluster, call: Promise<unknown>, member?: MemberHandle, maxMs = 10_000): Promise<void> {
  let settled = false;
  call.then(
    () => (settled = true),
    () => (settled = true),
  );
  const t0 = c.now();
  while (!settled && c.now() - t0 < maxMs) {
    const before = member?.summary;
    c.step();
    do await new Promise((r) => setTimeout(r, 1));
    while (member && member.summary === before);
  }
}

describe('WorkerClusterClient deadlines, as clientv3 has them', () => {
  it('a deadline shorter than one round trip fails (--command-timeout=1ms), though the put still applies', async () => {
    const { c, client } = await start(1);
    await expect(client.range({ key: enc('k') }, { timeoutMs: 1 })).rejects.toThrow(/^context deadline exceeded$/);
    await expect(client.put({ key: enc('k'), value: enc('v') }, { timeoutMs: 1 })).rejects.toThrow(/^context deadline exceeded$/);
    await c.sleep(500);
    const got = await client.range({ key: enc('k') });
    expect(got.kvs.map((kv) => new TextDecoder().decode(kv.value))).toEqual(['v']);
  });

  it('without a deadline, a dead endpoint fails after the dial timeout', async () => {
    const { c, client } = await start(1);
    c.pause();
    const t0 = c.now();
    const txn = client.txn({ compare: [], success: [], failure: [] }, { endpoints: ['127.0.0.1:1'], dialTimeoutMs: 1000 });
    await stepUntilSettled(c, txn);
    await expect(txn).rejects.toThrow(/^context deadline exceeded$/);
    expect(c.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(c.now() - t0).toBeLessThan(3000);
  });

  it("without a deadline, a leaderless member's own request timeout ends the call as gRPC Unknown", async () => {
    const { c, client } = await start(3);
    const alone = c.handles[0]!;
    for (const h of c.handles.slice(1)) c.kill(h.name);
    // Wait until the lone member knows it has no leader (check quorum steps a leader down).
    for (let i = 0; i < 200 && c.status()[0]!.leader !== ''; i++) await c.sleep(100);
    expect(c.status()[0]!.leader).toBe('');
    // Step cluster time tick by tick, each tick handled by the member before the next, so the
    // member's clock is exactly cluster time however late a loaded machine runs the bus.
    c.pause();
    const t0 = c.now();
    const txn = client.txn({ compare: [], success: [{ requestPut: { key: enc('x'), value: enc('1') } }], failure: [] }, { endpoints: [alone.slot.clientURLs[0]!] });
    await stepUntilSettled(c, txn, alone);
    await expect(txn).rejects.toThrow(/^rpc error: code = Unknown desc = context deadline exceeded$/);
    // etcd's ReqTimeout (5 s + 2 election timeouts = 7 s on the member's tick clock, which may
    // start one tick behind t0), not a client default of 5 s.
    expect(c.now() - t0).toBeGreaterThanOrEqual(6900);
    expect(c.now() - t0).toBeLessThanOrEqual(7100);
    c.resume();
    await expect(client.put({ key: enc('x'), value: enc('1') }, { endpoints: [alone.slot.clientURLs[0]!], timeoutMs: 5000 })).rejects.toThrow(/^context deadline exceeded$/);
  }, 20_000);
});
