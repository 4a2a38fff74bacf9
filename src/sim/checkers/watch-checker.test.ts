import { describe, expect, it } from 'vitest';
import { buildOperations } from './history';
import { replayWrites, writesFromOperations } from './kv-truth';
import type { KvWrite } from './kv-truth';
import { events, del, put } from './testing';
import { checkWatches, matchesRequest } from './watch-checker';
import type { WatchEventRecord, WatchRecord, WatchRequest, WatchResponseRecord } from './watch-checker';

// rev 2 put a=1, 3 put b=1, 4 put a=2, 5 delete a, 6 put a=3, 7 txn {put c=1, put a=4}, 8 put b=2
const WRITES: KvWrite[] = [
  { rev: 2, key: 'a', type: 'put', value: '1' },
  { rev: 3, key: 'b', type: 'put', value: '1' },
  { rev: 4, key: 'a', type: 'put', value: '2' },
  { rev: 5, key: 'a', type: 'delete' },
  { rev: 6, key: 'a', type: 'put', value: '3' },
  { rev: 7, key: 'c', type: 'put', value: '1' },
  { rev: 7, key: 'a', type: 'put', value: '4' },
  { rev: 8, key: 'b', type: 'put', value: '2' },
];

/** ev builds the correct event for a write of WRITES, with prev_kv. */
function ev(rev: number, key: string): WatchEventRecord {
  const t = replayWrites(WRITES).get(rev)!.find((x) => x.key === key)!;
  const e: WatchEventRecord = { type: t.type, key, modRevision: rev };
  if (t.type === 'put') Object.assign(e, { value: t.value, createRevision: t.createRevision, version: t.version });
  e.prevKv = t.prev === null ? null : { value: t.prev.value, modRevision: t.prev.modRevision };
  return e;
}

function watch(request: WatchRequest, responses: WatchEventRecord[][], extra: Partial<WatchRecord> = {}): WatchRecord {
  return { id: 'w1', request, responses: responses.map((events): WatchResponseRecord => ({ events })), ...extra };
}

function check(w: WatchRecord) {
  return checkWatches({ writes: WRITES, watches: [w] });
}

function guarantees(w: WatchRecord): string[] {
  return check(w).violations.map((v) => `${v.guarantee}@${v.revision}`);
}

const A_FROM_2: WatchRequest = { key: 'a', startRevision: 2, prevKv: true };
const ALL_FROM_1: WatchRequest = { key: '', rangeEnd: '\0', startRevision: 1, prevKv: true };

describe('checkWatches: correct watches pass', () => {
  it('accepts a single-key watch with prev_kv from revision 2', () => {
    const res = check(watch(A_FROM_2, [[ev(2, 'a')], [ev(4, 'a'), ev(5, 'a')], [ev(6, 'a')], [ev(7, 'a')]]));
    expect(res.violations).toEqual([]);
    expect(res.ok).toBe(true);
    expect(res.eventsChecked).toBe(5);
  });

  it('accepts an all-keys watch with the txn revision in one response', () => {
    const all = [[ev(2, 'a'), ev(3, 'b')], [ev(4, 'a'), ev(5, 'a'), ev(6, 'a')], [ev(7, 'c'), ev(7, 'a')], [ev(8, 'b')]];
    expect(check(watch(ALL_FROM_1, all)).violations).toEqual([]);
  });

  it('accepts a watch that stops early (no events after its last one are owed)', () => {
    expect(check(watch(A_FROM_2, [[ev(2, 'a')], [ev(4, 'a')]])).ok).toBe(true);
  });

  it('accepts a prefix watch and a watch resumed from a later revision', () => {
    expect(check(watch({ key: 'b', prefix: true, startRevision: 3 }, [[ev(3, 'b')], [ev(8, 'b')]])).ok).toBe(true);
    expect(check(watch({ key: 'a', startRevision: 6 }, [[ev(6, 'a'), ev(7, 'a')]])).ok).toBe(true);
  });

  it('accepts a watch canceled because its start revision was compacted', () => {
    const w: WatchRecord = { id: 'w1', request: { key: 'a', startRevision: 2 }, responses: [{ events: [], compactRevision: 5 }] };
    expect(check(w).ok).toBe(true);
  });
});

describe('checkWatches: each guarantee catches its violation', () => {
  it('filter: an event outside the watched key', () => {
    expect(guarantees(watch({ key: 'a', startRevision: 3 }, [[ev(3, 'b'), ev(4, 'a')]]))).toEqual(['filter@3']);
  });

  it('ordered: an event older than one already delivered', () => {
    expect(guarantees(watch(A_FROM_2, [[ev(2, 'a')], [ev(5, 'a')], [ev(4, 'a')]]))).toContain('ordered@4');
  });

  it('unique: the same event twice', () => {
    expect(guarantees(watch(A_FROM_2, [[ev(2, 'a'), ev(2, 'a')], [ev(4, 'a')]]))).toEqual(['unique@2']);
  });

  it('atomic: a revision split across responses', () => {
    const all = [[ev(2, 'a'), ev(3, 'b')], [ev(4, 'a'), ev(5, 'a'), ev(6, 'a'), ev(7, 'c')], [ev(7, 'a')], [ev(8, 'b')]];
    expect(guarantees(watch(ALL_FROM_1, all))).toEqual(['atomic@7']);
  });

  it('atomic: part of a revision never delivered', () => {
    const all = [[ev(2, 'a'), ev(3, 'b')], [ev(4, 'a'), ev(5, 'a'), ev(6, 'a')], [ev(7, 'a')], [ev(8, 'b')]];
    const res = check(watch(ALL_FROM_1, all));
    expect(res.violations.map((v) => `${v.guarantee}@${v.revision}:${v.key}`)).toEqual(['atomic@7:c']);
  });

  it('reliable: a gap between delivered events', () => {
    const res = check(watch(A_FROM_2, [[ev(2, 'a')], [ev(5, 'a'), ev(6, 'a')]]));
    expect(res.violations).toHaveLength(1);
    expect(res.violations[0]).toMatchObject({ watch: 'w1', guarantee: 'reliable', revision: 4, key: 'a' });
    expect(res.violations[0]!.message).toContain('gap: a@4 not delivered');
  });

  it('reliable: a watch from now misses the first write after its creation', () => {
    const w = watch({ key: 'a' }, [[ev(7, 'a')]], { createdRevision: 5 });
    expect(guarantees(w)).toEqual(['reliable@6']);
    expect(guarantees(watch({ key: 'a' }, [[ev(6, 'a'), ev(7, 'a')]], { createdRevision: 5 }))).toEqual([]);
  });

  it('reliable: a progress notification vouches for every event up to it', () => {
    const w: WatchRecord = {
      id: 'w1', request: A_FROM_2,
      responses: [{ events: [ev(2, 'a'), ev(4, 'a')] }, { events: [], progressNotify: true, headerRevision: 8 }],
    };
    expect(guarantees(w)).toEqual(['reliable@5', 'reliable@6', 'reliable@7']);
  });

  it('bookmarkable: an event at or below a progress notification arriving after it', () => {
    const w: WatchRecord = {
      id: 'w1', request: { key: 'a', startRevision: 6 },
      responses: [{ events: [], progressNotify: true, headerRevision: 6 }, { events: [ev(6, 'a'), ev(7, 'a')] }],
    };
    expect(guarantees(w)).toEqual(['bookmarkable@6']);
  });

  it('resumable: a watch from revision 4 that starts later, or earlier', () => {
    expect(guarantees(watch({ key: 'a', startRevision: 4 }, [[ev(5, 'a'), ev(6, 'a')]]))).toEqual(['resumable@4']);
    expect(guarantees(watch({ key: 'a', startRevision: 4 }, [[ev(2, 'a'), ev(4, 'a')]]))).toEqual(['resumable@2']);
  });

  it('prevKv: wrong, missing, or present for a created key', () => {
    const wrong = { ...ev(4, 'a'), prevKv: { value: '9', modRevision: 2 } };
    const missing = { ...ev(5, 'a'), prevKv: null };
    const extra = { ...ev(6, 'a'), prevKv: { value: '2', modRevision: 4 } };
    expect(guarantees(watch(A_FROM_2, [[ev(2, 'a'), wrong, missing, extra]]))).toEqual(['prevKv@4', 'prevKv@5', 'prevKv@6']);
    // Without prev_kv requested, it is not checked.
    expect(guarantees(watch({ ...A_FROM_2, prevKv: false }, [[ev(2, 'a'), wrong]]))).toEqual([]);
  });

  it('match: a wrong value, a wrong type, an invented revision, a wrong is-create', () => {
    const value = { ...ev(4, 'a'), value: 'x' };
    const type = { ...ev(5, 'a'), type: 'put' as const, value: '2' };
    const invented: WatchEventRecord = { type: 'put', key: 'a', value: 'z', modRevision: 9 };
    const create = { ...ev(6, 'a'), createRevision: 2, version: 3 };
    const got = check(watch({ key: 'a', startRevision: 2 }, [[ev(2, 'a'), value, type, create], [ev(7, 'a'), invented]])).violations;
    expect(got.map((v) => `${v.guarantee}@${v.revision}`)).toEqual(['match@4', 'match@5', 'match@6', 'match@6', 'match@9']);
    expect(got[4]!.message).toBe('no write to a at revision 9 in the KV history');
  });

  it('match: the is-create flag must agree with the replayed history', () => {
    expect(guarantees(watch({ key: 'a', startRevision: 6 }, [[{ ...ev(6, 'a'), isCreate: true }, { ...ev(7, 'a'), isCreate: false }]]))).toEqual([]);
    const wrong = check(watch({ key: 'a', startRevision: 6 }, [[{ ...ev(6, 'a'), isCreate: false }, ev(7, 'a')]])).violations;
    expect(wrong.map((v) => v.message)).toEqual(['is-create false, but a was absent before']);
  });
});

describe('indeterminate writes and the write history', () => {
  it('accepts an event of an info write, and then holds every watch to it', () => {
    const indeterminate = [{ key: 'a', type: 'put' as const, value: '5' }];
    const landed: WatchEventRecord = { type: 'put', key: 'a', value: '5', modRevision: 9 };
    const seer = watch({ key: 'a', startRevision: 7 }, [[ev(7, 'a')], [landed]]);
    const misser: WatchRecord = { ...watch({ key: 'a', startRevision: 7 }, [[ev(7, 'a')]]), id: 'w2' };
    misser.responses.push({ events: [], progressNotify: true, headerRevision: 9 });
    const res = checkWatches({ writes: WRITES, indeterminate, watches: [seer, misser] });
    expect(res.violations.map((v) => `${v.watch}:${v.guarantee}@${v.revision}`)).toEqual(['w2:reliable@9']);
    expect(res.watchesChecked).toBe(2);
  });

  it('extracts writes from client operations, dropping deletes that removed nothing', () => {
    const h = events([
      put(1, 'a', '1', 0, 10, { type: 'ok', rev: 2 }),
      del(1, 'a', 20, 30, { type: 'ok', rev: 3 }),
      del(1, 'a', 40, 50, { type: 'ok', rev: 3 }), // no-op: header revision of the last write
      del(1, 'b', 60, 70, { type: 'ok', rev: 3, deleted: 0 }),
      put(2, 'c', 'x', 80, 90, { type: 'info' }),
    ]);
    const { writes, indeterminate } = writesFromOperations(buildOperations(h).operations);
    expect(writes).toEqual([
      { rev: 2, key: 'a', type: 'put', value: '1' },
      { rev: 3, key: 'a', type: 'delete' },
    ]);
    expect(indeterminate).toEqual([{ key: 'c', type: 'put', value: 'x', minRev: 3 }]);
  });

  it('keeps a counted delete of a key only an indeterminate write created (seed 11 of the etcd swarm)', () => {
    // an info cas creates k0 at 3 (a watch proves it), then a delete with deleted: 1 removes it at 4
    const h = events([
      put(1, 'k0', 'v2', 0, 10, { type: 'info' }),
      del(2, 'k0', 20, 30, { type: 'ok', rev: 4, deleted: 1 }),
    ]);
    const { writes, indeterminate } = writesFromOperations(buildOperations(h).operations);
    expect(writes).toEqual([{ rev: 4, key: 'k0', type: 'delete', removed: true }]);
    const seen: WatchEventRecord[] = [
      { type: 'put', key: 'k0', value: 'v2', modRevision: 3, createRevision: 3, version: 1 },
      { type: 'delete', key: 'k0', modRevision: 4 },
    ];
    const w: WatchRecord = { id: 'w1', request: { key: 'k0', startRevision: 2 }, responses: seen.map((e) => ({ events: [e] })) };
    expect(checkWatches({ writes, indeterminate, watches: [w] }).violations).toEqual([]);
  });

  it('accepts a missing prev_kv only when the revision before the event was compacted (etcd reads it at rev - 1)', () => {
    const noPrev = { ...ev(4, 'a'), prevKv: null };
    const w = watch({ key: 'a', startRevision: 4, prevKv: true }, [[noPrev]]);
    expect(checkWatches({ writes: WRITES, watches: [w] }).violations.map((v) => v.guarantee)).toEqual(['prevKv']);
    expect(checkWatches({ writes: WRITES, watches: [w], compactedRevisions: [4] }).ok).toBe(true);
    expect(checkWatches({ writes: WRITES, watches: [w], compactedRevisions: [3] }).ok).toBe(false);
  });

  it('keeps a counted delete whose put no watch saw (soak seed 8009)', () => {
    // an info put creates k5 unseen; a watch from 4 sees only the delete at 4 (deleted: 1)
    const h = events([
      put(1, 'k5', 'v91', 0, 10, { type: 'info' }),
      del(2, 'k5', 20, 30, { type: 'ok', rev: 4, deleted: 1 }),
    ]);
    const { writes, indeterminate } = writesFromOperations(buildOperations(h).operations);
    const w: WatchRecord = { id: 'w1', request: { key: 'k', prefix: true, startRevision: 4 }, responses: [{ events: [{ type: 'delete', key: 'k5', modRevision: 4 }] }] };
    expect(checkWatches({ writes, indeterminate, watches: [w] }).violations).toEqual([]);
    // and a watch over revision 4 that misses the delete has a gap
    const missed: WatchRecord = { id: 'w2', request: { key: 'k', prefix: true, startRevision: 3 }, responses: [{ events: [{ type: 'put', key: 'k5', value: 'v91', modRevision: 3 }] }, { events: [], progressNotify: true, headerRevision: 5 }] };
    expect(checkWatches({ writes, indeterminate, watches: [missed] }).violations.map((v) => v.guarantee)).toEqual(['reliable']);
  });

  it('does not judge version, create revision or prev_kv after an unseen indeterminate write to the key', () => {
    // a put to a that may have landed unseen after revision 6 would make rev 7's version 3, not 2
    const e = { ...ev(7, 'a'), version: 3, prevKv: { value: '?', modRevision: 6 } };
    const w = watch({ key: 'a', startRevision: 7, prevKv: true }, [[e]]);
    expect(checkWatches({ writes: WRITES, watches: [w] }).violations.map((v) => v.guarantee)).toEqual(['match', 'prevKv']);
    const maybe = [{ key: 'a', type: 'put' as const, value: 'lost', minRev: 6 }];
    expect(checkWatches({ writes: WRITES, watches: [w], indeterminate: maybe }).ok).toBe(true);
    // one that can only have landed after revision 7 changes nothing at 7
    const later = [{ key: 'a', type: 'put' as const, value: 'lost', minRev: 7 }];
    expect(checkWatches({ writes: WRITES, watches: [w], indeterminate: later }).ok).toBe(false);
  });

  it('replays create revision and version across a delete', () => {
    const t = replayWrites(WRITES);
    expect(t.get(4)![0]).toMatchObject({ createRevision: 2, version: 2, prev: { value: '1', modRevision: 2 } });
    expect(t.get(6)![0]).toMatchObject({ createRevision: 6, version: 1, prev: null });
  });

  it('matches keys by exact key, prefix and range', () => {
    expect(matchesRequest({ key: 'a' }, 'a')).toBe(true);
    expect(matchesRequest({ key: 'a' }, 'ab')).toBe(false);
    expect(matchesRequest({ key: 'a', prefix: true }, 'ab')).toBe(true);
    expect(matchesRequest({ key: 'b', rangeEnd: 'd' }, 'c')).toBe(true);
    expect(matchesRequest({ key: 'b', rangeEnd: 'd' }, 'd')).toBe(false);
    expect(matchesRequest({ key: 'b', rangeEnd: '\0' }, 'zz')).toBe(true);
  });
});
