import { describe, expect, it } from 'vitest';
import { openBackend } from './bolt-backend';
import { ErrNoSpaceLeft } from './errors';
import { MemoryPageStore } from './memory-page-store';
import type { PageWrite } from './page-store';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);
const k = (i: number): Uint8Array => enc(`k${String(i).padStart(5, '0')}`);

/** A memory store whose device fills up: while `full`, a commit growing it is refused whole. */
class FillingStore extends MemoryPageStore {
  full = false;
  refused = 0;
  override async commit(write: PageWrite): Promise<void> {
    if (this.full && !write.replaceAll) {
      this.refused++;
      throw new ErrNoSpaceLeft('test store is full');
    }
    return super.commit(write);
  }
}

describe('backend: a store out of space', () => {
  it('keeps serving from memory, writes everything once space is back, and reopens at the newest version', async () => {
    const store = new FillingStore();
    const be = await openBackend(store, { pageSize: 512 });
    for (let i = 0; i < 300; i++) be.unsafePut('key', k(i), enc(`v${i}`));
    await be.forceCommit();
    store.full = true;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 300; i += 3) be.unsafePut('key', k(i), enc(`r${round}-${i}`));
      for (let i = 300 + round * 50; i < 350 + round * 50; i++) be.unsafePut('key', k(i), enc(`new${i}`));
      await expect(be.forceCommit()).rejects.toBeInstanceOf(ErrNoSpaceLeft);
      expect(be.hasUnwritten()).toBe(true);
    }
    expect(store.refused).toBe(4);
    // reads see every write; the store still holds the version before the refused commits
    expect(dec(be.unsafeRange('key', k(3), undefined, 0).values[0])).toBe('r3-3');
    be.check();
    const durable = await openBackend({ load: () => store.load(), commit: async () => {}, close: async () => {} });
    expect(durable.stats().keys.key).toBe(300);
    expect(dec(durable.unsafeRange('key', k(3), undefined, 0).values[0])).toBe('v3');

    store.full = false;
    expect(be.maybeCommit(0)).toBeUndefined();
    await be.maybeCommit(1000); // the interval passed: the unwritten commits go out, merged
    expect(be.hasUnwritten()).toBe(false);
    const again = await openBackend(store.crash(), { pageSize: 512 });
    again.check();
    expect(again.stats().keys.key).toBe(500);
    expect(dec(again.unsafeRange('key', k(3), undefined, 0).values[0])).toBe('r3-3');
    expect(dec(again.unsafeRange('key', k(499), undefined, 0).values[0])).toBe('new499');
  });

  it('defrag runs while full: its image replaces what was left unwritten', async () => {
    const store = new FillingStore();
    const be = await openBackend(store, { pageSize: 512 });
    for (let i = 0; i < 400; i++) be.unsafePut('key', k(i), new Uint8Array(40));
    await be.forceCommit();
    store.full = true;
    for (let i = 0; i < 400; i++) if (i % 4) be.unsafeDelete('key', k(i));
    await expect(be.forceCommit()).rejects.toBeInstanceOf(ErrNoSpaceLeft);
    await be.defrag();
    expect(be.hasUnwritten()).toBe(false);
    const again = await openBackend(store.crash(), { pageSize: 512 });
    again.check();
    expect(again.stats().keys.key).toBe(100);
  });
});
