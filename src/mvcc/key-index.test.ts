import { describe, expect, it } from 'vitest';
import { ErrRevisionNotFound } from './errors';
import { KeyIndex } from './key-index';
import { RevisionSet } from './revision';

/** Draws generations newest first, as key_index.go's comment does: `{4.0, 5.0(t)}`, `{empty}`. */
function draw(ki: KeyIndex): string {
  const last = ki.generations.length - 1;
  return ki.generations
    .map((g, gi) =>
      g.isEmpty()
        ? '{empty}'
        : `{${g.revs.map((r, i) => `${r.main}.${r.sub}${gi !== last && i === g.revs.length - 1 ? '(t)' : ''}`).join(', ')}}`,
    )
    .reverse()
    .join('\n');
}

/** Builds a keyIndex from a script like "put 1.0; put 2.0; tomb 3.0". */
function build(script: string): KeyIndex {
  const ki = new KeyIndex('foo');
  for (const step of script.split(';').map((s) => s.trim())) {
    const [op, rev] = step.split(' ') as [string, string];
    const [main, sub] = rev.split('.').map(Number) as [number, number];
    if (op === 'put') ki.put(main, sub);
    else ki.tombstone(main, sub);
  }
  return ki;
}

const strip = (s: string): string => s.trim().split('\n').map((l) => l.trim()).join('\n');
const revs = (set: RevisionSet): string => set.toArray().map((r) => `${r.main}.${r.sub}`).join(' ');

// the keyIndex of etcd's key_index_test.go newTestKeyIndex
const STANDARD = 'put 2.0; put 4.0; tomb 6.0; put 8.0; put 10.0; tomb 12.0; put 14.0; put 15.1; tomb 16.0';

describe('keyIndex: the example of key_index.go', () => {
  const example = 'put 1.0; put 2.0; tomb 3.0; put 4.0; tomb 5.0';

  it('put/tombstone builds generations', () => {
    const ki = build(example);
    expect(draw(ki)).toBe(strip(`
      {empty}
      {4.0, 5.0(t)}
      {1.0, 2.0, 3.0(t)}`));
    expect(ki.modified).toEqual({ main: 5, sub: 0 });
  });

  it.each([
    [2, `{empty}
         {4.0, 5.0(t)}
         {2.0, 3.0(t)}`],
    [4, `{empty}
         {4.0, 5.0(t)}`],
    [5, `{empty}
         {5.0(t)}`],
    [6, `{empty}`],
  ])('compact(%i)', (rev, want) => {
    const ki = build(example);
    ki.compact(rev, new RevisionSet());
    expect(draw(ki)).toBe(strip(want));
    expect(ki.isEmpty()).toBe(rev === 6);
  });
});

describe('keyIndex: compact and keep on every revision', () => {
  // compact(rev): generations left, revisions kept at or below rev, and what keep() keeps
  // (keep() drops a tombstone that ends a generation at or below rev).
  const cases: [number, string, string, string][] = [
    [1, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}
         {2.0, 4.0, 6.0(t)}`, '', ''],
    [2, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}
         {2.0, 4.0, 6.0(t)}`, '2.0', '2.0'],
    [3, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}
         {2.0, 4.0, 6.0(t)}`, '2.0', '2.0'],
    [4, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}
         {4.0, 6.0(t)}`, '4.0', '4.0'],
    [5, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}
         {4.0, 6.0(t)}`, '4.0', '4.0'],
    [6, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}
         {6.0(t)}`, '6.0', ''],
    [7, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}`, '', ''],
    [8, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}`, '8.0', '8.0'],
    [9, `{empty}
         {14.0, 15.1, 16.0(t)}
         {8.0, 10.0, 12.0(t)}`, '8.0', '8.0'],
    [10, `{empty}
         {14.0, 15.1, 16.0(t)}
         {10.0, 12.0(t)}`, '10.0', '10.0'],
    [11, `{empty}
         {14.0, 15.1, 16.0(t)}
         {10.0, 12.0(t)}`, '10.0', '10.0'],
    [12, `{empty}
         {14.0, 15.1, 16.0(t)}
         {12.0(t)}`, '12.0', ''],
    [13, `{empty}
         {14.0, 15.1, 16.0(t)}`, '', ''],
    [14, `{empty}
         {14.0, 15.1, 16.0(t)}`, '14.0', '14.0'],
    [15, `{empty}
         {15.1, 16.0(t)}`, '15.1', '15.1'],
    [16, `{empty}
         {16.0(t)}`, '16.0', ''],
    [17, `{empty}`, '', ''],
  ];

  it.each(cases)('compact(%i)', (rev, want, wantAvailable, wantKeep) => {
    const ki = build(STANDARD);
    const keep = new RevisionSet();
    ki.keep(rev, keep);
    expect(revs(keep)).toBe(wantKeep);
    expect(draw(ki)).toBe(draw(build(STANDARD))); // keep does not modify
    const available = new RevisionSet();
    ki.compact(rev, available);
    expect(draw(ki)).toBe(strip(want));
    expect(revs(available)).toBe(wantAvailable);
  });

  it('compacting step by step equals compacting at once', () => {
    for (let target = 1; target <= 16; target++) {
      const stepwise = build(STANDARD);
      for (let r = 1; r <= target; r++) stepwise.compact(r, new RevisionSet());
      const once = build(STANDARD);
      once.compact(target, new RevisionSet());
      expect(draw(stepwise)).toBe(draw(once));
    }
  });

  it('compact on a revision beyond the last keeps the open generation', () => {
    const ki = build('put 2.0; put 4.0');
    ki.compact(10, new RevisionSet());
    expect(draw(ki)).toBe('{4.0}');
    expect(ki.get(10)).toEqual({ modified: { main: 4, sub: 0 }, created: { main: 2, sub: 0 }, ver: 2 });
  });
});

describe('keyIndex: get', () => {
  // after compact(4):
  //   {empty}
  //   {14.0, 15.1, 16.0(t)}
  //   {8.0, 10.0, 12.0(t)}
  //   {4.0, 6.0(t)}
  const ki = build(STANDARD);
  ki.compact(4, new RevisionSet());
  const found = (m: number, s: number, c: number, ver: number) => ({ modified: { main: m, sub: s }, created: { main: c, sub: 0 }, ver });

  it.each([
    [17, undefined],
    [16, undefined],
    [15, found(15, 1, 14, 2)],
    [14, found(14, 0, 14, 1)],
    [13, undefined],
    [12, undefined],
    [11, found(10, 0, 8, 2)],
    [10, found(10, 0, 8, 2)],
    [9, found(8, 0, 8, 1)],
    [8, found(8, 0, 8, 1)],
    [7, undefined],
    [6, undefined],
    [5, found(4, 0, 2, 2)],
    [4, found(4, 0, 2, 2)],
    [3, undefined],
    [2, undefined],
    [1, undefined],
    [0, undefined],
  ])('get(%i)', (rev, want) => {
    expect(ki.get(rev)).toEqual(want);
  });
});

describe('keyIndex: since', () => {
  const ki = build(STANDARD);
  ki.compact(4, new RevisionSet());
  const all = ['4.0', '6.0', '8.0', '10.0', '12.0', '14.0', '15.1', '16.0'];
  it.each([
    [17, []], [16, all.slice(7)], [15, all.slice(6)], [14, all.slice(5)], [13, all.slice(5)],
    [12, all.slice(4)], [11, all.slice(4)], [10, all.slice(3)], [9, all.slice(3)], [8, all.slice(2)],
    [7, all.slice(2)], [6, all.slice(1)], [5, all.slice(1)], [4, all], [3, all], [0, all],
  ])('since(%i)', (rev, want) => {
    expect(ki.since(rev).map((r) => `${r.main}.${r.sub}`)).toEqual(want);
  });

  it('reports only the largest sub revision of a main revision', () => {
    const k = build('put 3.0; put 3.2; put 5.1');
    expect(k.since(0).map((r) => `${r.main}.${r.sub}`)).toEqual(['3.2', '5.1']);
  });
});

describe('keyIndex: put, restore, tombstone', () => {
  it('put counts versions in the generation', () => {
    const ki = build('put 5.0; put 7.0');
    expect(draw(ki)).toBe('{5.0, 7.0}');
    expect(ki.generations[0]!.ver).toBe(2);
    expect(ki.generations[0]!.created).toEqual({ main: 5, sub: 0 });
  });

  it('put below the last revision is an invariant violation', () => {
    const ki = build('put 5.0');
    expect(() => ki.put(4, 0)).toThrow(/unexpected smaller revision/);
  });

  it('tombstone ends the generation; tombstone on a deleted key fails', () => {
    const ki = build('put 5.0; tomb 7.0; put 8.0; put 9.0; tomb 15.0');
    expect(draw(ki)).toBe(strip(`
      {empty}
      {8.0, 9.0, 15.0(t)}
      {5.0, 7.0(t)}`));
    expect(ki.generations[1]!.ver).toBe(3);
    expect(() => ki.tombstone(16, 0)).toThrow(ErrRevisionNotFound);
  });

  it('restore keeps created and version of the newest record', () => {
    const ki = new KeyIndex('foo');
    ki.restore({ main: 5, sub: 0 }, { main: 7, sub: 0 }, 2);
    expect(draw(ki)).toBe('{7.0}');
    expect(ki.get(7)).toEqual({ modified: { main: 7, sub: 0 }, created: { main: 5, sub: 0 }, ver: 2 });
  });

  it('restoreTombstone: not found, kept by compaction at its revision, dropped after', () => {
    //   {empty}
    //   {16.0(t)}
    const ki = new KeyIndex('foo');
    ki.restoreTombstone(16, 0);
    expect(draw(ki)).toBe('{empty}\n{16.0(t)}');
    for (let r = 16; r <= 20; r++) expect(ki.get(r)).toBeUndefined();
    const avail = new RevisionSet();
    ki.keep(16, avail);
    expect(revs(avail)).toBe('');
    const other = new KeyIndex('foo');
    other.restoreTombstone(16, 0);
    const kept = new RevisionSet();
    other.compact(16, kept);
    expect(revs(kept)).toBe('16.0');
    const compacted = new RevisionSet();
    ki.put(17, 0);
    ki.put(18, 0);
    expect(ki.since(16).map((r) => r.main)).toEqual([16, 17, 18]);
    ki.compact(17, compacted);
    expect(draw(ki)).toBe('{17.0, 18.0}');
    expect(revs(compacted)).toBe('17.0');
  });
});

describe('keyIndex: findGeneration and isEmpty', () => {
  const ki = build(STANDARD);
  ki.compact(4, new RevisionSet());
  it.each([
    [0, -1], [1, -1], [3, -1], [4, 0], [5, 0], [6, -1], [7, -1], [8, 1], [9, 1],
    [10, 1], [11, 1], [12, -1], [13, -1], [14, 2], [15, 2], [16, -1], [17, -1],
  ])('findGeneration(%i) = generation %i', (rev, gi) => {
    const g = ki.findGeneration(rev);
    expect(g === undefined ? -1 : ki.generations.indexOf(g)).toBe(gi);
  });

  it('isEmpty only with a single empty generation', () => {
    expect(build('put 1.0').isEmpty()).toBe(false);
    expect(build('put 1.0; tomb 2.0').isEmpty()).toBe(false);
    const ki2 = build('put 1.0; tomb 2.0');
    ki2.compact(3, new RevisionSet());
    expect(ki2.isEmpty()).toBe(true);
  });
});
