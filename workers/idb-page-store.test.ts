import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openBackend } from '../src/backend/bolt-backend';
import { ErrCommitFailed } from '../src/backend/errors';
import { deleteIdbPageStore, idbPageStoreName, openIdbPageStore } from './idb-page-store';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);
const k = (i: number): Uint8Array => enc(`k${String(i).padStart(6, '0')}`);

let n = 0;
const names: string[] = [];
function freshName(): string {
  const name = idbPageStoreName('test', `m${n++}`);
  names.push(name);
  return name;
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const name of names.splice(0)) await deleteIdbPageStore(name);
});

describe('IdbPageStore', () => {
  it('names one database per member', () => {
    expect(idbPageStoreName('c1', 'infra1')).toBe('etcdscope-c1-infra1');
  });

  it('writes, closes, reopens and reads the same data', async () => {
    const name = freshName();
    const be = await openBackend(await openIdbPageStore(name));
    for (let i = 0; i < 3000; i++) be.unsafePut('key', k(i), enc(`value-${i}`));
    be.unsafePut('meta', enc('consistent_index'), enc('42'));
    await be.forceCommit();
    for (let i = 0; i < 3000; i += 2) be.unsafeDelete('key', k(i));
    const stats = be.stats();
    await be.close();

    const again = await openBackend(await openIdbPageStore(name));
    again.check();
    expect(again.stats().txid).toBe(stats.txid + 1);
    expect(again.stats().keys.key).toBe(1500);
    expect(dec(again.unsafeRange('key', k(7), undefined, 0).values[0])).toBe('value-7');
    expect(again.unsafeRange('key', k(8), undefined, 0).keys).toHaveLength(0);
    expect(dec(again.unsafeRange('meta', enc('consistent_index'), undefined, 0).values[0])).toBe('42');
    await again.close();
  });

  it('uses exactly one readwrite transaction per commit', async () => {
    const name = freshName();
    const store = await openIdbPageStore(name);
    const be = await openBackend(store);
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 500; i++) be.unsafePut('key', k(c * 500 + i), enc('v'));
      await be.forceCommit();
    }
    const modes = spy.mock.calls.map((call) => call[1]);
    expect(modes).toEqual(['readwrite', 'readwrite', 'readwrite']);
    expect(spy.mock.calls[0]![0]).toEqual(['pages', 'meta']);
    await be.close();
  });

  it('a commit aborted before its transaction completes leaves the previous state', async () => {
    const name = freshName();
    const store = await openIdbPageStore(name);
    const be = await openBackend(store);
    for (let i = 0; i < 1000; i++) be.unsafePut('key', k(i), enc('old'));
    await be.forceCommit();
    for (let i = 0; i < 1000; i++) be.unsafePut('key', k(i), enc('new'));
    for (let i = 1000; i < 2000; i++) be.unsafePut('key', k(i), enc('new'));
    store.crashNextCommit();
    await expect(be.forceCommit()).rejects.toBeInstanceOf(ErrCommitFailed);
    await store.close();

    const again = await openBackend(await openIdbPageStore(name));
    again.check();
    expect(again.stats().keys.key).toBe(1000);
    expect(dec(again.unsafeRange('key', k(500), undefined, 0).values[0])).toBe('old');
    expect(again.recovered).toBeUndefined();
    await again.close();
  });

  it('defrag replaces the stored pages with the compact image', async () => {
    const name = freshName();
    const be = await openBackend(await openIdbPageStore(name));
    for (let i = 0; i < 5000; i++) be.unsafePut('key', k(i), new Uint8Array(50));
    await be.forceCommit();
    for (let i = 0; i < 5000; i++) if (i % 10) be.unsafeDelete('key', k(i));
    await be.forceCommit();
    const before = be.stats().dbSize;
    await be.defrag();
    const after = be.stats();
    expect(after.dbSize).toBeLessThan(before / 4);
    await be.close();

    const store = await openIdbPageStore(name);
    const stored = await store.load();
    expect(Math.max(...stored.pages.keys())).toBeLessThan(after.highWater);
    const again = await openBackend(store);
    expect(again.stats().keys.key).toBe(500);
    again.check();
    await again.close();
  });
});
