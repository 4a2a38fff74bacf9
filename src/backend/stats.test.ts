import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openBackend } from './bolt-backend';
import { MemoryPageStore } from './memory-page-store';
import { loadNewest } from './load';

/**
 * stats() no longer walks the pages: the page cache keeps the counts as pages come and go. After
 * random puts, deletes, commits, defrags and reopens, the kept counts must equal a fresh walk
 * (`check()` compares them) and the sizes must equal what the committed version on the page store
 * holds.
 */
type Op = { t: 'put'; key: number; size: number } | { t: 'del'; key: number } | { t: 'commit' } | { t: 'defrag' } | { t: 'reopen' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ t: fc.constant('put' as const), key: fc.integer({ min: 0, max: 400 }), size: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 200, max: 1500 })) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('del' as const), key: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 3, arbitrary: fc.constant({ t: 'commit' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'defrag' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'reopen' as const }) },
);

const keyOf = (k: number): Uint8Array => Uint8Array.of(k >> 8, k & 0xff);

describe('incremental backend stats', () => {
  it('equal a walk of every page after random operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 120 }), async (ops) => {
        const store = new MemoryPageStore();
        const opts = { pageSize: 256, batchLimit: 1_000_000 };
        let be = await openBackend(store, opts);
        for (const op of ops) {
          if (op.t === 'put') be.unsafePut('key', keyOf(op.key), new Uint8Array(op.size).fill(op.key & 0xff));
          else if (op.t === 'del') be.unsafeDelete('key', keyOf(op.key));
          else if (op.t === 'commit') await be.forceCommit();
          else if (op.t === 'defrag') await be.defrag();
          else {
            await be.close();
            be = await openBackend(store, opts);
          }
          be.check();
        }
        await be.forceCommit();
        be.check();
        const st = be.stats();
        const v = loadNewest(await store.load()).version!;
        const used = 2 + st.branchPages + st.leafPages + st.overflowPages + st.freelistPages;
        expect(st.dbSize).toBe(v.meta.highWater * st.pageSize);
        expect(st.dbSizeInUse).toBe(used * st.pageSize);
        expect(st.freePages).toBe(v.free.length);
        expect(used + st.freePages).toBe(v.meta.highWater);
      }),
      { numRuns: 60 },
    );
  });
});
