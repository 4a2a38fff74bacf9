import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCluster } from '../cluster';
import { inProcessHost } from '../testing/in-process';
import { runChaos } from './runner';

let open: WorkerCluster[] = [];
afterEach(() => {
  for (const c of open) c.close();
  open = [];
});

describe('runChaos against real members (in-process, fake IndexedDB)', () => {
  it('kills, partitions and degrades links under a client workload, then judges the history linearizable', async () => {
    const c = await WorkerCluster.open(inProcessHost(), { members: 3, seed: 3 });
    open.push(c);
    c.speed(4);
    await c.waitForLeader(10_000);
    const phases = new Set<string>();
    const v = await runChaos(c, { seconds: 16, clients: 4, seed: 11, faults: ['kill', 'partition', 'network'], onProgress: (p) => phases.add(p.phase) });
    expect(v.linearizable).toBe('ok');
    expect(v.faults.filter((f) => f.error === undefined).length).toBeGreaterThan(0);
    expect(v.faults.every((f) => f.end !== undefined)).toBe(true);
    expect(v.ops.ok).toBeGreaterThan(20);
    expect(v.lostWrites.lost).toEqual([]);
    expect(v.lostWrites.checked).toBeGreaterThan(0);
    expect(v.lostWrites.hashesEqual).toBe(true);
    expect(v.watch.ok).toBe(true);
    expect(v.watch.events).toBeGreaterThan(0);
    expect(v.liveness.okAfterHeal).toBeGreaterThan(0);
    expect(v.timeline.some((o) => o.client === -1)).toBe(true);
    expect([...phases]).toEqual(['running', 'healing', 'checking']);
  }, 120_000);

  it('Stop ends the faults early; the run still heals, converges and judges', async () => {
    const c = await WorkerCluster.open(inProcessHost(), { members: 3, seed: 4 });
    open.push(c);
    c.speed(4);
    await c.waitForLeader(10_000);
    const ac = new AbortController();
    const t0 = c.now();
    c.after(2500, () => ac.abort());
    const v = await runChaos(c, { seconds: 60, clients: 3, seed: 2, faults: ['kill', 'partition'], signal: ac.signal });
    expect(v.stopped).toBe(true);
    expect(v.healedAt - t0).toBeLessThan(10_000);
    expect(v.faults.every((f) => f.end !== undefined && f.end <= v.healedAt + 1)).toBe(true);
    expect(v.linearizable).toBe('ok');
    expect(v.lostWrites.hashesEqual).toBe(true);
    expect(c.handles.every((h) => h.running)).toBe(true);
  }, 120_000);
});
