import { describe, expect, it } from 'vitest';
import { convexHull, groupHull, groupedPositions, groupsAfterDrop, normalizeGroups, voteTally } from './ring-geometry';

describe('partition groups on the ring', () => {
  it('normalizes groups: ring order, strangers isolated, unknown ids dropped', () => {
    expect(normalizeGroups([1, 2, 3], undefined)).toEqual([[1, 2, 3]]);
    expect(normalizeGroups([1, 2, 3, 4], [[3, 2], [9]])).toEqual([[1], [2, 3], [4]]);
  });

  it('keeps members of a group next to each other with a gap between groups', () => {
    const ring = groupedPositions([1, 2, 3], undefined, 0, 0, 100);
    expect(ring.get(1)!.y).toBeCloseTo(-100);
    const split = groupedPositions([1, 2, 3], [[1, 3], [2]], 0, 0, 100);
    const d = (a: number, b: number) => Math.hypot(split.get(a)!.x - split.get(b)!.x, split.get(a)!.y - split.get(b)!.y);
    expect(d(1, 3)).toBeLessThan(d(1, 2));
    expect(d(1, 3)).toBeLessThan(d(3, 2));
  });

  it('dropping a member on another joins its group; dropping it in the open isolates it', () => {
    const ids = [1, 2, 3];
    const pos = groupedPositions(ids, undefined, 0, 0, 100);
    const far = { x: 0, y: 0 };
    expect(groupsAfterDrop(ids, undefined, 1, far, pos, 40)).toEqual([[2, 3], [1]]);
    expect(groupsAfterDrop(ids, [[2, 3], [1]], 1, pos.get(2)!, pos, 40)).toEqual([[2, 3, 1]]);
    // Dropped where it started, or on a member of its own group: nothing changes.
    expect(groupsAfterDrop(ids, undefined, 1, pos.get(1)!, pos, 40)).toBeUndefined();
    expect(groupsAfterDrop(ids, undefined, 1, pos.get(2)!, pos, 40)).toBeUndefined();
    // A member already alone dropped in the open stays alone.
    expect(groupsAfterDrop(ids, [[2, 3], [1]], 1, far, pos, 40)).toBeUndefined();
  });

  it('hull: convex, counter-clockwise, contains the padded circles', () => {
    const h = convexHull([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 1, y: 1 }, { x: 1, y: 0.2 }, { x: 0, y: 2 }, { x: 2, y: 2 }]);
    expect(h).toHaveLength(4);
    const g = groupHull([{ x: 0, y: 0 }, { x: 100, y: 0 }], 10);
    const xs = g.map((p) => p.x);
    expect(Math.min(...xs)).toBeCloseTo(-10);
    expect(Math.max(...xs)).toBeCloseTo(110);
  });
});

describe('vote tally', () => {
  it('counts granted and rejected votes, naming pre-vote and vote', () => {
    expect(voteTally('follower', [], 3)).toBeUndefined();
    expect(voteTally('leader', [{ granted: true }, { granted: true }], 3, 'vote')).toMatchObject({ text: 'elected 2/3' });
    expect(voteTally('pre-candidate', [{ granted: true }], 3)).toMatchObject({ text: 'pre-vote 1/3', kind: 'pre-vote' });
    expect(voteTally('candidate', [{ granted: true }, { granted: false }, { granted: true }], 3)).toMatchObject({ text: 'vote 2/3 · 1✗', granted: 2, rejected: 1 });
  });
});
