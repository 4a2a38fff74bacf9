import { describe, expect, it } from 'vitest';
import { MajorityConfig } from './quorum';
import type { VoteResult } from './quorum';

describe('MajorityConfig', () => {
  it.each([
    [[] as number[], [] as number[], Infinity],
    [[1], [0], 0],
    [[1], [12], 12],
    [[1, 2], [12, 5], 5],
    [[1, 2, 3], [12, 5, 4], 5],
    [[1, 2, 3], [12, 5, 0], 5],
    [[1, 2, 3], [0, 0, 12], 0],
    [[1, 2, 3, 4], [12, 5, 4, 3], 4],
    [[1, 2, 3, 4, 5], [9, 8, 7, 2, 1], 7],
  ])('committedIndex of voters %j with acks %j = %d', (ids, acks, w) => {
    const c = new MajorityConfig(ids);
    expect(c.committedIndex((id) => acks[ids.indexOf(id)])).toBe(w);
  });

  it('missing voters count as 0', () => {
    const c = new MajorityConfig([1, 2, 3]);
    expect(c.committedIndex((id) => (id === 1 ? 10 : undefined))).toBe(0);
    expect(c.committedIndex((id) => (id === 3 ? undefined : 10))).toBe(10);
  });

  const votes: Array<[number[], Record<number, boolean>, VoteResult]> = [
    [[], {}, 'VoteWon'],
    [[1], {}, 'VotePending'],
    [[1], { 1: true }, 'VoteWon'],
    [[1], { 1: false }, 'VoteLost'],
    [[1, 2], { 1: true }, 'VotePending'],
    [[1, 2], { 1: true, 2: false }, 'VoteLost'],
    [[1, 2, 3], { 1: true }, 'VotePending'],
    [[1, 2, 3], { 1: true, 2: true }, 'VoteWon'],
    [[1, 2, 3], { 1: false, 2: false }, 'VoteLost'],
    [[1, 2, 3], { 1: true, 2: false }, 'VotePending'],
    [[1, 2, 3, 4], { 1: true, 2: true }, 'VotePending'],
    [[1, 2, 3, 4], { 1: true, 2: true, 3: true }, 'VoteWon'],
    [[1, 2, 3, 4], { 1: false, 2: false }, 'VoteLost'],
    // Votes from non-voters are not counted.
    [[1, 2, 3], { 1: true, 7: true, 8: true }, 'VotePending'],
  ];
  it.each(votes)('voteResult voters %j votes %j = %s', (ids, v, w) => {
    const m = new Map(Object.entries(v).map(([k, b]) => [Number(k), b] as [number, boolean]));
    expect(new MajorityConfig(ids).voteResult(m)).toBe(w);
  });
});
