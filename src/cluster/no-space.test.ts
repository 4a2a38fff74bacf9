import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCluster } from './cluster';
import { WorkerClusterClient } from './client';
import { inProcessHost } from './testing/in-process';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * fake-indexeddb with a nearly full device under one member: once `limitBytes` were put into
 * that member's databases, any put of more than 1 KiB throws a QuotaExceededError DOMException
 * (small records still fit, as on a real disk with a little space left).
 */
const quota = { prefix: undefined as string | undefined, limitBytes: 0, written: 0, refused: 0 };
const proto = (globalThis as unknown as { IDBObjectStore: { prototype: { put: (this: IDBObjectStore, value: unknown, key?: IDBValidKey) => IDBRequest } } }).IDBObjectStore.prototype;
const realPut = proto.put;
proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey): IDBRequest {
  if (quota.prefix !== undefined && this.transaction.db.name.startsWith(quota.prefix)) {
    const n = value instanceof Uint8Array ? value.length : 8;
    if (quota.written > quota.limitBytes && n > 1024) {
      quota.refused++;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    quota.written += n;
  }
  return realPut.call(this, value, key);
};

let open: WorkerCluster[] = [];
afterEach(() => {
  quota.prefix = undefined;
  for (const c of open) c.close();
  open = [];
});

async function until(what: string, f: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('a member whose IndexedDB is full (real adapters and server over fake-indexeddb)', () => {
  it('raises NOSPACE through raft, keeps serving, loses nothing it acknowledged, and catches up once space is back', async () => {
    const c = await WorkerCluster.open(inProcessHost(), { members: 3, seed: 3 });
    open.push(c);
    c.speed(4);
    const leader = await c.waitForLeader();
    const client = new WorkerClusterClient(c);
    const victim = c.handles.find((h) => h !== leader)!;
    const victimEp = victim.slot.clientURLs[0]!;
    const victimId = victim.summary!.memberId;
    quota.prefix = `etcdscope-${c.layout.cluster}-${victim.name}`;
    quota.limitBytes = 128 * 1024;

    const big = new Uint8Array(4096).fill(120);
    const acked: string[] = [];
    let refused: unknown;
    for (let i = 0; i < 200 && refused === undefined; i++) {
      try {
        await client.put({ key: enc(`big${String(i).padStart(3, '0')}`), value: big }, { endpoints: [leader.slot.clientURLs[0]!], timeoutMs: 5000 });
        acked.push(`big${String(i).padStart(3, '0')}`);
      } catch (e) {
        // a put that timed out is not acknowledged either; NOSPACE ends the loop
        if (String(e).includes('database space exceeded')) refused = e;
      }
    }
    expect(quota.refused).toBeGreaterThan(0);
    expect(String(refused)).toContain('etcdserver: mvcc: database space exceeded');
    expect(acked.length).toBeGreaterThan(3);
    // the alarm names the member whose storage is full, on every member that can apply it (the
    // full member itself applies it once it can persist the entries before it)
    const alarmAt = async (h: (typeof c.handles)[number]): Promise<unknown> => (await client.alarmList({ endpoints: [h.slot.clientURLs[0]!], timeoutMs: 20_000 })).alarms;
    for (const h of c.handles.filter((x) => x !== victim)) {
      await until(`the alarm at ${h.name}`, async () => ((await alarmAt(h)) as unknown[]).length === 1);
      expect(await alarmAt(h)).toEqual([{ memberID: victimId, alarm: 'NOSPACE' }]);
    }
    await until('status() to say why', () => /^no space left on device: .*QuotaExceededError/.test(c.status().find((m) => m.name === victim.name)!.error ?? ''));
    // it did not crash and still serves reads; the others serve every acknowledged key
    expect(c.status().find((m) => m.name === victim.name)!.state).not.toBe('stopped');
    const local = await client.range({ key: enc('big'), rangeEnd: enc('bih'), serializable: true, keysOnly: true }, { endpoints: [victimEp], timeoutMs: 20_000 });
    expect(local.kvs.length).toBeGreaterThan(0);
    const all = await client.range({ key: enc('big'), rangeEnd: enc('bih'), keysOnly: true }, { endpoints: [leader.slot.clientURLs[0]!], timeoutMs: 20_000 });
    const stored = all.kvs.map((kv) => new TextDecoder().decode(kv.key));
    expect(stored).toEqual(expect.arrayContaining(acked));

    // space comes back: it catches up, and what it holds survives a restart from its disk
    quota.prefix = undefined;
    const rev = all.header.revision;
    await until('the member to catch up', () => c.status().find((m) => m.name === victim.name)!.revision === rev, 30_000);
    c.kill(victim.name);
    await c.restart(victim.name);
    await until('the restarted member to catch up', () => c.status().find((m) => m.name === victim.name)!.revision === rev, 30_000);
    expect(await alarmAt(victim)).toEqual([{ memberID: victimId, alarm: 'NOSPACE' }]);
    const after = await client.range({ key: enc('big'), rangeEnd: enc('bih'), serializable: true, keysOnly: true }, { endpoints: [victimEp], timeoutMs: 20_000 });
    expect(after.kvs.map((kv) => new TextDecoder().decode(kv.key))).toEqual(stored);
    const hashes = await Promise.all(c.handles.map((h) => client.hashKV(h.slot.clientURLs[0]!, rev, { timeoutMs: 20_000 })));
    expect(new Set(hashes.map((h) => h.hash)).size).toBe(1);
    // disarm: writes are accepted again
    await client.alarmDisarm({ memberID: victimId, alarm: 'NOSPACE' }, { timeoutMs: 20_000 });
    await until('the alarm to clear', async () => (await client.alarmList({ timeoutMs: 20_000 })).alarms.length === 0);
    await client.put({ key: enc('after'), value: enc('ok') }, { timeoutMs: 20_000 });
  }, 120_000);
});
