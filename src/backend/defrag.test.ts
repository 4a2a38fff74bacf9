import { describe, expect, it } from 'vitest';
import { openBackend } from './bolt-backend';
import { utf8 } from './bytes';
import type { BackendEvent } from './events';
import { MemoryPageStore } from './memory-page-store';

const k = (i: number): Uint8Array => utf8(`k${String(i).padStart(6, '0')}`);

describe('defrag', () => {
  it('shrinks the database after many deletes and keeps every key', async () => {
    const store = new MemoryPageStore();
    const events: BackendEvent[] = [];
    const be = await openBackend(store, { listener: (e) => events.push(e) });
    for (let i = 0; i < 20_000; i++) be.unsafePut('key', k(i), new Uint8Array(60).fill(i & 0xff));
    be.unsafePut('lease', utf8('lease1'), utf8('ttl'));
    await be.forceCommit();
    for (let i = 0; i < 20_000; i++) if (i % 10 !== 0) be.unsafeDelete('key', k(i));
    be.unsafePut('key', k(5), utf8('pending before defrag'));
    await be.forceCommit();
    const before = be.stats();

    await be.defrag();
    const after = be.stats();
    expect(after.dbSize).toBeLessThan(before.dbSize / 4);
    expect(after.freePages).toBe(0);
    expect(after.dbSizeInUse).toBe(after.dbSize);
    expect(after.keys.key).toBe(2001);
    expect(after.txid).toBe(before.txid + 1);
    const ev = events.find((e) => e.type === 'defrag');
    expect(ev).toMatchObject({ type: 'defrag', before: { dbSize: before.dbSize }, after: { dbSize: after.dbSize } });
    // The store dropped every old page: only the compact image is left.
    expect(store.storedPageIds().at(-1)!).toBeLessThan(after.highWater);
    be.check();

    const again = await openBackend(store);
    again.check();
    expect(again.stats().dbSize).toBe(after.dbSize);
    let n = 0;
    again.unsafeForEach('key', () => n++);
    expect(n).toBe(2001);
    expect(new TextDecoder().decode(again.unsafeRange('key', k(5), undefined, 0).values[0])).toBe('pending before defrag');
    expect(again.unsafeRange('lease', utf8('lease1'), undefined, 0).keys).toHaveLength(1);

    // Writes after a defrag work as before.
    again.unsafePut('key', k(1), utf8('x'));
    await again.forceCommit();
    again.check();
  });

  it('survives a crash during its store write', async () => {
    const store = new MemoryPageStore();
    const be = await openBackend(store);
    for (let i = 0; i < 2000; i++) be.unsafePut('key', k(i), new Uint8Array(30));
    await be.forceCommit();
    store.crashNextCommit('before-write');
    await expect(be.defrag()).rejects.toThrow();
    const again = await openBackend(store);
    again.check();
    expect(again.stats().keys.key).toBe(2000);
  });
});
