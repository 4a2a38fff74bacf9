import { describe, expect, it } from 'vitest';
import { buildOperations, checkKvHistory, checkLocks, checkWatches, parseHistory, writesFromOperations } from './checkers';
import { runEtcdSim } from './etcd-run';
import type { NemesisKind } from './nemesis';
import { ETCD_REGRESSION_SEEDS } from './etcd-swarm';
import { SWARM_TIMEOUT_MS, runChecked, runSwarmNemesis } from './etcd-swarm-check';

describe('etcd mode: full members under faults', () => {
  it('is deterministic: the same seed gives the same history and hashes', async () => {
    const c = { seed: 11, members: 3, ticks: 500, nemesis: 'all' as NemesisKind, clients: 4 };
    const a = await runEtcdSim(c);
    const b = await runEtcdSim(c);
    expect(a.historyLines.length).toBeGreaterThan(50);
    expect(b.historyLines).toEqual(a.historyLines);
    expect(b.result.hashes).toEqual(a.result.hashes);
    expect(b.workload.watchers.records).toEqual(a.workload.watchers.records);
    expect(b.workload.lockers.holds).toEqual(a.workload.lockers.holds);
    expect(a.result.watchEvents).toBeGreaterThan(0);
  });

  it('writes history lines in the format of issue 4 §4', async () => {
    const { historyLines } = await runEtcdSim({ seed: 2, members: 3, ticks: 400, nemesis: 'none', clients: 3 });
    const put = historyLines.find((l) => l.includes('"type":"ok","f":"put"'));
    expect(put).toMatch(/^\{"process":\d+,"type":"ok","f":"put","key":"k\d+","value":"v\d+","time":\d+,"rev":\d+\}$/);
    const get = historyLines.find((l) => l.includes('"type":"ok","f":"get"'));
    expect(get).toMatch(/^\{"process":\d+,"type":"ok","f":"get","key":"k\d+","value":("v\d+"|null),"time":\d+,"rev":\d+\}$/);
    const cas = historyLines.find((l) => l.includes('"type":"ok","f":"cas"'));
    expect(cas).toMatch(/"expect":("v\d+"|null),"value":"v\d+","succeeded":(true|false),"time":\d+/);
  });

  for (const { c, caught } of ETCD_REGRESSION_SEEDS) {
    it(`regression seed=${c.seed} ${c.nemesis}: ${caught}`, async () => {
      await runChecked(c);
    }, SWARM_TIMEOUT_MS);
  }

  for (const nemesis of ['none', 'partition'] as const) {
    it(`keeps hashes equal, loses no acknowledged write, stays linearizable, watches and locks hold: ${nemesis}`, async () => {
      await runSwarmNemesis(nemesis);
    }, SWARM_TIMEOUT_MS);
  }

  it('the watch and lock checks fail on a dropped watch event and on two holders at once', async () => {
    const { workload } = await runEtcdSim({ seed: 3, members: 3, ticks: 500, nemesis: 'none', clients: 4 });
    const records = workload.watchers.records;
    const rich = records.find((r) => r.responses.filter((x) => x.events.length > 0).length >= 3)!;
    expect(rich).toBeDefined();
    const writes = writesFromOperations(buildOperations(workload.clients.history).operations);
    expect(checkWatches({ ...writes, watches: records }).ok).toBe(true);
    // drop the second response that carries events: a gap between the first and the third
    const drop = rich.responses.map((x, i) => (x.events.length > 0 ? i : -1)).filter((i) => i >= 0)[1]!;
    const gap = { ...rich, responses: rich.responses.filter((_, i) => i !== drop) };
    const dropped = records.map((r) => (r === rich ? gap : r));
    expect(checkWatches({ ...writes, watches: dropped }).violations.map((v) => v.guarantee)).toContain('reliable');
    const holds = workload.lockers.holds;
    expect(holds.length).toBeGreaterThan(2);
    expect(checkLocks(holds, workload.lockers.expiries()).ok).toBe(true);
    const early = { ...holds[1]!, acquiredAt: holds[0]!.acquiredAt + 1 };
    expect(checkLocks([holds[0]!, early], workload.lockers.expiries()).violations.map((v) => v.kind)).toContain('overlap');
  });

  it('the check fails when an acknowledged write is lost (a final read returns an overwritten value)', async () => {
    const { historyLines } = await runEtcdSim({ seed: 5, members: 3, ticks: 500, nemesis: 'crash', clients: 4 });
    const events = parseHistory(historyLines.join('\n')).events;
    expect(checkKvHistory(events).verdict).toBe('ok');
    const last = [...events].reverse().find((e) => e.type === 'ok' && e.f === 'get' && e.value !== null)!;
    // the write that produced the final value, and when it was invoked
    const wrote = events.findIndex((e) => e.type === 'ok' && e.key === last.key && (e.f === 'put' || e.f === 'cas') && e.value === last.value);
    const invokedAt = events.slice(0, wrote).reverse().find((e) => e.type === 'invoke' && e.process === events[wrote]!.process)!.time;
    // an acknowledged put that finished before that write began: it was overwritten
    const overwritten = events.find((e) => e.type === 'ok' && e.f === 'put' && e.key === last.key && e.time < invokedAt);
    expect(overwritten).toBeDefined();
    const lost = events.map((e) => (e === last ? { ...e, value: overwritten!.value ?? null } : e));
    expect(checkKvHistory(lost).verdict).toBe('illegal');
  });
});
