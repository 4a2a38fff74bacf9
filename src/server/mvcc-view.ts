/**
 * mvccView: a read-only picture of a member's MVCC store for the UI (issue 7): the current and
 * compacted revisions, the last revisions with their changes, each key's generations as
 * etcd's key_index.go draws them, and the leases. Plain data, cheap to structured-clone.
 *
 * Everything comes from the in-memory tree index, which holds every revision not yet compacted
 * (a compaction keeps only the newest revision at or below it per key), so the timeline loses
 * compacted history exactly as etcd does:
 *
 * ```
 *   key "foo": put 2, put 3, del 4, put 5        generations (oldest first)
 *     {2.0, 3.0, 4.0(t)}                          created 2, versions v1 v2, tombstone t
 *     {5.0}                                       created 5, v1: the current life
 *   revisions: 2 PUT foo | 3 PUT foo | 4 DELETE foo | 5 PUT foo
 * ```
 */
import type { Revision, WatchableStore } from '../mvcc';
import { fromUtf8, prefixRangeEnd, strToBytes } from '../mvcc/bytes';
import type { Lessor } from '../lease';

/** One change of a revision: a put or a delete (tombstone) of `key` at {main, sub}. */
export interface MvccChangeView {
  main: number;
  sub: number;
  key: string;
  type: 'PUT' | 'DELETE';
}

/** One generation of a key: one life, from the put that created it to its tombstone. */
export interface GenerationView {
  /** Main revision of the put that created it; 0 for the open empty generation. */
  created: number;
  /** etcd's version counter of the generation (puts, plus the tombstone when it ended). */
  ver: number;
  /** Its revisions, oldest first; the tombstone (if any) is the last and not in here. */
  revs: Revision[];
  /** The delete that ended this life, if it ended. */
  tombstone: Revision | undefined;
}

/** One key of the tree index with its generations, oldest first. */
export interface KeyView {
  key: string;
  /** The last revision that modified it (put or tombstone). */
  modified: number;
  generations: GenerationView[];
}

/** A lease with its remaining time and keys. */
export interface LeaseInfoView {
  id: bigint;
  ttl: number;
  /** Milliseconds left on this member's clock; undefined when this member is not the primary. */
  remainingMs: number | undefined;
  keys: string[];
}

/** A watcher of the store: what it watches and from which revision. */
export interface WatchInfoView {
  id: number;
  key: string;
  /** How far it reaches: the single key, every key with `key` as prefix, from `key` on, or up to `rangeEnd`. */
  range: 'key' | 'prefix' | 'from-key' | 'range';
  rangeEnd: string | undefined;
  startRevision: number;
  /** The next revision it will be sent. */
  nextRevision: number;
  /** Synced: it gets new events as they happen; unsynced: it is still catching up from history. */
  synced: boolean;
}

/** What {@link mvccView} returns. */
export interface MvccView {
  revision: number;
  /** The last compaction's revision, 0 when never compacted. */
  compactRevision: number;
  /** Changes of main revisions >= fromRevision still in the index, ascending by (main, sub). */
  changes: MvccChangeView[];
  /** Keys in key order (at most limitKeys, the focus key always included). */
  keys: KeyView[];
  /** Number of keys in the index. */
  totalKeys: number;
  leases: LeaseInfoView[];
  /** The store's watchers (at most 50), synced first. */
  watches: WatchInfoView[];
}

/** Options of {@link mvccView}. */
export interface MvccViewOptions {
  /** Most keys returned (default 50). */
  limitKeys?: number;
  /** Oldest main revision in `changes` (default: the last 40 revisions). */
  fromRevision?: number;
  /** A key to include even when it falls beyond limitKeys. */
  focusKey?: string;
}

function keyView(key: string, modified: number, gens: readonly { created: Revision; ver: number; revs: Revision[] }[]): KeyView {
  const last = gens.length - 1;
  const generations = gens.map((g, i): GenerationView => {
    const ended = i !== last && g.revs.length > 0;
    return {
      created: g.revs.length > 0 ? g.created.main : 0,
      ver: g.ver,
      revs: (ended ? g.revs.slice(0, -1) : g.revs).map((r) => ({ main: r.main, sub: r.sub })),
      tombstone: ended ? { ...g.revs[g.revs.length - 1]! } : undefined,
    };
  });
  return { key, modified, generations };
}

function watchInfo(w: { id: number; key: string; end: string | undefined; startRev: number; minRev: number }, synced: boolean): WatchInfoView {
  const key = fromUtf8(strToBytes(w.key));
  const base = { id: w.id, key, startRevision: w.startRev, nextRevision: w.minRev, synced };
  if (w.end === undefined) return { ...base, range: 'key', rangeEnd: undefined };
  if (w.end === '') return { ...base, range: 'from-key', rangeEnd: undefined };
  const isPrefix = fromUtf8(prefixRangeEnd(strToBytes(w.key))) === fromUtf8(strToBytes(w.end));
  return { ...base, range: isPrefix ? 'prefix' : 'range', rangeEnd: fromUtf8(strToBytes(w.end)) };
}

/** Builds the MVCC picture of a store (and its lessor, at `nowMs`). Read-only. */
export function mvccView(kv: WatchableStore, lessor: Lessor | undefined, nowMs: number, opts: MvccViewOptions = {}): MvccView {
  const revision = kv.rev();
  const limitKeys = opts.limitKeys ?? 50;
  const from = opts.fromRevision ?? Math.max(1, revision - 39);
  const changes: MvccChangeView[] = [];
  const keys: KeyView[] = [];
  let focus: KeyView | undefined;
  for (const ki of kv.kvindex.keyIndexes()) {
    const key = fromUtf8(strToBytes(ki.key));
    const gens = ki.generations;
    gens.forEach((g, gi) => {
      const tomb = gi !== gens.length - 1 && g.revs.length > 0 ? g.revs.length - 1 : -1;
      g.revs.forEach((r, ri) => {
        if (r.main >= from) changes.push({ main: r.main, sub: r.sub, key, type: ri === tomb ? 'DELETE' : 'PUT' });
      });
    });
    if (keys.length < limitKeys) keys.push(keyView(key, ki.modified.main, gens));
    else if (key === opts.focusKey) focus = keyView(key, ki.modified.main, gens);
  }
  if (focus) keys.push(focus);
  changes.sort((a, b) => a.main - b.main || a.sub - b.sub);
  const leases = (lessor?.leases() ?? []).map((l) => ({
    id: l.ID,
    ttl: l.ttl,
    remainingMs: Number.isFinite(l.expiryMs) ? Math.max(0, l.expiryMs - nowMs) : undefined,
    keys: l.keys.map((k) => fromUtf8(k)),
  }));
  const watches: WatchInfoView[] = [];
  for (const [group, synced] of [[kv.synced, true], [kv.unsynced, false]] as const) {
    for (const w of group.watchers) if (watches.length < 50) watches.push(watchInfo(w, synced));
  }
  return { revision, compactRevision: Math.max(0, kv.compactRevision()), changes, keys, totalKeys: kv.kvindex.size, leases, watches };
}
