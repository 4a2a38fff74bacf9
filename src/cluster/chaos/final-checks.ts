/**
 * The end-of-run checks on the members themselves: wait until every member runs and has applied
 * the same revision, then read every acknowledged write back at its own revision on every member
 * (a serializable read of that member's MVCC store: an acknowledged write must be there, with
 * its value, on every member), and compare hashKV at one revision.
 */
import type { HistoryEvent } from '../../sim/checkers';
import type { WorkerCluster } from '../cluster';
import type { WorkerClusterClient } from '../client';
import type { ChaosVerdict, LostWrite } from './verdict';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/**
 * Waits (up to `timeoutMs` of cluster time) until every member runs, one leads, and all have
 * applied the same revision; resolves the names of members that did not get there.
 */
export async function waitConverged(cluster: WorkerCluster, client: WorkerClusterClient, timeoutMs: number): Promise<string[]> {
  const until = cluster.now() + timeoutMs;
  let behind: string[] = cluster.handles.map((h) => h.name);
  while (cluster.now() < until) {
    await cluster.refresh();
    const revs = await Promise.all(
      cluster.handles.map((h) =>
        h.running ? client.status(h.slot.clientURLs[0]!, { timeoutMs: 1000 }).then((s) => ({ h, rev: s.header.revision, applied: s.raftAppliedIndex, commit: s.raftIndex }), () => undefined) : undefined,
      ),
    );
    const top = Math.max(0, ...revs.map((r) => r?.rev ?? 0));
    behind = cluster.handles.filter((_, i) => revs[i] === undefined || revs[i]!.rev !== top).map((h) => h.name);
    if (behind.length === 0 && cluster.leader()) return [];
    await cluster.sleep(100);
  }
  return behind;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Reads every acknowledged write back on every member, and compares the members' hashKV. */
export async function checkLostWrites(cluster: WorkerCluster, client: WorkerClusterClient, history: readonly HistoryEvent[], unavailable: string[]): Promise<ChaosVerdict['lostWrites']> {
  const acked = history.filter((e) => e.type === 'ok' && (e.f === 'put' || (e.f === 'cas' && e.succeeded === true)) && e.rev !== undefined && typeof e.value === 'string');
  const members = cluster.handles.filter((h) => h.running && !unavailable.includes(h.name));
  const lost: LostWrite[] = [];
  let checked = 0;
  const jobs = members.flatMap((h) => acked.map((w) => ({ h, w })));
  await pool(jobs, 16, async ({ h, w }) => {
    const ep = h.slot.clientURLs[0]!;
    let found: string | null;
    try {
      const r = await client.range({ key: enc(w.key), revision: w.rev!, serializable: true }, { endpoints: [ep], timeoutMs: 3000 });
      const kv = r.kvs[0];
      found = kv !== undefined && kv.modRevision === w.rev ? dec(kv.value) : kv === undefined ? null : `${dec(kv.value)}@${kv.modRevision}`;
    } catch (e) {
      found = `error: ${e instanceof Error ? e.message : String(e)}`;
    }
    checked++;
    if (found !== w.value) lost.push({ key: w.key, value: w.value as string, rev: w.rev!, member: h.name, found });
  });
  const revision = Math.min(...members.map((h) => h.summary?.revision ?? 0));
  const hashes: Record<string, number> = {};
  for (const h of members) {
    try {
      hashes[h.name] = (await client.hashKV(h.slot.clientURLs[0]!, revision, { timeoutMs: 3000 })).hash;
    } catch {
      // A member that cannot answer is missing from the hashes, so they do not all agree.
    }
  }
  const values = Object.values(hashes);
  const hashesEqual = values.length === cluster.handles.length && values.every((x) => x === values[0]);
  lost.sort((a, b) => a.rev - b.rev);
  return { checked, lost, hashes, hashesEqual, revision, unavailable };
}
