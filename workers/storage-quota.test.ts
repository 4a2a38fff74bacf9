import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackend } from '../src/backend/bolt-backend';
import { ErrNoSpaceLeft } from '../src/server/ports';
import { deleteIdbPageStore, idbPageStoreName, openIdbPageStore } from './idb-page-store';
import { deleteIdbWalStore, idbWalStoreName, openIdbWalStore } from './idb-wal-store';
import { noSpaceOr, SizeTable, StorageBudget } from './storage-quota';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const names: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const d of names.splice(0)) await d();
});

describe('storage quota', () => {
  it('maps any error named QuotaExceededError to ErrNoSpaceLeft, others unchanged', () => {
    const mapped = noSpaceOr(new DOMException('full', 'QuotaExceededError'), 'db1');
    expect(mapped).toBeInstanceOf(ErrNoSpaceLeft);
    expect((mapped as Error).message).toBe('no space left on device: db1: QuotaExceededError: full');
    const other = new DOMException('x', 'AbortError');
    expect(noSpaceOr(other, 'db1')).toBe(other);
  });

  it('SizeTable charges net bytes: replacing, deleting and clearing give space back', () => {
    const budget = new StorageBudget(100);
    const t = new SizeTable<string>(budget);
    t.reset([['a', 40]]);
    expect(budget.used).toBe(40);
    t.plan([['a', 70], ['b', 20]])();
    expect(budget.used).toBe(90);
    expect(() => t.plan([['c', 20]])).toThrow(expect.objectContaining({ name: 'QuotaExceededError' }));
    t.plan([['a', undefined]])();
    expect(budget.used).toBe(20);
    t.plan([['d', 60]], true)();
    expect(budget.used).toBe(60);
  });

  it('a full budget refuses a backend commit and a WAL save whole; the stores keep their last version', async () => {
    const budget = new StorageBudget(64 * 1024);
    const pagesName = idbPageStoreName('quota', 'm1');
    const walName = idbWalStoreName('quota', 'm1');
    names.push(() => deleteIdbPageStore(pagesName), () => deleteIdbWalStore(walName));
    const be = await openBackend(await openIdbPageStore(pagesName, { budget }));
    const wal = await openIdbWalStore(walName, { budget });
    await wal.load();
    be.unsafePut('key', enc('a'), enc('1'));
    await be.forceCommit();
    await wal.save({ hardState: { term: 1, vote: 1, commit: 0 }, entries: [{ index: 1, term: 1, type: 'EntryNormal', data: enc('e1') }] });
    for (let i = 0; i < 40; i++) be.unsafePut('key', enc(`big${i}`), new Uint8Array(2000));
    await expect(be.forceCommit()).rejects.toBeInstanceOf(ErrNoSpaceLeft);
    await expect(wal.save({ entries: [{ index: 2, term: 1, type: 'EntryNormal', data: new Uint8Array(70_000) }] })).rejects.toBeInstanceOf(ErrNoSpaceLeft);
    // a small record still fits
    await wal.save({ hardState: { term: 1, vote: 1, commit: 1 }, entries: [] });
    await wal.close();
    const again = await openBackend(await openIdbPageStore(pagesName));
    expect(again.stats().keys.key).toBe(1);
    await again.close();
    const st = await (await openIdbWalStore(walName)).load();
    expect(st.entries.map((e) => e.index)).toEqual([1]);
    expect(st.hardState.commit).toBe(1);
  });
});
