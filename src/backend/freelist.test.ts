import { describe, expect, it } from 'vitest';
import { openBackend } from './bolt-backend';
import { utf8 } from './bytes';
import { Freelist } from './freelist';
import { MemoryPageStore } from './memory-page-store';

const k = (i: number): Uint8Array => utf8(`k${String(i).padStart(6, '0')}`);

describe('freelist', () => {
  it('allocates contiguous runs and keeps released ids pending until the commit', () => {
    const f = new Freelist([9, 3, 4, 5, 12]);
    expect(f.allocate(3)).toBe(3);
    expect(f.allocate(2)).toBe(0);
    f.release(20, 1);
    expect(f.count()).toBe(4);
    expect(f.allocate(1)).toBe(9); // 20 and 21 are pending
    f.releasePending();
    expect(f.allocate(2)).toBe(20);
    expect(f.all()).toEqual([12]);
  });

  it('reuses freed pages: rewriting the same keys does not grow the database', async () => {
    const store = new MemoryPageStore();
    const be = await openBackend(store);
    for (let i = 0; i < 3000; i++) be.unsafePut('key', k(i), new Uint8Array(40));
    await be.forceCommit();
    const sizes: number[] = [];
    for (let round = 0; round < 30; round++) {
      for (let i = round; i < 3000; i += 97) be.unsafePut('key', k(i), new Uint8Array(40).fill(round));
      await be.forceCommit();
      sizes.push(be.stats().highWater);
    }
    // Each commit frees the pages of the one before, and the next one reuses them.
    expect(sizes[29]).toBe(sizes[5]);
    expect(be.stats().freePages).toBeGreaterThan(0);
    be.check();
  });

  it('fills free pages before growing after many deletes', async () => {
    const be = await openBackend(new MemoryPageStore());
    for (let i = 0; i < 4000; i++) be.unsafePut('key', k(i), new Uint8Array(100));
    await be.forceCommit();
    for (let i = 0; i < 4000; i++) if (i % 4 !== 0) be.unsafeDelete('key', k(i));
    await be.forceCommit();
    await be.forceCommit();
    const before = be.stats();
    expect(before.freePages).toBeGreaterThan(50);
    for (let i = 4000; i < 5000; i++) be.unsafePut('key', k(i), new Uint8Array(100));
    await be.forceCommit();
    const after = be.stats();
    expect(after.highWater).toBe(before.highWater);
    expect(after.freePages).toBeLessThan(before.freePages);
  });
});
