import { describe, expect, it } from 'vitest';
import type { MemberView } from '../store/cluster-store';
import { markCommitSweep, raftLogLayout, termColour, TERM_COLOURS } from './raft-log-layout';

const member = (over: Partial<MemberView>): MemberView => ({
  id: 1, name: 'infra1', role: 'follower', term: 2, lead: 0, commit: 0, applied: 0, lastIndex: 0, electionElapsed: 0, electionTimeout: 10, ...over,
});

describe('raftLogLayout', () => {
  it('shows entries with terms, committed and applied, and absent cells past a member\'s last index', () => {
    const l = raftLogLayout([
      member({ id: 1, name: 'infra1', role: 'leader', lastIndex: 4, commit: 3, applied: 2, logTerms: { first: 1, terms: [1, 1, 2, 2] }, progress: [{ id: 2, match: 2, next: 3, state: 'replicate' }] }),
      member({ id: 2, name: 'infra2', lastIndex: 2, commit: 2, applied: 2, logTerms: { first: 1, terms: [1, 1] } }),
    ]);
    expect([l.lo, l.hi]).toEqual([1, 4]);
    expect(l.leader).toBe('infra1');
    expect(l.rows[0]!.cells.map((c) => [c.kind, c.term, c.committed, c.applied])).toEqual([
      ['entry', 1, true, true],
      ['entry', 1, true, true],
      ['entry', 2, true, false],
      ['entry', 2, false, false],
    ]);
    expect(l.rows[1]!.cells.map((c) => c.kind)).toEqual(['entry', 'entry', 'absent', 'absent']);
    expect(l.rows[1]!.progress).toEqual({ id: 2, match: 2, next: 3, state: 'replicate' });
    expect(l.rows[0]!.progress).toBeUndefined();
  });

  it('keeps only the newest `width` indexes and greys what the snapshot compacted', () => {
    const l = raftLogLayout([member({ lastIndex: 100, commit: 100, snapshotIndex: 95, logTerms: { first: 96, terms: [5, 5, 5, 6, 6] } })], 10);
    expect([l.lo, l.hi]).toEqual([91, 100]);
    expect(l.rows[0]!.cells.map((c) => c.kind)).toEqual([...Array(5).fill('compacted'), ...Array(5).fill('entry')]);
    expect(l.rows[0]!.cells.at(-1)!.term).toBe(6);
  });

  it('is empty before any entry exists', () => {
    const l = raftLogLayout([member({})]);
    expect(l.hi).toBe(0);
    expect(l.rows[0]!.cells).toEqual([]);
  });

  it('cycles term colours', () => {
    expect(termColour(1)).toBe(TERM_COLOURS[1]);
    expect(termColour(TERM_COLOURS.length + 2)).toBe(termColour(2));
  });
});

describe('markCommitSweep', () => {
  it('marks the newly committed entries in order and keeps the marks until the next commit', () => {
    const terms = { first: 1, terms: [1, 1, 2, 2, 2] };
    const at = (commit: number) => raftLogLayout([member({ commit, applied: commit, lastIndex: 5, logTerms: terms })]);
    const a = markCommitSweep(at(1), at(1));
    expect(a.rows[0]!.cells.filter((c) => c.sweep !== undefined)).toEqual([]);
    const b = markCommitSweep(a, at(4));
    expect(b.rows[0]!.cells.filter((c) => c.sweep !== undefined).map((c) => [c.index, c.sweep])).toEqual([[2, 0], [3, 1], [4, 2]]);
    const c = markCommitSweep(b, at(4));
    expect(c.rows[0]!.cells.filter((x) => x.sweep !== undefined).map((x) => x.index)).toEqual([2, 3, 4]);
    const d = markCommitSweep(c, at(5));
    expect(d.rows[0]!.cells.filter((x) => x.sweep !== undefined).map((x) => [x.index, x.sweep])).toEqual([[5, 0]]);
  });
});
