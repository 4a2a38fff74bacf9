import { describe, expect, it } from 'vitest';
import { SimRand } from './prng';

describe('SimRand', () => {
  it('is a pure function of its seed', () => {
    const a = new SimRand(42);
    const b = new SimRand(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(new SimRand(43).next()).not.toBe(xs[0]);
  });

  it('intn, between and chance stay in range and cover it', () => {
    const r = new SimRand(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.intn(10);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(10);
      seen.add(x);
      const y = r.between(3, 5);
      expect(y >= 3 && y <= 5).toBe(true);
    }
    expect(seen.size).toBe(10);
    expect(r.chance(0)).toBe(false);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(0.25)) hits++;
    expect(hits).toBeGreaterThan(2200);
    expect(hits).toBeLessThan(2800);
  });

  it('rejects bad bounds and shuffles into a permutation', () => {
    const r = new SimRand(1);
    expect(() => r.intn(0)).toThrow(/bad bound/);
    expect(() => r.pick([])).toThrow(/empty/);
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
