import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert';
import { ErrCompacted, ErrSnapOutOfDate, ErrUnavailable } from './errors';
import { newEntry } from './messages';
import type { Entry } from './messages';
import { MemoryStorage } from './storage';

function terms(from: number, ...ts: number[]): Entry[] {
  return ts.map((term, i) => newEntry({ term, index: from + i }));
}

/** A storage holding a snapshot at 3/3 and entries 4/4, 5/5 (etcd's test fixture). */
function fixture(): MemoryStorage {
  const s = new MemoryStorage();
  s.ents = terms(3, 3, 4, 5);
  return s;
}

describe('MemoryStorage', () => {
  it.each([
    [2, 'compacted'],
    [3, 3],
    [4, 4],
    [5, 5],
    [6, 'unavailable'],
  ] as const)('term(%i) = %s', (i, w) => {
    const s = fixture();
    if (w === 'compacted') expect(() => s.term(i)).toThrow(ErrCompacted);
    else if (w === 'unavailable') expect(() => s.term(i)).toThrow(ErrUnavailable);
    else expect(s.term(i)).toBe(w);
  });

  it('entries with bounds and size limit', () => {
    const s = new MemoryStorage();
    s.ents = [3, 4, 5, 6].map((i) => newEntry({ term: i, index: i, data: new Uint8Array(10) }));
    expect(() => s.entries(2, 6)).toThrow(ErrCompacted);
    expect(() => s.entries(3, 4)).toThrow(ErrCompacted);
    expect(s.entries(4, 5).map((e) => e.index)).toEqual([4]);
    expect(s.entries(4, 6).map((e) => e.index)).toEqual([4, 5]);
    expect(s.entries(4, 7).map((e) => e.index)).toEqual([4, 5, 6]);
    expect(s.entries(4, 7, 0).map((e) => e.index)).toEqual([4]);
    expect(s.entries(4, 7, 20).map((e) => e.index)).toEqual([4, 5]);
    expect(s.entries(4, 7, 29).map((e) => e.index)).toEqual([4, 5]);
    expect(s.entries(4, 7, 30).map((e) => e.index)).toEqual([4, 5, 6]);
    expect(() => s.entries(4, 8)).toThrow(AssertionError);
    expect(() => new MemoryStorage().entries(1, 1)).toThrow(ErrUnavailable);
  });

  it('first and last index', () => {
    const s = fixture();
    expect(s.firstIndex()).toBe(4);
    expect(s.lastIndex()).toBe(5);
    s.append(terms(6, 5));
    expect(s.lastIndex()).toBe(6);
    s.compact(4);
    expect(s.firstIndex()).toBe(5);
  });

  it.each([
    [2, 'compacted', 3, 3, 3],
    [3, 'compacted', 3, 3, 3],
    [4, 'ok', 4, 4, 2],
    [5, 'ok', 5, 5, 1],
  ] as const)('compact(%i)', (i, w, windex, wterm, wlen) => {
    const s = fixture();
    if (w === 'compacted') expect(() => s.compact(i)).toThrow(ErrCompacted);
    else s.compact(i);
    expect([s.ents[0].index, s.ents[0].term, s.ents.length]).toEqual([windex, wterm, wlen]);
  });

  it('createSnapshot and applySnapshot', () => {
    const s = fixture();
    const cs = { voters: [1, 2, 3], learners: [] };
    const snap = s.createSnapshot(4, cs, new Uint8Array([1, 2]));
    expect(snap.metadata).toEqual({ index: 4, term: 4, confState: cs });
    expect(() => s.createSnapshot(4, cs, new Uint8Array(0))).toThrow(ErrSnapOutOfDate);
    const t = new MemoryStorage();
    t.applySnapshot(snap);
    expect([t.firstIndex(), t.lastIndex(), t.term(4)]).toEqual([5, 4, 4]);
    expect(t.initialState().confState).toEqual(cs);
    expect(() => t.applySnapshot({ ...snap, metadata: { ...snap.metadata, index: 3 } })).toThrow(ErrSnapOutOfDate);
  });

  it.each([
    [terms(1, 1, 2), [3, 4, 5]],
    [terms(3, 3, 4, 5), [3, 4, 5]],
    [terms(3, 3, 6, 6), [3, 6, 6]],
    [terms(3, 3, 4, 5, 5), [3, 4, 5, 5]],
    // Truncate incoming entries before the first index, then append.
    [terms(2, 3, 3, 5), [3, 5]],
    // Truncate the existing tail and append.
    [terms(4, 5), [3, 5]],
    // Direct append.
    [terms(6, 5), [3, 4, 5, 5]],
  ])('append %# -> terms %j', (ents, wterms) => {
    const s = fixture();
    s.append(ents);
    expect(s.ents.map((e) => e.term)).toEqual(wterms);
  });

  it('append with a gap is an invariant violation', () => {
    const s = fixture();
    expect(() => s.append(terms(7, 5))).toThrow(AssertionError);
  });

  it('initialState returns the hard state and the snapshot conf state', () => {
    const s = new MemoryStorage();
    s.setHardState({ term: 2, vote: 1, commit: 0 });
    s.setConfState({ voters: [1, 2], learners: [3] });
    expect(s.initialState()).toEqual({ hardState: { term: 2, vote: 1, commit: 0 }, confState: { voters: [1, 2], learners: [3] } });
  });
});
