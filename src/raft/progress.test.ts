import { describe, expect, it } from 'vitest';
import { Progress } from './progress';
import type { ProgressStateType } from './progress';

function pr(state: ProgressStateType, match: number, next: number, pendingSnapshot = 0): Progress {
  const p = new Progress({ match, next, maxInflight: 256 });
  p.state = state;
  p.pendingSnapshot = pendingSnapshot;
  return p;
}

describe('Progress', () => {
  it('toString summarizes the state', () => {
    const p = pr('StateReplicate', 1, 2, 0);
    p.recentActive = false;
    p.inflights.add(123);
    expect(p.toString()).toBe('StateReplicate match=1 next=2 inactive inflight=1');
    const s = pr('StateSnapshot', 1, 2, 123);
    s.isLearner = true;
    s.recentActive = true;
    expect(s.toString()).toBe('StateSnapshot match=1 next=2 learner paused pendingSnap=123');
  });

  it.each([
    ['StateProbe', false, false],
    ['StateProbe', true, true],
    ['StateReplicate', false, false],
    ['StateReplicate', true, true],
    ['StateSnapshot', false, true],
    ['StateSnapshot', true, true],
  ] as Array<[ProgressStateType, boolean, boolean]>)('isPaused in %s with paused=%s -> %s', (state, paused, w) => {
    const p = pr(state, 0, 1);
    p.msgAppFlowPaused = paused;
    expect(p.isPaused()).toBe(w);
  });

  it('maybeUpdate and a heartbeat-like reset both unpause', () => {
    const p = pr('StateProbe', 0, 1);
    p.msgAppFlowPaused = true;
    p.maybeUpdate(2);
    expect(p.msgAppFlowPaused).toBe(false);
  });

  it('becomeProbe: from replicate next=match+1; from snapshot max(match+1, pending+1)', () => {
    const cases: Array<[Progress, number]> = [
      [pr('StateReplicate', 1, 5), 2],
      [pr('StateSnapshot', 1, 5, 10), 11],
      [pr('StateSnapshot', 1, 5, 0), 2],
    ];
    for (const [p, wnext] of cases) {
      p.becomeProbe();
      expect(p.state).toBe('StateProbe');
      expect(p.match).toBe(1);
      expect(p.next).toBe(wnext);
    }
  });

  it('becomeReplicate and becomeSnapshot', () => {
    const p = pr('StateProbe', 1, 5);
    p.becomeReplicate();
    expect([p.state, p.match, p.next]).toEqual(['StateReplicate', 1, 2]);
    const s = pr('StateProbe', 1, 5);
    s.becomeSnapshot(10);
    expect([s.state, s.match, s.pendingSnapshot, s.next]).toEqual(['StateSnapshot', 1, 10, 11]);
  });

  it.each([
    // [update, wm, wn, wok]
    [1, 2, 5, false], // do not decrease match/next
    [2, 2, 5, false], // same match
    [4, 4, 5, true], // increase match, keep next
    [5, 5, 6, true], // increase match and next
    [6, 6, 7, true],
  ])('maybeUpdate(%i) from match 2 next 5 -> match %i next %i ok %s', (update, wm, wn, wok) => {
    const p = pr('StateProbe', 2, 5);
    expect(p.maybeUpdate(update)).toBe(wok);
    expect([p.match, p.next]).toEqual([wm, wn]);
  });

  it.each([
    // [state, match, next, rejected, last(hint), wok, wnext]
    ['StateReplicate', 5, 10, 5, 5, false, 10], // stale
    ['StateReplicate', 5, 10, 4, 4, false, 10], // stale
    ['StateReplicate', 5, 10, 9, 9, true, 6], // reject: next = match+1
    ['StateProbe', 0, 0, 0, 0, false, 0], // next-1 != rejected
    ['StateProbe', 0, 10, 5, 5, false, 10],
    ['StateProbe', 0, 10, 9, 9, true, 9], // next-1 == rejected
    ['StateProbe', 0, 2, 1, 1, true, 1],
    ['StateProbe', 0, 1, 0, 0, true, 1], // never below match+1
    ['StateProbe', 0, 10, 9, 2, true, 3], // follower hint
    ['StateProbe', 0, 10, 9, 0, true, 1],
  ] as Array<[ProgressStateType, number, number, number, number, boolean, number]>)(
    'maybeDecrTo %s match %i next %i rejected %i hint %i -> %s next %i',
    (state, m, n, rejected, last, wok, wnext) => {
      const p = pr(state, m, n);
      expect(p.maybeDecrTo(rejected, last)).toBe(wok);
      expect(p.match).toBe(m);
      expect(p.next).toBe(wnext);
    },
  );

  it('sentEntries: replicate fills inflights and pauses when full; probe pauses after a non-empty probe', () => {
    const p = new Progress({ match: 0, next: 1, maxInflight: 2 });
    p.becomeReplicate();
    p.sentEntries(3, 3);
    expect([p.next, p.inflights.count(), p.msgAppFlowPaused]).toEqual([4, 1, false]);
    p.sentEntries(1, 4);
    expect([p.next, p.inflights.count(), p.msgAppFlowPaused]).toEqual([5, 2, true]);
    const q = new Progress({ match: 0, next: 1, maxInflight: 2 });
    q.sentEntries(0, 0);
    expect(q.msgAppFlowPaused).toBe(false);
    q.sentEntries(2, 2);
    expect([q.next, q.msgAppFlowPaused]).toEqual([1, true]);
  });

  it('canBumpCommit only when the follower may lack a newer commit', () => {
    const p = pr('StateReplicate', 5, 10);
    p.setSentCommit(5);
    expect(p.canBumpCommit(7)).toBe(true);
    expect(p.canBumpCommit(5)).toBe(false);
    p.setSentCommit(9);
    expect(p.canBumpCommit(12)).toBe(false);
  });
});
