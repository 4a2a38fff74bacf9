import { describe, expect, it } from 'vitest';
import { arcPath, linkSegment, memberPosition, messagePosition, pointAlong, timeoutRemaining } from './ring-geometry';

describe('ring geometry', () => {
  it('puts member 0 at the top and spreads members evenly', () => {
    const p0 = memberPosition(0, 4, 100, 100, 50);
    expect(p0.x).toBeCloseTo(100);
    expect(p0.y).toBeCloseTo(50);
    const p1 = memberPosition(1, 4, 100, 100, 50);
    expect(p1.x).toBeCloseTo(150);
    expect(p1.y).toBeCloseTo(100);
  });

  it('moves a message from sender edge to receiver edge over its flight time', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 100, y: 0 };
    expect(messagePosition(a, b, 10, 20, 10, 10)).toEqual({ x: 10, y: 0 });
    expect(messagePosition(a, b, 10, 20, 15, 10)).toEqual({ x: 50, y: 0 });
    expect(messagePosition(a, b, 10, 20, 99, 10)).toEqual({ x: 90, y: 0 });
    expect(messagePosition(a, b, 10, 20, 0, 10)).toEqual({ x: 10, y: 0 });
  });

  it('drains the election timeout arc', () => {
    expect(timeoutRemaining(0, 10)).toBe(1);
    expect(timeoutRemaining(5, 10)).toBe(0.5);
    expect(timeoutRemaining(12, 10)).toBe(0);
    expect(arcPath(0, 0, 10, 0)).toBe('');
    expect(arcPath(0, 0, 10, 0.75)).toMatch(/^M 0 -10 A 10 10 0 1 1 /);
  });

  it('trims a link to the members edges and finds its midpoint and angle', () => {
    const l = linkSegment({ x: 0, y: 0 }, { x: 100, y: 0 }, 10);
    expect(l.from).toEqual({ x: 10, y: 0 });
    expect(l.to).toEqual({ x: 90, y: 0 });
    expect(l.mid).toEqual({ x: 50, y: 0 });
    expect(l.angle).toBeCloseTo(0);
    expect(linkSegment({ x: 0, y: 0 }, { x: 0, y: 10 }, 0).angle).toBeCloseTo(90);
  });

  it('places a message by progress, clamped to the link', () => {
    expect(pointAlong({ x: 0, y: 0 }, { x: 100, y: 0 }, 0.5, 10)).toEqual({ x: 50, y: 0 });
    expect(pointAlong({ x: 0, y: 0 }, { x: 100, y: 0 }, 2, 10)).toEqual({ x: 90, y: 0 });
    expect(pointAlong({ x: 0, y: 0 }, { x: 100, y: 0 }, -1, 10)).toEqual({ x: 10, y: 0 });
  });
});
