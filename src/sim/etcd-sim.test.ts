import { describe, expect, it } from 'vitest';
import { buildOperations, checkKvHistory, checkLocks, checkWatches, parseHistory, writesFromOperations, type HistoryEvent } from './checkers';
import { runEtcdSim, type EtcdRunOptions } from './etcd-run';
import type { NemesisKind } from './nemesis';
import { replayCommand } from './result';
import { ETCD_REGRESSION_SEEDS, ETCD_SWARM_SEEDS, etcdSwarmCases } from './etcd-swarm';

/** finalValues maps each key to the value of its last successful read (the post-run reads). */
function finalValues(history: readonly HistoryEvent[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const e of history) if (e.type === 'ok' && e.f === 'get') out.set(e.key, e.value ?? null);
  return out;
}

interface Checked {
  snaps: number;
  crashes: number;
  watchEvents: number;
  locks: number;
  crashPoints: Set<string>;
}

/** runChecked runs one case and asserts every guarantee; returns what it exercised (MsgSnap sent, crashes, watch events, locks). */
async function runChecked(c: EtcdRunOptions): Promise<Checked> {
  let snaps = 0;
  const { result, historyLines } = await runEtcdSim({
    ...c,
    verbose: true,
    listener: (e) => {
      if (e.ev === 'send' && e.type === 'MsgSnap') snaps++;
    },
  });
  const replay = replayCommand({ ...c, mode: 'etcd' });
  const where = `seed=${c.seed} nemesis=${c.nemesis}\nreplay: ${replay}\n${result.violations.join('\n')}\n${result.excerpt ?? ''}`;
  expect(result.violations, where).toEqual([]);
  expect(result.linearizable, where).toBe('ok');
  expect(Object.keys(result.hashes).length, where).toBe(c.members);
  expect(new Set(Object.values(result.hashes)).size, where).toBe(1);
  expect(result.opsOk, where).toBeGreaterThan(0);
  // every final value was written by a write that may have happened (not a fail)
  const history = parseHistory(historyLines.join('\n')).events;
  const written = new Set(history.filter((e) => e.type !== 'fail' && (e.f === 'put' || e.f === 'cas') && e.type !== 'invoke').map((e) => e.value));
  for (const [key, v] of finalValues(history)) {
    if (v !== null) expect(written.has(v), `${where}\nkey ${key} holds ${v}, never written`).toBe(true);
  }
  expect(result.watchViolations, where).toBe(0);
  expect(result.lockViolations, where).toBe(0);
  expect(result.ok, where).toBe(true);
  return { snaps, crashes: result.crashes, watchEvents: result.watchEvents, locks: result.lockAcquisitions, crashPoints: new Set(Object.keys(result.crashPoints)) };
}

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
    });
  }

  for (const nemesis of ['none', 'partition', 'crash', 'all'] as const) {
    it(`keeps hashes equal, loses no acknowledged write and stays linearizable: ${nemesis}`, async () => {
      let snaps = 0;
      let crashes = 0;
      let watchEvents = 0;
      let locks = 0;
      const points = new Set<string>();
      for (const c of etcdSwarmCases(nemesis)) {
        const r = await runChecked(c);
        snaps += r.snaps;
        crashes += r.crashes;
        watchEvents += r.watchEvents;
        locks += r.locks;
        for (const p of r.crashPoints) points.add(p);
      }
      // every run has watchers and lockers at work
      expect(watchEvents).toBeGreaterThan(ETCD_SWARM_SEEDS * 50);
      expect(locks).toBeGreaterThan(ETCD_SWARM_SEEDS * 3);
      // the crash runs must exercise what they claim: crashes at most crash points and a lagging member caught up by MsgSnap
      if (nemesis === 'crash') {
        expect(crashes).toBeGreaterThan(ETCD_SWARM_SEEDS);
        expect(snaps).toBeGreaterThan(0);
        expect(points.size, [...points].join(' ')).toBeGreaterThanOrEqual(4);
      }
    });
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
