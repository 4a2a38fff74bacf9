import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Entry, Snapshot } from '../src/raft';
import { MemoryWalStore } from '../src/server/memory-wal-store';
import { ErrWalCorrupt, type WalBatch } from '../src/server/ports';
import { deleteIdbWalStore, idbWalStoreName, openIdbWalStore } from './idb-wal-store';

let n = 0;
const names: string[] = [];
function freshName(): string {
  const name = idbWalStoreName('test', `m${n++}`);
  names.push(name);
  return name;
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const name of names.splice(0)) await deleteIdbWalStore(name);
});

const ent = (index: number, term: number, text = `e${index}t${term}`): Entry => ({ index, term, type: 'EntryNormal', data: new TextEncoder().encode(text) });
const ents = (from: number, to: number, term: number): Entry[] => Array.from({ length: to - from + 1 }, (_, i) => ent(from + i, term));
const snap = (index: number, term: number): Snapshot => ({
  data: new Uint8Array([index & 255, 1, 2, 3]),
  metadata: { index, term, confState: { voters: [1, 2, 3], learners: [4] } },
});

describe('IdbWalStore', () => {
  it('names the WAL database next to the backend', () => {
    expect(idbWalStoreName('c1', 'infra1')).toBe('etcdscope-c1-infra1-wal');
  });

  it('loads an empty WAL as a zero HardState and no entries', async () => {
    const wal = await openIdbWalStore(freshName());
    expect(await wal.load()).toEqual({ hardState: { term: 0, vote: 0, commit: 0 }, entries: [] });
    await wal.close();
  });

  it('persists entries, HardState and snapshot across a reopen', async () => {
    const name = freshName();
    const wal = await openIdbWalStore(name);
    await wal.save({ hardState: { term: 2, vote: 1, commit: 0 }, entries: ents(1, 3, 1) });
    await wal.save({ hardState: { term: 2, vote: 1, commit: 3 }, entries: ents(4, 6, 2) });
    await wal.close();
    const again = await openIdbWalStore(name);
    const st = await again.load();
    expect(st.hardState).toEqual({ term: 2, vote: 1, commit: 3 });
    expect(st.entries).toEqual([...ents(1, 3, 1), ...ents(4, 6, 2)]);
    expect(st.snapshot).toBeUndefined();
    await again.close();
  });

  it('uses exactly one readwrite transaction per save, one record per append', async () => {
    const wal = await openIdbWalStore(freshName());
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await wal.save({ hardState: { term: 1, vote: 1, commit: 0 }, entries: ents(1, 100, 1) });
    await wal.save({ entries: ents(101, 200, 1), snapshot: snap(50, 1) });
    await wal.save({ hardState: { term: 1, vote: 1, commit: 200 }, entries: [] });
    expect(spy.mock.calls.map((c) => c[1])).toEqual(['readwrite', 'readwrite', 'readwrite']);
    expect(wal.recordCount()).toBe(2);
    await wal.close();
  });

  it('truncates a conflicting suffix, inside a record and across records', async () => {
    const name = freshName();
    const wal = await openIdbWalStore(name);
    await wal.save({ entries: ents(1, 5, 1) });
    await wal.save({ entries: ents(6, 10, 1) });
    await wal.save({ entries: ents(4, 7, 2) });
    expect((await wal.load()).entries).toEqual([...ents(1, 3, 1), ...ents(4, 7, 2)]);
    await wal.close();
    const again = await openIdbWalStore(name);
    expect((await again.load()).entries).toEqual([...ents(1, 3, 1), ...ents(4, 7, 2)]);
    await again.save({ entries: ents(8, 8, 3) });
    expect((await again.load()).entries.map((e) => [e.index, e.term])).toEqual([[1, 1], [2, 1], [3, 1], [4, 2], [5, 2], [6, 2], [7, 2], [8, 3]]);
    await again.close();
  });

  it('drops entries covered by a snapshot and compacts below an index', async () => {
    const wal = await openIdbWalStore(freshName());
    await wal.save({ entries: ents(1, 5, 1) });
    await wal.save({ entries: ents(6, 10, 1) });
    await wal.save({ entries: [], snapshot: snap(5, 1) });
    expect(wal.recordCount()).toBe(1);
    const st = await wal.load();
    expect(st.snapshot).toEqual(snap(5, 1));
    expect(st.entries).toEqual(ents(6, 10, 1));
    await wal.compact(8);
    expect((await wal.load()).entries).toEqual(ents(8, 10, 1));
    await wal.compact(11);
    expect(wal.recordCount()).toBe(0);
    expect((await wal.load()).entries).toEqual([]);
  });

  it('ignores a snapshot older than the one it has', async () => {
    const wal = await openIdbWalStore(freshName());
    await wal.save({ entries: ents(1, 10, 1), snapshot: snap(8, 1) });
    await wal.save({ entries: [], snapshot: snap(4, 1) });
    expect((await wal.load()).snapshot?.metadata.index).toBe(8);
  });

  it('throws ErrWalCorrupt on a flipped bit in a record', async () => {
    const name = freshName();
    const wal = await openIdbWalStore(name);
    await wal.save({ hardState: { term: 1, vote: 1, commit: 1 }, entries: ents(1, 3, 1) });
    await wal.save({ entries: ents(4, 6, 1) });
    await wal.close();
    const raw = await openDB(name);
    const rec = (await raw.get('records', 4)) as Uint8Array;
    rec[rec.length - 2] ^= 0x10;
    await raw.put('records', rec, 4);
    raw.close();
    const again = await openIdbWalStore(name);
    await expect(again.load()).rejects.toThrow(ErrWalCorrupt);
    await expect(again.load()).rejects.toThrow('wal: entries record at index 4: crc mismatch');
    await again.close();
  });

  it('throws ErrWalCorrupt on a torn (short) record and on a corrupt HardState', async () => {
    const name = freshName();
    const wal = await openIdbWalStore(name);
    await wal.save({ hardState: { term: 1, vote: 1, commit: 1 }, entries: ents(1, 3, 1) });
    await wal.close();
    const raw = await openDB(name);
    const rec = (await raw.get('records', 1)) as Uint8Array;
    await raw.put('records', rec.slice(0, rec.length - 5), 1);
    raw.close();
    await expect((await openIdbWalStore(name)).load()).rejects.toThrow(ErrWalCorrupt);
    await expect((await openIdbWalStore(name)).load()).rejects.toThrow('wal: entries record at index 1: crc mismatch');

    const name2 = freshName();
    const wal2 = await openIdbWalStore(name2);
    await wal2.save({ hardState: { term: 1, vote: 1, commit: 1 }, entries: [] });
    await wal2.close();
    const raw2 = await openDB(name2);
    const hs = (await raw2.get('meta', 'hardState')) as Uint8Array;
    hs[6] ^= 1;
    await raw2.put('meta', hs, 'hardState');
    raw2.close();
    await expect((await openIdbWalStore(name2)).load()).rejects.toThrow('wal: hardstate record: crc mismatch');
  });

  it('throws ErrWalCorrupt on a gap (a lost record in the middle)', async () => {
    const name = freshName();
    const wal = await openIdbWalStore(name);
    await wal.save({ entries: ents(1, 3, 1) });
    await wal.save({ entries: ents(4, 6, 1) });
    await wal.save({ entries: ents(7, 9, 1) });
    await wal.close();
    const raw = await openDB(name);
    await raw.delete('records', 4);
    raw.close();
    await expect((await openIdbWalStore(name)).load()).rejects.toThrow('wal: missing entries 4..6');
  });

  it('a save that never committed leaves the previous state (aborted transaction)', async () => {
    const name = freshName();
    const wal = await openIdbWalStore(name);
    await wal.save({ hardState: { term: 1, vote: 1, commit: 2 }, entries: ents(1, 2, 1) });
    const orig = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const req = orig.call(this, value, key);
      if (this.name === 'meta') this.transaction.abort();
      return req;
    });
    await expect(wal.save({ hardState: { term: 2, vote: 2, commit: 2 }, entries: ents(3, 4, 2) })).rejects.toBeTruthy();
    vi.restoreAllMocks();
    await wal.close();
    const st = await (await openIdbWalStore(name)).load();
    expect(st.hardState).toEqual({ term: 1, vote: 1, commit: 2 });
    expect(st.entries).toEqual(ents(1, 2, 1));
  });

  it('behaves like MemoryWalStore on random histories, across reopens', async () => {
    type Op = { kind: 'append'; back: number; len: number } | { kind: 'snap'; back: number } | { kind: 'compact'; back: number } | { kind: 'reopen' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('append' as const), back: fc.nat(4), len: fc.integer({ min: 1, max: 5 }) }), weight: 5 },
      fc.record({ kind: fc.constant('snap' as const), back: fc.nat(6) }),
      fc.record({ kind: fc.constant('compact' as const), back: fc.nat(6) }),
      fc.record({ kind: fc.constant('reopen' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const name = freshName();
        let wal = await openIdbWalStore(name);
        const model = new MemoryWalStore();
        let term = 1;
        let last = 0;
        let snapIndex = 0;
        let floor = 0;
        for (const o of ops) {
          if (o.kind === 'reopen') {
            await wal.close();
            wal = await openIdbWalStore(name);
            continue;
          }
          if (o.kind === 'compact') {
            const idx = Math.max(1, last - o.back);
            floor = Math.max(floor, idx);
            await wal.compact(idx);
            await model.compact(idx);
            continue;
          }
          let batch: WalBatch;
          if (o.kind === 'snap') {
            const idx = Math.max(0, last - o.back);
            if (idx <= snapIndex) continue;
            snapIndex = idx;
            batch = { entries: [], snapshot: snap(idx, term) };
          } else {
            term++;
            // Raft never rewrites at or below what it compacted or snapshotted.
            const first = Math.max(snapIndex + 1, floor + 1, last + 1 - o.back);
            last = first + o.len - 1;
            batch = { hardState: { term, vote: 1, commit: Math.min(snapIndex, last) }, entries: ents(first, last, term) };
          }
          await wal.save(batch);
          await model.save(batch);
        }
        const [got, want] = [await wal.load(), await model.load()];
        await wal.close();
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });
});
