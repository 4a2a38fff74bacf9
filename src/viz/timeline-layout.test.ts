import { describe, expect, it } from 'vitest';
import { layoutTimeline, niceStep, tickToX, xToTick } from './timeline-layout';

describe('timeline layout', () => {
  it('maps ticks to x and back', () => {
    expect(tickToX(150, 100, 200, 400)).toBe(200);
    expect(xToTick(200, 100, 200, 400)).toBe(150);
    expect(xToTick(-20, 100, 200, 400)).toBe(100);
    expect(xToTick(999, 100, 200, 400)).toBe(200);
    expect(xToTick(10, 5, 5, 400)).toBe(5);
  });

  it('picks round axis steps', () => {
    expect(niceStep(1000, 10)).toBe(100);
    expect(niceStep(1300, 10)).toBe(200);
    expect(niceStep(40, 10)).toBe(5);
    expect(niceStep(3, 10)).toBe(1);
  });

  it('merges close markers of the same kind, never of different kinds', () => {
    const markers = [
      { tick: 100, kind: 'election' as const, text: 'a' },
      { tick: 101, kind: 'election' as const, text: 'b' },
      { tick: 101, kind: 'leader' as const, text: 'c' },
      { tick: 150, kind: 'election' as const, text: 'd' },
      { tick: 20, kind: 'kill' as const, text: 'before the window' },
    ];
    const l = layoutTimeline({ from: 100, to: 200, width: 200, markers, commits: [] });
    expect(l.markers.map((m) => [m.kind, m.tick, m.count])).toEqual([['election', 100, 2], ['leader', 101, 1], ['election', 150, 1]]);
    expect(l.markers[0]!.title).toBe('a (tick 100)\nb (tick 101)');
    expect(l.markers[2]!.x).toBe(100);
  });

  it('bins commits into a density strip relative to the busiest bin', () => {
    const commits = [{ tick: 0, count: 2 }, { tick: 1, count: 2 }, { tick: 99, count: 1 }];
    const l = layoutTimeline({ from: 0, to: 100, width: 40, markers: [], commits, binPx: 4 });
    expect(l.density).toEqual([{ x: 0, width: 4, count: 4, level: 1 }, { x: 36, width: 4, count: 1, level: 0.25 }]);
  });

  it('labels the axis with round ticks inside the window', () => {
    const l = layoutTimeline({ from: 37, to: 263, width: 450, markers: [], commits: [] });
    expect(l.axis.map((a) => a.tick)).toEqual([50, 100, 150, 200, 250]);
  });
});
