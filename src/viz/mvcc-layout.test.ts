import { describe, expect, it } from 'vitest';
import type { KeyView, MvccChangeView } from '../server/mvcc-view';
import { generationRows, keyMeta, revisionColumns } from './mvcc-layout';

const ch = (main: number, key: string, type: 'PUT' | 'DELETE' = 'PUT', sub = 0): MvccChangeView => ({ main, sub, key, type });

// put foo 2, put foo 3, del foo 4, put foo 5
const foo: KeyView = {
  key: 'foo',
  modified: 5,
  generations: [
    { created: 2, ver: 3, revs: [{ main: 2, sub: 0 }, { main: 3, sub: 0 }], tombstone: { main: 4, sub: 0 } },
    { created: 5, ver: 1, revs: [{ main: 5, sub: 0 }], tombstone: undefined },
  ],
};

describe('revisionColumns', () => {
  it('one column per main revision from 2, sub revisions in order, states around the compaction', () => {
    const cols = revisionColumns([ch(3, 'a'), ch(5, 'z', 'PUT', 1), ch(5, 'y', 'PUT', 0), ch(6, 'a', 'DELETE')], 6, 3, 10);
    expect(cols.map((c) => `${c.main}:${c.state}:${c.changes.map((x) => `${x.key}.${x.sub}`).join(',')}`)).toEqual([
      '2:compacted:',
      '3:kept:a.0',
      '4:live:',
      '5:live:y.0,z.1',
      '6:live:a.0',
    ]);
  });

  it('shows only the last `count` revisions; an empty store has no column', () => {
    expect(revisionColumns([], 1, 0, 10)).toEqual([]);
    expect(revisionColumns([ch(9, 'a'), ch(10, 'b')], 10, 0, 2).map((c) => c.main)).toEqual([9, 10]);
  });
});

describe('generationRows and keyMeta', () => {
  it('draws generations newest first as key_index.go does, versions from the counter', () => {
    const rows = generationRows(foo);
    expect(rows.map((r) => `${r.index} c${r.created} ${r.current ? 'cur' : ''} ${r.cells.map((c) => `${c.label}@${c.rev}`).join(' ')}`)).toEqual([
      '1 c5 cur v1@5.0',
      '0 c2  v1@2.0 v2@3.0 t@4.0',
    ]);
    expect(keyMeta(foo)).toEqual({ exists: true, version: 1, createRevision: 5, modRevision: 5 });
  });

  it('after a delete the current generation is empty; a compacted generation keeps its version numbers', () => {
    const deleted: KeyView = {
      key: 'k',
      modified: 7,
      generations: [
        { created: 2, ver: 4, revs: [{ main: 6, sub: 0 }], tombstone: { main: 7, sub: 0 } },
        { created: 0, ver: 0, revs: [], tombstone: undefined },
      ],
    };
    const rows = generationRows(deleted);
    expect(rows[0]).toMatchObject({ empty: true, current: true, cells: [] });
    expect(rows[1]!.cells.map((c) => `${c.label} ${c.rev}`)).toEqual(['… v1–v2', 'v3 6.0', 't 7.0']);
    expect(keyMeta(deleted)).toEqual({ exists: false, deletedAt: 7 });
    // compacted down to its tombstone: the versions before it are elided
    const onlyTomb: KeyView = { key: 'k', modified: 7, generations: [{ created: 2, ver: 4, revs: [], tombstone: { main: 7, sub: 0 } }, { created: 0, ver: 0, revs: [], tombstone: undefined }] };
    expect(generationRows(onlyTomb)[1]!.cells.map((c) => `${c.label} ${c.rev}`)).toEqual(['… v1–v3', 't 7.0']);
  });
});
