import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('reports the rate of the last full second', () => {
    const m = new RateMeter();
    expect(m.read(0, 100, false).perSecond).toBe(0);
    expect(m.read(500, 150, false).perSecond).toBe(0);
    expect(m.read(1000, 140, false).perSecond).toBe(40);
    expect(m.read(2000, 540, true)).toEqual({ perSecond: 400, sampled: true });
  });
});
