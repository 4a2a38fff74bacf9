import { describe, expect, it } from 'vitest';
import { ErrRevisionNotFound } from './errors';
import { TreeIndex } from './tree-index';

/** a@2 b@3 c@4 a@5 (b deleted @6) d@7 — keys as binary strings. */
function build(): TreeIndex {
  const ti = new TreeIndex();
  ti.put('a', { main: 2, sub: 0 });
  ti.put('b', { main: 3, sub: 0 });
  ti.put('c', { main: 4, sub: 0 });
  ti.put('a', { main: 5, sub: 0 });
  ti.tombstone('b', { main: 6, sub: 0 });
  ti.put('d', { main: 7, sub: 0 });
  return ti;
}

describe('treeIndex', () => {
  it('range: single key, [key, end), no upper bound, at a revision, with limit and total', () => {
    const ti = build();
    expect(ti.range('a', undefined, 7, 0).keys).toEqual(['a']);
    expect(ti.range('a', 'c', 7, 0).keys).toEqual(['a']); // b is deleted at 7
    expect(ti.range('a', 'c', 5, 0).keys).toEqual(['a', 'b']);
    expect(ti.range('b', '', 7, 0).keys).toEqual(['c', 'd']);
    const limited = ti.range('\0', '', 7, 2);
    expect([limited.keys, limited.total]).toEqual([['a', 'c'], 3]);
    expect(limited.modifies).toEqual([{ main: 5, sub: 0 }, { main: 4, sub: 0 }]);
    expect(limited.creates).toEqual([{ main: 2, sub: 0 }, { main: 4, sub: 0 }]);
    expect(limited.versions).toEqual([2, 1]);
    expect(ti.countRevisions('\0', '', 3)).toBe(2);
    expect(ti.countRevisions('b', undefined, 6)).toBe(0);
  });

  it('tombstone of a missing or deleted key fails', () => {
    const ti = build();
    expect(() => ti.tombstone('zz', { main: 8, sub: 0 })).toThrow(ErrRevisionNotFound);
    expect(() => ti.tombstone('b', { main: 8, sub: 0 })).toThrow(ErrRevisionNotFound);
  });

  it('compact returns the keep set and removes keys left empty; keep() does not modify', () => {
    const ti = build();
    const kept = ti.keep(6).toArray();
    expect(kept).toEqual([{ main: 4, sub: 0 }, { main: 5, sub: 0 }]); // b's tombstone at 6 is not kept by keep()
    expect(ti.size).toBe(4);
    const { keep, removedKeys } = ti.compact(6);
    expect(keep.toArray()).toEqual([{ main: 4, sub: 0 }, { main: 5, sub: 0 }, { main: 6, sub: 0 }]);
    expect(removedKeys).toBe(0); // b keeps its tombstone until a later compaction
    expect(ti.compact(7).removedKeys).toBe(1);
    expect(ti.keyIndexes().map((ki) => ki.key)).toEqual(['a', 'c', 'd']);
  });

  it('equal compares generations', () => {
    expect(build().equal(build())).toBe(true);
    const other = build();
    other.put('e', { main: 8, sub: 0 });
    expect(build().equal(other)).toBe(false);
  });
});
