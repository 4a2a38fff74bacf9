import { describe, expect, it } from 'vitest';
import { Unstable } from './log-unstable';
import { newEntry } from './messages';
import type { Entry, Snapshot } from './messages';

function terms(from: number, ...ts: number[]): Entry[] {
  return ts.map((term, i) => newEntry({ term, index: from + i }));
}

function snap(index: number, term: number): Snapshot {
  return { data: new Uint8Array(0), metadata: { index, term, confState: { voters: [1], learners: [] } } };
}

function unstable(offset: number, ents: Entry[], s?: Snapshot, offsetInProgress = offset): Unstable {
  const u = new Unstable(offset);
  u.entries = ents;
  u.snapshot = s;
  u.offsetInProgress = offsetInProgress;
  return u;
}

describe('Unstable', () => {
  it('first/last index and term with and without snapshot', () => {
    expect(unstable(5, terms(5, 1)).maybeFirstIndex()).toBeUndefined();
    expect(unstable(5, terms(5, 1), snap(4, 1)).maybeFirstIndex()).toBe(5);
    expect(unstable(5, terms(5, 1)).maybeLastIndex()).toBe(5);
    expect(unstable(5, [], snap(4, 1)).maybeLastIndex()).toBe(4);
    expect(unstable(0, []).maybeLastIndex()).toBeUndefined();
    const u = unstable(5, terms(5, 1), snap(4, 1));
    expect(u.maybeTerm(5)).toBe(1);
    expect(u.maybeTerm(6)).toBeUndefined();
    expect(u.maybeTerm(4)).toBe(1);
    expect(u.maybeTerm(3)).toBeUndefined();
  });

  it('nextEntries returns what is not in progress; acceptInProgress advances', () => {
    const u = unstable(5, terms(5, 1, 1, 1));
    expect(u.nextEntries().map((e) => e.index)).toEqual([5, 6, 7]);
    u.acceptInProgress();
    expect(u.offsetInProgress).toBe(8);
    expect(u.nextEntries()).toEqual([]);
    u.truncateAndAppend(terms(8, 2));
    expect(u.nextEntries().map((e) => e.index)).toEqual([8]);
  });

  it('nextSnapshot is handed out once', () => {
    const u = unstable(5, [], snap(4, 1));
    expect(u.nextSnapshot()).toBeDefined();
    u.acceptInProgress();
    expect(u.snapshotInProgress).toBe(true);
    expect(u.nextSnapshot()).toBeUndefined();
    u.stableSnapTo(4);
    expect(u.snapshot).toBeUndefined();
  });

  it.each([
    // [offset, ents, inProgress, stableIndex, stableTerm, woffset, wlen]
    [0, [] as number[], 0, 5, 1, 0, 0],
    [5, [1], 6, 5, 1, 6, 0],
    [5, [1, 1], 7, 5, 1, 6, 1],
    [6, [2], 7, 6, 1, 6, 1], // term mismatch
    [5, [1], 6, 4, 1, 5, 1], // old entry
    [5, [1], 6, 4, 2, 5, 1],
  ])('stableTo offset %i ents %j -> offset %i len %i (%#)', (offset, ts, inProgress, index, term, woffset, wlen) => {
    const u = unstable(offset, terms(offset, ...ts), undefined, inProgress);
    u.stableTo(index, term);
    expect(u.offset).toBe(woffset);
    expect(u.entries.length).toBe(wlen);
    expect(u.offsetInProgress).toBeGreaterThanOrEqual(u.offset);
  });

  it.each([
    // append to the end
    [5, [1], 5, terms(6, 1, 1), 5, [5, 6, 7], 5],
    [5, [1], 6, terms(6, 1, 1), 5, [5, 6, 7], 6],
    // replace everything
    [5, [1], 5, terms(5, 2, 2), 5, [5, 6], 5],
    [5, [1], 5, terms(4, 2, 2, 2), 4, [4, 5, 6], 4],
    [5, [1], 6, terms(5, 2, 2), 5, [5, 6], 5],
    // truncate the tail and append
    [5, [1, 1, 1], 5, terms(6, 2), 5, [5, 6], 5],
    [5, [1, 1, 1], 5, terms(7, 2, 2), 5, [5, 6, 7, 8], 5],
    [5, [1, 1, 1], 6, terms(6, 2), 5, [5, 6], 6],
    [5, [1, 1, 1], 7, terms(6, 2), 5, [5, 6], 6],
  ])('truncateAndAppend %#', (offset, ts, inProgress, toAppend, woffset, windexes, winProgress) => {
    const u = unstable(offset, terms(offset, ...ts), undefined, inProgress);
    u.truncateAndAppend(toAppend);
    expect(u.offset).toBe(woffset);
    expect(u.entries.map((e) => e.index)).toEqual(windexes);
    expect(u.offsetInProgress).toBe(winProgress);
  });

  it('restore replaces entries with a snapshot', () => {
    const u = unstable(5, terms(5, 1, 1), snap(4, 1), 7);
    u.snapshotInProgress = true;
    u.restore(snap(6, 2));
    expect([u.offset, u.offsetInProgress, u.entries.length, u.snapshotInProgress]).toEqual([7, 7, 0, false]);
    expect(u.snapshot?.metadata.index).toBe(6);
  });
});
