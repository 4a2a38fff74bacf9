/**
 * Pure layout of the MVCC panel: the revision timeline as columns (one per main revision, the
 * compaction line between them) and a key's generations as rows, drawn the way etcd's
 * key_index.go comment draws them (newest generation on top):
 *
 * ```
 *   key "foo"                         timeline (newest on the right)
 *   gen 2  {empty}                      2     3     4     5  |  6     7
 *   gen 1  created 5: v1@5.0          foo   foo  foo(t)  a   |  foo   a.0
 *   gen 0  created 2: v1@2.0 v2@3.0 t@4.0                    |        b.1
 *                                                    compaction line at 5
 * ```
 */
import type { GenerationView, KeyView, MvccChangeView } from '../server/mvcc-view';

/** What a timeline column is: still in history, kept by a compaction, or compacted away. */
export type ColumnState = 'live' | 'kept' | 'compacted';

/** One main revision of the timeline. */
export interface RevisionColumn {
  main: number;
  /** Its changes in sub-revision order (empty when compacted away). */
  changes: MvccChangeView[];
  state: ColumnState;
}

/**
 * The last `count` main revisions up to `revision` (never before 2, the first write), each with
 * its changes. A revision at or below `compactRevision` is `kept` when some change of it
 * survived the compaction (the newest version of a key), otherwise `compacted`.
 */
export function revisionColumns(changes: readonly MvccChangeView[], revision: number, compactRevision: number, count: number): RevisionColumn[] {
  const start = Math.max(2, revision - count + 1);
  const byMain = new Map<number, MvccChangeView[]>();
  for (const c of changes) {
    if (c.main < start) continue;
    const list = byMain.get(c.main);
    if (list) list.push(c);
    else byMain.set(c.main, [c]);
  }
  const cols: RevisionColumn[] = [];
  for (let main = start; main <= revision; main++) {
    const list = (byMain.get(main) ?? []).slice().sort((a, b) => a.sub - b.sub);
    const state: ColumnState = main > compactRevision ? 'live' : list.length > 0 ? 'kept' : 'compacted';
    cols.push({ main, changes: list, state });
  }
  return cols;
}

/**
 * One cell of a generation row: a put with its version, the tombstone that ends it, or the
 * versions a compaction removed from the front of the generation ("elided").
 */
export interface GenerationCell {
  kind: 'put' | 'tombstone' | 'elided';
  /** "v1", "v2"... for puts, "t" for the tombstone, "…" for compacted versions. */
  label: string;
  /** "main.sub", as etcd prints revisions in key_index.go ("v1–v6" for elided versions). */
  rev: string;
  main: number;
}

/** One generation drawn as a row. */
export interface GenerationRow {
  /** Position among the key's generations, oldest = 0. */
  index: number;
  /** Creating main revision; 0 for the empty generation. */
  created: number;
  cells: GenerationCell[];
  empty: boolean;
  /** The last generation: the key's current life (or the empty one after a delete). */
  current: boolean;
}

/** A generation's cells, with each put's version from etcd's counter (compaction keeps numbers right). */
export function generationCells(g: GenerationView): GenerationCell[] {
  const total = g.revs.length + (g.tombstone ? 1 : 0);
  const cells: GenerationCell[] = g.revs.map((r, i) => ({ kind: 'put', label: `v${g.ver - (total - i - 1)}`, rev: `${r.main}.${r.sub}`, main: r.main }));
  const first = g.ver - (total - 1);
  if (total > 0 && first > 1) cells.unshift({ kind: 'elided', label: '…', rev: first === 2 ? 'v1' : `v1–v${first - 1}`, main: 0 });
  if (g.tombstone) cells.push({ kind: 'tombstone', label: 't', rev: `${g.tombstone.main}.${g.tombstone.sub}`, main: g.tombstone.main });
  return cells;
}

/** A key's generations as rows, newest first (as etcd's comment draws them). */
export function generationRows(k: KeyView): GenerationRow[] {
  const last = k.generations.length - 1;
  return k.generations
    .map((g, index) => ({ index, created: g.created, cells: generationCells(g), empty: g.revs.length === 0 && !g.tombstone, current: index === last }))
    .reverse();
}

/** What `get` would print about a key now: its version, create and mod revision, or that it is deleted. */
export type KeyMeta = { exists: true; version: number; createRevision: number; modRevision: number } | { exists: false; deletedAt: number };

/** The key's metadata at the current revision (etcd's get -w json fields). */
export function keyMeta(k: KeyView): KeyMeta {
  const g = k.generations[k.generations.length - 1];
  if (!g || g.revs.length === 0) return { exists: false, deletedAt: k.modified };
  return { exists: true, version: g.ver, createRevision: g.created, modRevision: g.revs[g.revs.length - 1]!.main };
}
