import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WatchCreateRequest, WatchResponse } from '../protocol/rpc';
import { fromUtf8 } from './bytes';
import { ErrWatcherNotExist } from './errors';
import { BACKEND_KINDS } from './testing/backends';
import { MapBackend } from './testing/map-backend';
import { b, kvLine, op, prefix, watchLines } from './testing/helpers';
import { WatchableStore } from './watchable-store';
import { WATCH_BATCH_MAX_REVS } from './watcher-group';

function open(): { s: WatchableStore; watch: (req: WatchCreateRequest) => { id: number; got: WatchResponse[] } } {
  const s = new WatchableStore(new MapBackend());
  return {
    s,
    watch(req) {
      const got: WatchResponse[] = [];
      const id = s.newWatchStream((r) => got.push(r)).watch(req);
      return { id, got };
    },
  };
}

const events = (got: WatchResponse[]) => got.filter((r) => r.events.length > 0);
const sync = (s: WatchableStore) => {
  while (s.syncWatchers() > 0) {
    /* catch up */
  }
};

describe('watch: synced watchers', () => {
  it('gets every revision as it commits: PUT, DELETE with only key and mod revision (04-watch.txt)', () => {
    const { s, watch } = open();
    const w = watch({ key: b('w1') });
    expect(w.got[0]).toMatchObject({ created: true, watchId: 0, header: { revision: 1 } });
    s.put({ key: b('w1'), value: b('v1') });
    s.put({ key: b('w1'), value: b('v2') });
    s.put({ key: b('other'), value: b('x') });
    s.deleteRange({ key: b('w1') });
    const ev = events(w.got);
    expect(ev.map((r) => r.header.revision)).toEqual([2, 3, 5]);
    expect(watchLines(ev)).toEqual(['PUT', 'w1', 'v1', 'PUT', 'w1', 'v2', 'DELETE', 'w1', '']);
    expect(kvLine(ev[2]!.events[0]!.kv)).toBe('w1 c0 m5 v0');
  });

  it('all events of a revision in one response, in change order; range deletes in key order (21-watch2.txt)', () => {
    const { s, watch } = open();
    const w = watch({ ...prefix('t'), prevKv: true });
    s.txn({ compare: [], success: [op.put('t2', 'b'), op.put('t1', 'a')], failure: [] });
    s.deleteRange(prefix('t'));
    const ev = events(w.got);
    expect(ev.length).toBe(2);
    expect(watchLines(ev)).toEqual(['PUT', 't2', 'b', 'PUT', 't1', 'a', 'DELETE', 't1', 'a', 't1', '', 'DELETE', 't2', 'b', 't2', '']);
  });

  it('filters NOPUT / NODELETE; a response whose events are all filtered is not sent', () => {
    const { s, watch } = open();
    const noput = watch({ key: b('k'), filters: ['NOPUT'] });
    const nodel = watch({ key: b('k'), filters: ['NODELETE'] });
    s.put({ key: b('k'), value: b('1') });
    s.deleteRange({ key: b('k') });
    expect(watchLines(events(noput.got))).toEqual(['DELETE', 'k', '']);
    expect(watchLines(events(nodel.got))).toEqual(['PUT', 'k', '1']);
    expect(noput.got.length).toBe(2); // created + one delete
  });

  it('prev_kv: previous version on put and delete, none on create', () => {
    const { s, watch } = open();
    const w = watch({ key: b('w1'), prevKv: true });
    s.put({ key: b('w1'), value: b('a') });
    s.put({ key: b('w1'), value: b('b') });
    s.deleteRange({ key: b('w1') });
    const ev = events(w.got).map((r) => r.events[0]!);
    expect(ev.map((e) => (e.prevKv ? kvLine(e.prevKv) : '-'))).toEqual(['-', 'w1 c2 m2 v1 a', 'w1 c2 m3 v2 b']);
  });

  it('a future start revision waits for it', () => {
    const { s, watch } = open();
    const w = watch({ key: b('k'), startRevision: 4 });
    for (const v of ['1', '2', '3', '4']) s.put({ key: b('k'), value: b(v) });
    expect(watchLines(events(w.got))).toEqual(['PUT', 'k', '3', 'PUT', 'k', '4']);
  });

  it('from-key and whole-keyspace watches; an empty range is refused', () => {
    const { s, watch } = open();
    const from = watch({ key: b('m'), rangeEnd: new Uint8Array([0]) });
    const all = watch({ key: new Uint8Array(0), rangeEnd: new Uint8Array([0]) });
    const bad = watch({ key: b('m'), rangeEnd: b('a') });
    expect([bad.id, bad.got[0]!.canceled, bad.got[0]!.created, bad.got[0]!.cancelReason]).toEqual([-1, true, true, 'mvcc: watcher range is empty']);
    s.put({ key: b('a'), value: b('1') });
    s.put({ key: b('z'), value: b('2') });
    expect(watchLines(events(from.got))).toEqual(['PUT', 'z', '2']);
    expect(watchLines(events(all.got))).toEqual(['PUT', 'a', '1', 'PUT', 'z', '2']);
  });
});

describe('watch: from history', () => {
  it('catches up in batches of at most 1000 revisions, then follows live writes', () => {
    const { s, watch } = open();
    for (let i = 0; i < 2500; i++) s.put({ key: b(`k${i % 7}`), value: b(`${i}`) });
    const w = watch({ ...prefix('k'), startRevision: 1 });
    expect(s.unsyncedCount()).toBe(1);
    expect(s.syncWatchers()).toBe(1);
    s.put({ key: b('k1'), value: b('live-while-unsynced') });
    expect(s.syncWatchers()).toBe(1);
    expect(s.syncWatchers()).toBe(0);
    s.put({ key: b('k2'), value: b('live') });
    const ev = events(w.got);
    expect(ev.map((r) => r.events.length)).toEqual([WATCH_BATCH_MAX_REVS, WATCH_BATCH_MAX_REVS, 501, 1]);
    const revs = ev.flatMap((r) => r.events.map((e) => e.kv.modRevision));
    expect(revs).toEqual(Array.from({ length: 2502 }, (_, i) => i + 2)); // every revision once, in order
    expect(ev[0]!.header.revision).toBe(2501); // a history reply reports the current revision
  });

  it('a watch below the compaction revision is cancelled with compact_revision; at it, it works (09-compact.txt)', () => {
    const { s, watch } = open();
    for (let i = 0; i < 61; i++) s.put({ key: b('ck'), value: b(`v${i}`) }); // revisions 2..62
    s.compact(61);
    const below = watch({ key: b('ck'), startRevision: 60 });
    const at = watch({ key: b('ck'), startRevision: 61 });
    sync(s);
    expect(below.got.map((r) => [r.created, r.canceled, r.compactRevision, r.header.revision])).toEqual([[true, false, 0, 62], [false, true, 61, 0]]);
    expect(watchLines(events(at.got))).toEqual(['PUT', 'ck', 'v59', 'PUT', 'ck', 'v60']);
    s.put({ key: b('ck'), value: b('after') });
    expect(below.got.length).toBe(2);
  });

  it('prev_kv is omitted when the previous revision was compacted', () => {
    const { s, watch } = open();
    s.put({ key: b('k'), value: b('1') }); // 2
    s.put({ key: b('k'), value: b('2') }); // 3
    s.put({ key: b('k'), value: b('3') }); // 4
    s.compact(3);
    s.runCompactions();
    const w = watch({ key: b('k'), startRevision: 3, prevKv: true });
    sync(s);
    expect(events(w.got).flatMap((r) => r.events.map((e) => (e.prevKv ? kvLine(e.prevKv) : '-')))).toEqual(['-', 'k c2 m3 v2 2']);
  });
});

describe('watch: ids, cancel, progress', () => {
  it('auto ids count from 0 per stream; client ids; duplicates refused; cancel', () => {
    const s = new WatchableStore(new MapBackend());
    const got: WatchResponse[] = [];
    const ws = s.newWatchStream((r) => got.push(r));
    expect([ws.watch({ key: b('a') }), ws.watch({ key: b('b') }), ws.watch({ key: b('c'), watchId: 7 }), ws.watch({ key: b('d') })]).toEqual([0, 1, 7, 2]);
    expect(ws.watch({ key: b('e'), watchId: 7 })).toBe(-1);
    expect(got[got.length - 1]).toMatchObject({ watchId: -1, created: true, canceled: true, cancelReason: 'mvcc: duplicate watch ID provided on the WatchStream' });
    ws.cancel(1);
    expect(got[got.length - 1]).toMatchObject({ watchId: 1, canceled: true });
    expect(() => ws.cancel(1)).toThrow(ErrWatcherNotExist);
    got.length = 0;
    s.put({ key: b('b'), value: b('x') });
    s.put({ key: b('a'), value: b('x') });
    expect(got.map((r) => r.watchId)).toEqual([0]);
    ws.close();
    s.put({ key: b('a'), value: b('y') });
    expect(got.length).toBe(1);
    expect(s.synced.size + s.unsynced.size).toBe(0);
  });

  it('progress: only for synced watchers; a stream-wide request waits until all are synced', () => {
    const s = new WatchableStore(new MapBackend());
    for (let i = 0; i < 5; i++) s.put({ key: b('k'), value: b(`${i}`) });
    const got: WatchResponse[] = [];
    const ws = s.newWatchStream((r) => got.push(r));
    const live = ws.watch({ key: b('k') });
    const old = ws.watch({ key: b('k'), startRevision: 2 });
    got.length = 0;
    ws.requestProgress(live);
    ws.requestProgress(old);
    expect(got.map((r) => [r.watchId, r.header.revision, r.events.length])).toEqual([[live, 6, 0]]);
    got.length = 0;
    expect(ws.requestProgressAll()).toBe(false);
    expect(got.length).toBe(0);
    sync(s);
    const progress = got.filter((r) => r.events.length === 0);
    expect(progress.map((r) => [r.watchId, r.header.revision])).toEqual([[-1, 6]]);
  });

  it('periodic progress notify only to idle progress-notify watches', () => {
    const s = new WatchableStore(new MapBackend());
    const got: WatchResponse[] = [];
    const ws = s.newWatchStream((r) => got.push(r));
    const a = ws.watch({ key: b('a'), progressNotify: true });
    const bId = ws.watch({ key: b('b'), progressNotify: true });
    ws.watch({ key: b('c') });
    got.length = 0;
    ws.progressNotifyTick();
    expect(got.map((r) => r.watchId).sort()).toEqual([a, bId]);
    got.length = 0;
    s.put({ key: b('a'), value: b('1') });
    ws.progressNotifyTick();
    expect(got.map((r) => [r.watchId, r.events.length])).toEqual([[a, 1], [bId, 0]]);
  });
});

describe.each(BACKEND_KINDS)('watch: many watchers on $name', (kind) => {
  it('600 watchers (more than one sync batch) each see exactly their history', async () => {
    const s = new WatchableStore((await kind.open()).backend);
    for (let i = 0; i < 300; i++) s.put({ key: b(`k${i % 30}`), value: b(`${i}`) });
    const seen = new Map<number, string[]>();
    const ws = s.newWatchStream((r) => {
      const l = seen.get(r.watchId) ?? [];
      l.push(...r.events.map((e) => `${fromUtf8(e.kv.key)}@${e.kv.modRevision}`));
      seen.set(r.watchId, l);
    });
    const specs: { id: number; key: number; start: number }[] = [];
    for (let i = 0; i < 600; i++) {
      const spec = { key: i % 30, start: 1 + ((i * 7) % 320) };
      specs.push({ ...spec, id: ws.watch({ key: b(`k${spec.key}`), startRevision: spec.start }) });
    }
    const unsynced = s.unsyncedCount();
    expect(unsynced).toBe(specs.filter((sp) => sp.start <= 301).length);
    expect(s.syncWatchers()).toBe(unsynced - 512);
    sync(s);
    for (let i = 300; i < 330; i++) s.put({ key: b(`k${i % 30}`), value: b(`${i}`) });
    for (const sp of specs) {
      const want: string[] = [];
      for (let rev = Math.max(sp.start, 2); rev <= 331; rev++) if ((rev - 2) % 30 === sp.key) want.push(`k${sp.key}@${rev}`);
      expect(seen.get(sp.id)).toEqual(want);
    }
  });
});

describe('watch: random histories', () => {
  type Cmd = { t: 'put'; k: number } | { t: 'del'; k: number } | { t: 'watch'; k: number; range: boolean; back: number } | { t: 'sync' } | { t: 'compact'; back: number };
  const cmd: fc.Arbitrary<Cmd> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ t: fc.constant('put' as const), k: fc.integer({ min: 0, max: 4 }) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('del' as const), k: fc.integer({ min: 0, max: 4 }) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('watch' as const), k: fc.integer({ min: 0, max: 4 }), range: fc.boolean(), back: fc.integer({ min: -2, max: 12 }) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('sync' as const) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('compact' as const), back: fc.integer({ min: 0, max: 10 }) }) },
  );

  it('every watcher gets each event of its range from its start revision exactly once, in order, or is cancelled as compacted', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 80 }), (cmds) => {
        const s = new WatchableStore(new MapBackend());
        const log: { key: string; rev: number; type: string }[] = [];
        const watches: { k: string; range: boolean; start: number; got: WatchResponse[] }[] = [];
        for (const c of cmds) {
          if (c.t === 'put') {
            s.put({ key: b(`k${c.k}`), value: b('v') });
            log.push({ key: `k${c.k}`, rev: s.rev(), type: 'PUT' });
          } else if (c.t === 'del') {
            if (s.deleteRange({ key: b(`k${c.k}`) }).deleted > 0) log.push({ key: `k${c.k}`, rev: s.rev(), type: 'DELETE' });
          } else if (c.t === 'watch') {
            const got: WatchResponse[] = [];
            const start = Math.max(0, s.rev() - c.back);
            const req = c.range ? { key: b(`k${c.k}`), rangeEnd: b('l'), startRevision: start } : { key: b(`k${c.k}`), startRevision: start };
            s.newWatchStream((r) => got.push(r)).watch(req);
            watches.push({ k: `k${c.k}`, range: c.range, start: start === 0 ? s.rev() + 1 : start, got });
          } else if (c.t === 'sync') s.syncWatchers();
          else if (s.rev() - c.back > s.compactRevision()) s.compact(s.rev() - c.back);
        }
        sync(s);
        for (const w of watches) {
          const cancelled = w.got.find((r) => r.canceled);
          if (cancelled !== undefined) {
            expect(w.start).toBeLessThan(cancelled.compactRevision);
            continue;
          }
          const want = log.filter((e) => e.rev >= w.start && (w.range ? e.key >= w.k : e.key === w.k)).map((e) => `${e.type} ${e.key}@${e.rev}`);
          const got = w.got.flatMap((r) => r.events.map((e) => `${e.type} ${fromUtf8(e.kv.key)}@${e.kv.modRevision}`));
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('watch: snapshot install', () => {
  it('restoreFrom a newer backend: synced watchers catch up from its history', async () => {
    const leader = new WatchableStore(new MapBackend());
    const follower = new WatchableStore(new MapBackend());
    for (const s of [leader, follower]) s.put({ key: b('k'), value: b('1') });
    const got: WatchResponse[] = [];
    follower.newWatchStream((r) => got.push(r)).watch({ key: b('k') });
    leader.put({ key: b('k'), value: b('2') });
    leader.put({ key: b('other'), value: b('x') });
    leader.put({ key: b('k'), value: b('3') });
    await leader.b.forceCommit();
    follower.restoreFrom((leader.b as MapBackend).reopen());
    expect([follower.rev(), follower.unsyncedCount()]).toEqual([5, 1]);
    sync(follower);
    expect(watchLines(events(got))).toEqual(['PUT', 'k', '2', 'PUT', 'k', '3']);
    follower.put({ key: b('k'), value: b('4') });
    expect(watchLines(events(got)).slice(-3)).toEqual(['PUT', 'k', '4']);
    expect(follower.range({ key: b('k') }).kvs.map(kvLine)).toEqual(['k c2 m6 v4 4']);
  });
});

