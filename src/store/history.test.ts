import { describe, expect, it } from 'vitest';
import { SnapshotHistory } from './history';

const snap = (tick: number, leaderChanges = 0) => ({ tick, members: [], leaderChanges });

describe('SnapshotHistory', () => {
  it('keeps one snapshot per tick, the last picture of that tick', () => {
    const h = new SnapshotHistory(10);
    h.push(snap(1, 0));
    h.push(snap(1, 1));
    h.push(snap(2, 2));
    expect(h.size).toBe(2);
    expect(h.lookup(1)!.leaderChanges).toBe(1);
  });

  it('is bounded: the oldest ticks fall out when full', () => {
    const h = new SnapshotHistory(4);
    for (let t = 1; t <= 10; t++) h.push(snap(t));
    expect(h.size).toBe(4);
    expect([h.firstTick, h.lastTick]).toEqual([7, 10]);
    expect([0, 1, 2, 3].map((i) => h.at(i)!.tick)).toEqual([7, 8, 9, 10]);
    expect(h.at(4)).toBeUndefined();
  });

  it('finds the snapshot current at a tick, across gaps and the wrap-around', () => {
    const h = new SnapshotHistory(5);
    for (const t of [2, 4, 8, 9, 13, 20, 21]) h.push(snap(t));
    // Held: 8 9 13 20 21 (2 and 4 fell out).
    expect(h.lookup(8)!.tick).toBe(8);
    expect(h.lookup(12)!.tick).toBe(9);
    expect(h.lookup(13)!.tick).toBe(13);
    expect(h.lookup(19)!.tick).toBe(13);
    expect(h.lookup(100)!.tick).toBe(21);
    expect(h.lookup(3)!.tick).toBe(8);
  });

  it('agrees with a linear scan for every tick', () => {
    const h = new SnapshotHistory(7);
    const ticks: number[] = [];
    let t = 0;
    for (let i = 0; i < 30; i++) {
      t += 1 + ((i * 5) % 3);
      ticks.push(t);
      h.push(snap(t));
    }
    const held = ticks.slice(-7);
    for (let q = held[0]!; q <= t + 2; q++) expect(h.lookup(q)!.tick).toBe(held.filter((x) => x <= q).at(-1));
  });

  it('starts over when the clock goes back (a new cluster), and when cleared', () => {
    const h = new SnapshotHistory(5);
    for (let t = 50; t < 55; t++) h.push(snap(t));
    h.push(snap(0));
    expect([h.size, h.firstTick]).toEqual([1, 0]);
    h.clear();
    expect(h.size).toBe(0);
    expect(h.lookup(0)).toBeUndefined();
  });
});

describe('SnapshotHistory sharing', () => {
  it('shares unchanged log terms with the previous snapshot, never changed ones', () => {
    const h = new SnapshotHistory(10);
    const m = (terms: number[]) => ({ id: 1, name: 'infra1', role: 'follower' as const, term: 2, lead: 2, commit: 1, applied: 1, lastIndex: 1, electionElapsed: 0, electionTimeout: 10, logTerms: { first: 1, terms } });
    h.push({ tick: 1, members: [m([1, 2])], leaderChanges: 0 });
    h.push({ tick: 2, members: [m([1, 2])], leaderChanges: 0 });
    h.push({ tick: 3, members: [m([1, 2, 2])], leaderChanges: 0 });
    expect(h.lookup(2)!.members[0]!.logTerms).toBe(h.lookup(1)!.members[0]!.logTerms);
    expect(h.lookup(3)!.members[0]!.logTerms!.terms).toEqual([1, 2, 2]);
  });
});

describe('SnapshotHistory truncation', () => {
  it('forgets the snapshots after a tick, across the wrap-around, and grows again from there', () => {
    const h = new SnapshotHistory(4);
    for (let t = 1; t <= 6; t++) h.push(snap(t));
    h.truncateAfter(4);
    expect([h.size, h.firstTick, h.lastTick]).toEqual([2, 3, 4]);
    h.push(snap(5, 9));
    expect(h.lookup(5)!.leaderChanges).toBe(9);
    expect([h.size, h.lastTick]).toEqual([3, 5]);
  });
});
