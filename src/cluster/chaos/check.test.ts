import { describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../../sim/checkers';
import { checkChaosRun } from './check';
import { summarize, timelineOps } from './verdict';

let t = 0;
const clock = (): number => t++;

function history(stale: boolean) {
  const r = new HistoryRecorder();
  r.invoke(0, 'put', 'k', { value: 'v1' }, 0);
  r.ok(0, 10, { rev: 2 });
  r.invoke(1, 'put', 'k', { value: 'v2' }, 20);
  r.ok(1, 30, { rev: 3 });
  r.invoke(2, 'get', 'k', {}, 40);
  r.ok(2, 50, { value: stale ? 'v1' : 'v2', rev: 3 });
  r.invoke(3, 'put', 'j', { value: 'v3' }, 45);
  r.info(3, 60, 'context deadline exceeded');
  r.invoke(4, 'get', 'j', {}, 70);
  r.fail(4, 80, 'context deadline exceeded');
  return r.events;
}

describe('checkChaosRun', () => {
  it('accepts a linearizable history, watches included', async () => {
    const watch = { id: 'w', request: { key: '', prefix: true, startRevision: 2 }, responses: [{ events: [{ type: 'put' as const, key: 'k', value: 'v1', modRevision: 2 }] }, { events: [{ type: 'put' as const, key: 'k', value: 'v2', modRevision: 3 }] }] };
    const out = await checkChaosRun(history(false), [watch], clock);
    expect(out.linearizable).toBe('ok');
    expect(out.watch.ok).toBe(true);
    expect(out.indeterminate).toBe(1);
    expect(out.failed).toBe(1);
  });

  it('finds a stale read, names the key and the offending operation', async () => {
    const out = await checkChaosRun(history(true), [], clock);
    expect(out.linearizable).toBe('violation');
    expect(out.failure?.key).toBe('k');
    expect(out.operations[out.failure!.stuck]!.input.f).toBe('get');
    expect(out.lin.excerpt).toContain('get k');
  });

  it('finds a watch that skipped a write', async () => {
    const watch = { id: 'w', request: { key: '', prefix: true, startRevision: 2 }, responses: [{ events: [{ type: 'put' as const, key: 'k', value: 'v2', modRevision: 3 }] }] };
    const out = await checkChaosRun(history(false), [watch], clock);
    expect(out.watch.ok).toBe(false);
    expect(out.watch.violations.map((v) => v.guarantee)).toContain('resumable');
  });
});

describe('timelineOps', () => {
  it('pairs invocations with completions; an info stays open to infinity', () => {
    const ops = timelineOps(history(false), 4);
    expect(ops.map((o) => [o.f, o.outcome, o.client])).toEqual([['put', 'ok', 0], ['put', 'ok', 1], ['get', 'ok', 2], ['put', 'info', 3], ['get', 'fail', 0]]);
    expect(ops[3]!.ret).toBe(Infinity);
    expect(ops[3]!.gaveUpAt).toBe(60);
    expect(ops[2]!.value).toBe('v2');
  });
});

describe('summarize', () => {
  it('says it in plain words', () => {
    const lines = summarize({
      seed: 1, members: ['a', 'b', 'c'], clients: 8, faultKinds: [], durationMs: 1, startedAt: 0, healedAt: 0, wallMs: 0, stopped: false,
      linearizable: 'ok', watch: { ok: true, guarantees: { ordered: 'ok', unique: 'ok' }, watches: 2, events: 10, violations: [] },
      lostWrites: { checked: 30, lost: [], hashes: {}, hashesEqual: true, revision: 12, unavailable: [] }, liveness: { okAfterHeal: 3 },
      ops: { total: 1234, ok: 1200, fail: 4, info: 30 }, faults: [], timeline: [], revisionOrder: [], check: { ms: 1, longestSliceMs: 1, steps: 1, opsChecked: 1 },
    });
    expect(lines[0]).toBe('Linearizable: 1,234 operations by 8 clients under 0 faults.');
    expect(lines[1]).toContain('Every acknowledged write (10) is on every member');
    expect(lines[2]).toContain('Watches ordered, unique');
  });
});
