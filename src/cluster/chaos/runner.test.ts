import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCluster } from '../cluster';
import { inProcessHost } from '../testing/in-process';
import { runChaos } from './runner';
import { summarize } from './verdict';

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
    console.log(summarize(v).join('\n'), JSON.stringify({ ops: v.ops, faults: v.faults.map((f) => f.label), check: v.check, wallMs: v.wallMs }));
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
});
