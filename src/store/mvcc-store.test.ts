import { describe, expect, it } from 'vitest';
import type { MvccChangeView, MvccView } from '../server/mvcc-view';
import { compactedAway, createMvccStore } from './mvcc-store';

const ch = (main: number, key: string, type: 'PUT' | 'DELETE' = 'PUT', sub = 0): MvccChangeView => ({ main, sub, key, type });
const view = (revision: number, compactRevision: number, changes: MvccChangeView[]): MvccView => ({ revision, compactRevision, changes, keys: [], totalKeys: 0, leases: [], watches: [] });

describe('mvcc store', () => {
  it('keeps the last view of a member and counts publishes', () => {
    const s = createMvccStore();
    expect(s.getState()).toMatchObject({ member: null, view: null, version: 0 });
    s.getState().publish('infra1', view(3, 0, [ch(2, 'a'), ch(3, 'a')]));
    expect(s.getState()).toMatchObject({ member: 'infra1', version: 1, ghosts: [] });
    expect(s.getState().view?.revision).toBe(3);
    s.getState().publish('infra1', undefined);
    expect(s.getState()).toMatchObject({ member: 'infra1', view: null, version: 2 });
  });

  it('a compaction turns the history it removed into ghosts; the kept revision is no ghost', () => {
    let t = 100;
    const s = createMvccStore({ now: () => t });
    s.getState().publish('infra1', view(5, 0, [ch(2, 'a'), ch(3, 'a'), ch(4, 'a', 'DELETE'), ch(5, 'b')]));
    t = 250;
    s.getState().publish('infra1', view(5, 4, [ch(5, 'b')]));
    expect(s.getState().ghosts.map((c) => c.main)).toEqual([2, 3, 4]);
    expect(s.getState().ghostCompaction).toBe(4);
    expect(s.getState().ghostsAt).toBe(250);
    t = 900;
    // later views of the same compaction keep the ghosts (the fade plays once)
    s.getState().publish('infra1', view(6, 4, [ch(5, 'b'), ch(6, 'c')]));
    expect(s.getState().ghosts).toHaveLength(3);
    expect(s.getState().ghostsAt).toBe(250);
  });

  it('ghosts also come when the index is compacted after the compaction revision was recorded', () => {
    const s = createMvccStore({ now: () => 7 });
    s.getState().publish('infra1', view(4, 0, [ch(2, 'a'), ch(3, 'a'), ch(4, 'b')]));
    s.getState().publish('infra1', view(4, 3, [ch(2, 'a'), ch(3, 'a'), ch(4, 'b')]));
    expect(s.getState().ghosts).toEqual([]);
    s.getState().publish('infra1', view(4, 3, [ch(3, 'a'), ch(4, 'b')]));
    expect(s.getState()).toMatchObject({ ghosts: [ch(2, 'a')], ghostCompaction: 3, ghostsAt: 7 });
  });

  it('history sliding out of the window is no ghost', () => {
    const s = createMvccStore({ window: 3 });
    s.getState().publish('infra1', view(4, 3, [ch(2, 'a'), ch(3, 'a'), ch(4, 'b')]));
    s.getState().publish('infra1', view(5, 3, [ch(3, 'a'), ch(4, 'b'), ch(5, 'c')]));
    expect(s.getState().ghosts).toEqual([]);
  });

  it('switching member clears the ghosts instead of inventing a compaction', () => {
    const s = createMvccStore();
    s.getState().publish('infra1', view(5, 0, [ch(2, 'a'), ch(3, 'a')]));
    s.getState().publish('infra1', view(5, 3, [ch(3, 'a')]));
    s.getState().publish('infra2', view(5, 3, [ch(3, 'a')]));
    expect(s.getState()).toMatchObject({ member: 'infra2', ghosts: [], ghostCompaction: 0 });
  });

  it('compactedAway compares by (main, sub) and ignores revisions above the compaction', () => {
    const prev = [ch(2, 'a', 'PUT', 0), ch(2, 'b', 'PUT', 1), ch(3, 'a')];
    expect(compactedAway(prev, [ch(2, 'b', 'PUT', 1)], 2)).toEqual([ch(2, 'a', 'PUT', 0)]);
  });
});
