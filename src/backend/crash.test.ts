import { describe, expect, it, vi } from 'vitest';
import { openBackend } from './bolt-backend';
import { utf8 } from './bytes';
import { ErrCommitFailed, ErrCorrupt } from './errors';
import type { BackendEvent } from './events';
import { MemoryPageStore } from './memory-page-store';
import type { PageWrite } from './page-store';

/** Crash safety: an interrupted commit leaves the previous committed state; corruption is detected. */

const k = (i: number): Uint8Array => utf8(`k${String(i).padStart(5, '0')}`);
const opts = { pageSize: 512 };

async function seeded(n: number): Promise<{ store: MemoryPageStore; writes: PageWrite[] }> {
  const store = new MemoryPageStore();
  const writes: PageWrite[] = [];
  const commit = store.commit.bind(store);
  vi.spyOn(store, 'commit').mockImplementation((w) => {
    writes.push(w);
    return commit(w);
  });
  const be = await openBackend(store, opts);
  for (let i = 0; i < n; i++) be.unsafePut('key', k(i), utf8(`v${i}`));
  await be.forceCommit();
  return { store, writes };
}

function keysOf(be: { unsafeForEach: (b: 'key', f: (k: Uint8Array) => void) => void }): number {
  let n = 0;
  be.unsafeForEach('key', () => n++);
  return n;
}

describe('crash during commit', () => {
  it('a commit interrupted before the store write leaves the previous state', async () => {
    const { store } = await seeded(300);
    const be = await openBackend(store, opts);
    for (let i = 300; i < 600; i++) be.unsafePut('key', k(i), utf8('new'));
    be.unsafeDelete('key', k(0));
    store.crashNextCommit('before-write');
    await expect(be.forceCommit()).rejects.toBeInstanceOf(ErrCommitFailed);
    // The in-memory tree is ahead of the store: the backend refuses further work.
    expect(() => be.unsafePut('key', k(1), utf8('x'))).toThrow(ErrCommitFailed);
    await expect(be.forceCommit()).rejects.toBeInstanceOf(ErrCommitFailed);

    const reopened = await openBackend(store, opts);
    reopened.check();
    expect(keysOf(reopened)).toBe(300);
    expect(reopened.unsafeRange('key', k(0), undefined, 0).values.map((v) => new TextDecoder().decode(v))).toEqual(['v0']);
    expect(reopened.recovered).toBeUndefined();
  });

  it('crash() kills a commit in flight; the restarted store holds the previous state', async () => {
    const { store } = await seeded(100);
    const be = await openBackend(store, opts);
    be.unsafePut('key', k(500), utf8('in flight'));
    const inFlight = be.forceCommit();
    const restarted = store.crash();
    await expect(inFlight).rejects.toBeInstanceOf(ErrCommitFailed);
    const again = await openBackend(restarted, opts);
    again.check();
    expect(keysOf(again)).toBe(100);
    again.unsafePut('key', k(501), utf8('after restart'));
    await again.forceCommit();
    expect(keysOf(await openBackend(restarted, opts))).toBe(101);
  });

  it('later commits queued behind a failed one never reach the store', async () => {
    const { store } = await seeded(10);
    const be = await openBackend(store, opts);
    const before = store.commits;
    be.unsafePut('key', k(100), utf8('a'));
    store.crashNextCommit('before-write');
    const first = be.forceCommit();
    await expect(first).rejects.toBeInstanceOf(ErrCommitFailed);
    expect(store.commits).toBe(before);
    const reopened = await openBackend(store, opts);
    expect(reopened.unsafeRange('key', k(100), undefined, 0).keys).toHaveLength(0);
  });

  it('a torn write (half the pages, a corrupt meta) is detected and the previous meta is used', async () => {
    const { store } = await seeded(300);
    const be = await openBackend(store, opts);
    const txid = be.stats().txid;
    for (let i = 0; i < 300; i += 3) be.unsafeDelete('key', k(i));
    for (let i = 300; i < 500; i++) be.unsafePut('key', k(i), utf8('new'));
    store.crashNextCommit('torn');
    await expect(be.forceCommit()).rejects.toBeInstanceOf(ErrCommitFailed);

    const events: BackendEvent[] = [];
    const reopened = await openBackend(store, { ...opts, listener: (e) => events.push(e) });
    reopened.check();
    expect(reopened.stats().txid).toBe(txid);
    expect(keysOf(reopened)).toBe(300);
    expect(reopened.recovered).toMatch(/checksum error/);
    expect(events.filter((e) => e.type === 'recover')).toHaveLength(1);

    // Work continues from the recovered version: the next commit overwrites the torn slot.
    reopened.unsafePut('key', k(999), utf8('after'));
    await reopened.forceCommit();
    const again = await openBackend(store, opts);
    expect(again.recovered).toBeUndefined();
    expect(keysOf(again)).toBe(301);
  });

  it('a corrupt page of the newest version falls back to the previous meta', async () => {
    const { store, writes } = await seeded(200);
    const be = await openBackend(store, opts);
    be.unsafePut('key', k(5), utf8('changed'));
    await be.forceCommit();
    const last = writes[writes.length - 1]!;
    store.corruptPage(last.pages[0]![0]);

    const reopened = await openBackend(store, opts);
    expect(reopened.recovered).toMatch(/checksum error/);
    expect(new TextDecoder().decode(reopened.unsafeRange('key', k(5), undefined, 0).values[0])).toBe('v5');
  });

  it('reports clearly when no meta is usable', async () => {
    const { store } = await seeded(50);
    const be = await openBackend(store, opts);
    be.unsafePut('key', k(1), utf8('x'));
    await be.forceCommit();
    store.corruptMeta(0);
    store.corruptMeta(1);
    await expect(openBackend(store, opts)).rejects.toThrow(/invalid database: no usable meta: meta: invalid database: checksum error/);
  });

  it('reports clearly when a page both versions need is corrupt', async () => {
    const { store, writes } = await seeded(200);
    const be = await openBackend(store, opts);
    be.unsafePut('lease', utf8('l'), utf8('1'));
    await be.forceCommit();
    // A leaf of the key bucket written by the first commit and untouched since.
    const leaf = writes[1]!.pages[0]![0];
    store.corruptPage(leaf);
    await expect(openBackend(store, opts)).rejects.toBeInstanceOf(ErrCorrupt);
    await expect(openBackend(store, opts)).rejects.toThrow(`page ${leaf}: checksum error`);
  });
});
