import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert';
import { ErrCompacted } from './errors';
import { RaftLog } from './log';
import { newEntry } from './messages';
import type { Entry } from './messages';
import { MemoryStorage } from './storage';

/** index(i).terms(...) from etcd's tests: entries with consecutive indexes from i. */
function terms(from: number, ...ts: number[]): Entry[] {
  return ts.map((term, i) => newEntry({ term, index: from + i }));
}

function storageWithSnap(index: number, term: number): MemoryStorage {
  const s = new MemoryStorage();
  if (index > 0) s.applySnapshot({ data: new Uint8Array(0), metadata: { index, term, confState: { voters: [], learners: [] } } });
  return s;
}

function logWith(ents: Entry[]): RaftLog {
  const l = new RaftLog(new MemoryStorage());
  l.append(ents);
  return l;
}

describe('RaftLog', () => {
  const prev = terms(1, 1, 2, 3);
  it.each([
    [[], 0],
    [terms(1, 1, 2, 3), 0],
    [terms(2, 2, 3), 0],
    [terms(3, 3), 0],
    [terms(1, 1, 2, 3, 4, 4), 4],
    [terms(2, 2, 3, 4, 5), 4],
    [terms(3, 3, 4, 4), 4],
    [terms(4, 4, 4), 4],
    [terms(1, 4, 4), 1],
    [terms(2, 1, 4, 4), 2],
    [terms(3, 1, 2, 4, 4), 3],
  ] as Array<[Entry[], number]>)('findConflict %# -> %i', (ents, w) => {
    expect(logWith(prev).findConflict(ents)).toBe(w);
  });

  const byTerm: Array<[number, number[], number, number, number]> = [
    [0, [2, 2, 5, 5, 5], 100, 2, 100],
    [0, [2, 2, 5, 5, 5], 5, 6, 5],
    [0, [2, 2, 5, 5, 5], 5, 5, 5],
    [0, [2, 2, 5, 5, 5], 5, 4, 2],
    [0, [2, 2, 5, 5, 5], 5, 2, 2],
    [0, [2, 2, 5, 5, 5], 5, 1, 0],
    [0, [2, 2, 5, 5, 5], 1, 2, 1],
    [0, [2, 2, 5, 5, 5], 1, 1, 0],
    [0, [2, 2, 5, 5, 5], 0, 0, 0],
    [10, [3, 3, 4, 4, 4], 30, 3, 30],
    [10, [3, 3, 4, 4, 4], 14, 9, 14],
    [10, [3, 3, 4, 4, 4], 14, 4, 14],
    [10, [3, 3, 4, 4, 4], 14, 3, 12],
    [10, [3, 3, 4, 4, 4], 14, 2, 9],
    [10, [3, 3, 4, 4, 4], 11, 5, 11],
    [10, [3, 3, 4, 4, 4], 10, 5, 10],
    [10, [3, 3, 4, 4, 4], 10, 3, 10],
    [10, [3, 3, 4, 4, 4], 10, 2, 9],
    [10, [3, 3, 4, 4, 4], 9, 2, 9],
    [10, [3, 3, 4, 4, 4], 4, 2, 4],
    [10, [3, 3, 4, 4, 4], 0, 0, 0],
  ];
  it.each(byTerm)('findConflictByTerm snap@%i log %j (%i, %i) -> %i', (snapIndex, ts, index, term, want) => {
    const l = new RaftLog(storageWithSnap(snapIndex, 3));
    l.append(terms(snapIndex + 1, ...ts));
    const got = l.findConflictByTerm(index, term);
    expect(got.index).toBe(want);
    expect(got.term).toBe(l.termOrUndefined(want) ?? 0);
  });

  it.each([
    [2, 4, true],
    [3, 4, true],
    [4, 4, true],
    [2, 2, false],
    [3, 2, false],
    [4, 2, false],
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
  ])('isUpToDate(last %i, term %i) = %s', (lasti, term, w) => {
    expect(logWith(terms(1, 1, 2, 3)).isUpToDate(lasti, term)).toBe(w);
  });

  // [prevIndex, prevTerm, committed, ents, wlasti (undefined = rejected), wcommit, wpanic]
  const maybeAppend: Array<[number, number, number, Entry[], number | undefined, number, boolean]> = [
    [3, 2, 3, terms(4, 4), undefined, 1, false],
    [4, 3, 3, terms(5, 4), undefined, 1, false],
    [3, 3, 3, [], 3, 3, false],
    [3, 3, 4, [], 3, 3, false],
    [3, 3, 2, [], 3, 2, false],
    [3, 3, 0, [], 3, 1, false],
    [0, 0, 3, [], 0, 1, false],
    [3, 3, 3, terms(4, 4), 4, 3, false],
    [3, 3, 4, terms(4, 4), 4, 4, false],
    [3, 3, 5, terms(4, 4), 4, 4, false],
    [3, 3, 5, terms(4, 4, 4), 5, 5, false],
    [2, 2, 3, terms(3, 4), 3, 3, false],
    [1, 1, 3, terms(2, 4), 2, 2, false],
    [0, 0, 3, terms(1, 4), 1, 1, true],
    [1, 1, 3, terms(2, 4, 4), 3, 3, false],
  ];
  it.each(maybeAppend)('maybeAppend after %i/%i commit %i %#', (pi, pt, committed, ents, wlasti, wcommit, wpanic) => {
    const l = logWith(terms(1, 1, 2, 3));
    l.committed = 1;
    if (wpanic) {
      expect(() => l.maybeAppend(pi, pt, committed, ents)).toThrow(AssertionError);
      return;
    }
    expect(l.maybeAppend(pi, pt, committed, ents)).toBe(wlasti);
    expect(l.committed).toBe(wcommit);
    if (wlasti !== undefined && ents.length > 0) {
      expect(l.slice(l.lastIndex() - ents.length + 1, l.lastIndex() + 1)).toEqual(ents);
    }
  });

  it.each([
    [3, 3, true, [4, 5]],
    [3, 4, true, [5]],
    [3, 5, true, []],
    [4, 4, true, [5]],
    [5, 5, true, []],
    [3, 3, false, [4]],
    [3, 4, false, []],
  ])('nextCommittedEnts applied %i applying %i allowUnstable %s -> %j', (applied, applying, allowUnstable, want) => {
    const storage = storageWithSnap(3, 1);
    storage.append(terms(4, 1));
    const l = new RaftLog(storage);
    l.append(terms(4, 1, 1, 1));
    l.stableTo(4, 1);
    l.maybeCommit(5, 1);
    l.appliedTo(applied);
    l.acceptApplying(applying);
    expect(l.nextCommittedEnts(allowUnstable).map((e) => e.index)).toEqual(want);
  });

  it('nextCommittedEnts is empty while a snapshot is pending', () => {
    const l = logWith(terms(1, 1, 1));
    l.commitTo(2);
    l.restore({ data: new Uint8Array(0), metadata: { index: 5, term: 1, confState: { voters: [1], learners: [] } } });
    expect(l.nextCommittedEnts(true)).toEqual([]);
    expect(l.hasNextCommittedEnts(true)).toBe(false);
  });

  it('slice spans storage and unstable and honours the size limit', () => {
    const offset = 100;
    const half = 150;
    const last = 200;
    const mk = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => newEntry({ index: from + i, term: from + i, data: new Uint8Array(10) }));
    const storage = storageWithSnap(offset, 1);
    storage.append(mk(offset + 1, half));
    const l = new RaftLog(storage);
    l.append(mk(half, last));
    expect(() => l.slice(offset - 1, offset + 1)).toThrow(ErrCompacted);
    expect(() => l.slice(offset, offset + 1)).toThrow(ErrCompacted);
    expect(() => l.slice(half, half - 1)).toThrow(AssertionError);
    expect(() => l.slice(last, last + 1)).toThrow(AssertionError);
    expect(l.slice(offset + 1, offset + 1)).toEqual([]);
    expect(l.slice(offset + 1, half + 1)).toEqual(mk(offset + 1, half + 1));
    expect(l.slice(half - 1, last)).toEqual(mk(half - 1, last));
    // Size limits: at least one entry; otherwise whole entries up to the limit.
    expect(l.slice(offset + 1, last, 0)).toEqual(mk(offset + 1, offset + 2));
    expect(l.slice(half - 1, half + 1, 9)).toEqual(mk(half - 1, half));
    expect(l.slice(half - 1, half + 1, 20)).toEqual(mk(half - 1, half + 1));
    expect(l.slice(half - 2, half + 1, 29)).toEqual(mk(half - 2, half));
    expect(l.slice(half, last, 25)).toEqual(mk(half, half + 2));
  });

  it('term is valid from firstIndex-1 to lastIndex', () => {
    const l = new RaftLog(storageWithSnap(10, 3));
    l.append(terms(11, 3, 4));
    expect(l.term(10)).toBe(3);
    expect(l.term(12)).toBe(4);
    expect(l.termOrUndefined(9)).toBeUndefined();
    expect(l.termOrUndefined(13)).toBeUndefined();
    expect(l.firstIndex()).toBe(11);
    expect(l.lastIndex()).toBe(12);
  });

  it('term of an unstable snapshot is known', () => {
    const l = new RaftLog(storageWithSnap(10, 3));
    l.restore({ data: new Uint8Array(0), metadata: { index: 20, term: 7, confState: { voters: [1], learners: [] } } });
    expect(l.term(20)).toBe(7);
    expect(l.firstIndex()).toBe(21);
    expect(l.lastIndex()).toBe(20);
    expect(l.committed).toBe(20);
  });

  it('commitTo never decreases and never passes lastIndex', () => {
    const l = logWith(terms(1, 1, 2, 3));
    l.commitTo(2);
    l.commitTo(1);
    expect(l.committed).toBe(2);
    expect(() => l.commitTo(4)).toThrow(AssertionError);
  });

  it('append refuses to overwrite committed entries', () => {
    const l = logWith(terms(1, 1, 2, 3));
    l.commitTo(2);
    expect(() => l.append(terms(2, 9))).toThrow(AssertionError);
    expect(l.append(terms(3, 9))).toBe(3);
    expect(l.term(3)).toBe(9);
  });

  it('compaction in storage makes old entries unavailable but keeps the boundary term', () => {
    const s = new MemoryStorage();
    s.append(terms(1, 1, 1, 2, 2, 3));
    const l = new RaftLog(s);
    l.commitTo(5);
    l.appliedTo(5);
    s.compact(3);
    expect(l.firstIndex()).toBe(4);
    expect(l.term(3)).toBe(2);
    expect(() => l.term(2)).toThrow(ErrCompacted);
    expect(() => l.entries(2)).toThrow(ErrCompacted);
    expect(l.entries(4).map((e) => e.index)).toEqual([4, 5]);
  });

  it('stableTo with a stale term keeps the entries unstable', () => {
    const l = logWith(terms(1, 1, 1));
    l.acceptUnstable();
    l.stableTo(2, 5);
    expect(l.unstable.entries.length).toBe(2);
    l.stableTo(2, 1);
    expect(l.unstable.entries.length).toBe(0);
    expect(l.unstable.offset).toBe(3);
  });
});
