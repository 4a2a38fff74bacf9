import { describe, expect, it } from 'vitest';
import { checkKvHistory, parseHistory, type HistoryEvent } from './checkers';
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

/** runChecked runs one case and asserts every guarantee; returns how many MsgSnap were sent and crashes injected. */
async function runChecked(c: EtcdRunOptions): Promise<{ snaps: number; crashes: number }> {
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
  expect(result.ok, where).toBe(true);
  return { snaps, crashes: result.crashes };
}

describe('etcd mode: full members under faults', () => {
  it('is deterministic: the same seed gives the same history and hashes', async () => {
    const c = { seed: 11, members: 3, ticks: 500, nemesis: 'all' as NemesisKind, clients: 4 };
    const a = await runEtcdSim(c);
    const b = await runEtcdSim(c);
    expect(a.historyLines.length).toBeGreaterThan(50);
    expect(b.historyLines).toEqual(a.historyLines);
    expect(b.result.hashes).toEqual(a.result.hashes);
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
      for (const c of etcdSwarmCases(nemesis)) {
        const r = await runChecked(c);
        snaps += r.snaps;
        crashes += r.crashes;
      }
      // the crash runs must exercise what they claim: crashes and a lagging member caught up by MsgSnap
      if (nemesis === 'crash') {
        expect(crashes).toBeGreaterThan(ETCD_SWARM_SEEDS);
        expect(snaps).toBeGreaterThan(0);
      }
    });
  }

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
