import { describe, expect, it } from 'vitest';
import { CHAOS_FAULT_KINDS, describeAction, planChaos, type ChaosSchedule } from './chaos-schedule';
import { SimRand } from './prng';

const MEMBERS = ['infra1', 'infra2', 'infra3'];
const plan = (seed: number, over: Partial<Parameters<typeof planChaos>[1]> = {}): ChaosSchedule =>
  planChaos(new SimRand(seed), { members: MEMBERS, durationMs: 20_000, faults: CHAOS_FAULT_KINDS, ...over });

/** Faults of one lane never overlap; a wipe overlaps nothing. */
function checkLanes(s: ChaosSchedule): void {
  for (const lane of ['network', 'process'] as const) {
    const fs = s.faults.filter((f) => f.lane === lane);
    for (let i = 1; i < fs.length; i++) expect(fs[i]!.start).toBeGreaterThanOrEqual(fs[i - 1]!.end);
  }
  for (const w of s.faults.filter((f) => f.kind === 'wipe')) {
    for (const f of s.faults) if (f !== w) expect(f.end <= w.start || f.start >= w.end).toBe(true);
  }
}

describe('planChaos', () => {
  it('is a pure function of the seed', () => {
    expect(plan(7)).toEqual(plan(7));
    expect(plan(7)).not.toEqual(plan(8));
  });

  it('ends every fault before the quiet window and heals last', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = plan(seed, { durationMs: 5000 + seed * 100 });
      expect(s.faultEndMs).toBeLessThan(s.durationMs);
      expect(s.durationMs - s.faultEndMs).toBeGreaterThanOrEqual(3000);
      for (const f of s.faults) {
        expect(f.start).toBeGreaterThanOrEqual(0);
        expect(f.end).toBeGreaterThan(f.start);
        expect(f.end).toBeLessThanOrEqual(s.faultEndMs);
      }
      const last = s.steps[s.steps.length - 1]!;
      expect(last).toEqual({ at: s.faultEndMs, op: 'heal-all' });
      for (let i = 1; i < s.steps.length; i++) expect(s.steps[i]!.at).toBeGreaterThanOrEqual(s.steps[i - 1]!.at);
      expect(s.steps.filter((x) => x.op === 'begin')).toHaveLength(s.faults.length);
      expect(s.steps.filter((x) => x.op === 'end')).toHaveLength(s.faults.length);
      checkLanes(s);
    }
  });

  it('draws every fault family and every partition shape over a few seeds', () => {
    const kinds = new Set<string>();
    const shapes = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      for (const f of plan(seed).faults) {
        kinds.add(f.kind);
        shapes.add(f.action.type);
      }
    }
    expect([...kinds].sort()).toEqual([...CHAOS_FAULT_KINDS].sort());
    for (const shape of ['split', 'isolate', 'bridge', 'one-way', 'link-faults', 'slow', 'kill', 'wipe', 'transfer-storm']) expect(shapes).toContain(shape);
  });

  it('draws only the chosen families, and none at all when none is chosen', () => {
    for (let seed = 1; seed <= 20; seed++) {
      expect(plan(seed, { faults: ['kill'] }).faults.every((f) => f.kind === 'kill')).toBe(true);
      expect(plan(seed, { faults: ['kill'] }).faults.length).toBeGreaterThan(0);
    }
    const none = plan(1, { faults: [] });
    expect(none.faults).toEqual([]);
    expect(none.steps).toEqual([{ at: none.faultEndMs, op: 'heal-all' }]);
  });

  it('splits into a majority and a minority, and bridges two sides through one member', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const s = plan(seed, { members: ['a', 'b', 'c', 'd', 'e'], faults: ['partition'] });
      for (const f of s.faults) {
        const a = f.action;
        if (a.type === 'split') {
          expect(a.groups[0]!.length).toBeGreaterThan(a.groups[1]!.length);
          expect([...a.groups.flat()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
        }
        if (a.type === 'bridge') {
          expect([a.bridge, ...a.sides.flat()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
          expect(a.sides[0].length).toBeGreaterThan(0);
          expect(a.sides[1].length).toBeGreaterThan(0);
        }
        expect(describeAction(a).length).toBeGreaterThan(5);
      }
    }
  });

  it('keeps a short run quiet at its end and still injects faults', () => {
    const s = plan(3, { durationMs: 12_000 });
    expect(s.faultEndMs).toBe(9000);
    expect(s.faults.length).toBeGreaterThan(2);
  });
});
