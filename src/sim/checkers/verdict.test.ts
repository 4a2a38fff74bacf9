import { describe, expect, it } from 'vitest';
import { HistoryRecorder } from './index';
import { checkRun } from './verdict';

function run(staleRead: boolean): HistoryRecorder {
  const r = new HistoryRecorder();
  r.invoke(1, 'put', 'k', { value: 'a' }, 0);
  r.ok(1, 10, { rev: 2 });
  r.invoke(1, 'put', 'k', { value: 'b' }, 20);
  r.ok(1, 30, { rev: 3 });
  r.invoke(2, 'get', 'k', {}, 40);
  r.ok(2, 50, staleRead ? { value: 'a', rev: 2 } : { value: 'b', rev: 3 });
  return r;
}

describe('checkRun', () => {
  it('passes a clean run with a watch that saw both writes and a lock used in turn', () => {
    const r = run(false);
    const v = checkRun({
      history: r.toJsonLines() + '{"hashes":{"infra1":7,"infra2":7}}\n',
      watches: [{
        id: 'w', request: { key: 'k', startRevision: 1 },
        responses: [{ events: [{ type: 'put', key: 'k', value: 'a', modRevision: 2 }, { type: 'put', key: 'k', value: 'b', modRevision: 3 }] }],
      }],
      locks: { holds: [{ lock: 'L', client: 1, leaseId: 1n, acquiredAt: 0, releasedAt: 5 }] },
    });
    expect(v.ok).toBe(true);
    expect(v.hashes).toEqual({ infra1: 7, infra2: 7 });
    expect(v.summary).toBe([
      'linearizability: ok (3 ops over 1 keys, 0 indeterminate, 0 failed, 3 steps)',
      'revision order: ok',
      'watch: ok (1 watches, 2 events)',
      'locks: ok (1 holds, 0 unsafe)',
    ].join('\n'));
  });

  it('fails a stale read and a watch with a gap, and says so in the summary', () => {
    const v = checkRun({
      history: run(true).events,
      watches: [{
        id: 'w', request: { key: 'k', startRevision: 1 },
        responses: [{ events: [{ type: 'put', key: 'k', value: 'a', modRevision: 2 }] }, { events: [], progressNotify: true, headerRevision: 3 }],
      }],
    });
    expect(v.ok).toBe(false);
    expect(v.linearizability.verdict).toBe('illegal');
    expect(v.watches!.violations.map((x) => x.guarantee)).toEqual(['reliable']);
    expect(v.summary).toContain('watch: 1 violations');
    expect(v.summary).toContain('revision order: 1 violations');
    expect(v.revisionOrder[0]!.message).toBe('get k at revision 2 (p2, invoked at 40) after put k at revision 3 (p1, returned at 30)');
    expect(v.summary).toContain('!!  p2 get k -> "a" @2');
  });
});
