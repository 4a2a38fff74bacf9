import { describe, expect, it } from 'vitest';
import { BUCKETS } from './backend';
import { openBackend } from './bolt-backend';
import { utf8 } from './bytes';
import { ErrDatabaseNotOpen } from './errors';
import type { BackendEvent } from './events';
import { MemoryPageStore } from './memory-page-store';

const k = (i: number): Uint8Array => utf8(`k${String(i).padStart(6, '0')}`);
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

describe('backend', () => {
  it('creates every bucket on open and commits them as txid 1', async () => {
    const store = new MemoryPageStore();
    const be = await openBackend(store);
    const s = be.stats();
    expect(s.txid).toBe(1);
    expect(store.commits).toBe(1);
    expect(Object.keys(s.keys).sort()).toEqual([...BUCKETS].sort());
    expect(s.leafPages).toBe(BUCKETS.length + 1); // one per bucket + the root bucket
    expect(s.dbSize).toBe(s.highWater * 4096);
  });

  it('reads see the write buffer before the commit', async () => {
    const be = await openBackend(new MemoryPageStore());
    const tx = be.batchTx();
    tx.unsafePut('key', utf8('a'), utf8('1'));
    tx.unsafePut('key', utf8('b'), utf8('2'));
    tx.unsafePut('key', utf8('c'), utf8('3'));
    tx.unsafePut('meta', utf8('consistent_index'), utf8('7'));
    expect(tx.pending()).toBe(4);
    const r = be.readTx();
    expect(r.unsafeRange('key', utf8('b'), undefined, 0).values.map(text)).toEqual(['2']);
    expect(r.unsafeRange('key', utf8('b'), new Uint8Array(0), 0).values.map(text)).toEqual(['2']);
    expect(r.unsafeRange('key', utf8('zz'), undefined, 0).keys).toEqual([]);
    expect(r.unsafeRange('key', utf8('a'), utf8('c'), 0).keys.map(text)).toEqual(['a', 'b']);
    expect(r.unsafeRange('key', utf8('a'), utf8('z'), 2).keys.map(text)).toEqual(['a', 'b']);
    expect(r.unsafeRange('key', utf8('a'), utf8('z'), -1).keys.map(text)).toEqual(['a', 'b', 'c']);
    tx.unsafeDelete('key', utf8('b'));
    tx.unsafeDelete('key', utf8('missing'));
    const seen: string[] = [];
    r.unsafeForEach('key', (key, v) => seen.push(`${text(key)}=${text(v)}`));
    expect(seen).toEqual(['a=1', 'c=3']);
    expect(r.unsafeRange('meta', utf8('consistent_index'), undefined, 0).values.map(text)).toEqual(['7']);
  });

  it('copies the bytes it is given', async () => {
    const be = await openBackend(new MemoryPageStore());
    const key = utf8('a');
    const value = utf8('1');
    be.unsafePut('key', key, value);
    key[0] = 0x7a;
    value[0] = 0x39;
    expect(text(be.unsafeRange('key', utf8('a'), undefined, 0).values[0])).toBe('1');
  });

  it('maybeCommit commits at the batch limit or after the interval, as the host drives it', async () => {
    const store = new MemoryPageStore();
    const be = await openBackend(store, { batchLimit: 5, batchIntervalMs: 100 });
    expect(be.maybeCommit(1000)).toBeUndefined(); // starts the clock
    be.unsafePut('key', k(1), utf8('x'));
    expect(be.maybeCommit(1050)).toBeUndefined();
    await be.maybeCommit(1100);
    expect(be.stats().txid).toBe(2);
    expect(be.pending()).toBe(0);
    for (let i = 0; i < 5; i++) be.unsafePut('key', k(i), utf8('y'));
    await be.maybeCommit(1101); // limit reached, interval not
    expect(be.stats().txid).toBe(3);
    expect(be.maybeCommit(5000)).toBeUndefined(); // nothing pending: an idle tick
    be.unsafePut('key', k(9), utf8('z'));
    expect(be.maybeCommit(5050)).toBeUndefined();
    expect(be.maybeCommit(5100)).toBeDefined();
    expect(store.commits).toBe(3);
    await be.close();
    expect(store.commits).toBe(4);
  });

  it('serialises commits: back-to-back commits reach the store in order', async () => {
    const store = new MemoryPageStore();
    const be = await openBackend(store);
    be.unsafePut('key', k(1), utf8('a'));
    const p1 = be.forceCommit();
    be.unsafePut('key', k(1), utf8('b'));
    const p2 = be.forceCommit();
    const p3 = be.forceCommit(); // nothing new: resolves with the chain
    await Promise.all([p1, p2, p3]);
    expect(store.commits).toBe(3);
    const again = await openBackend(store);
    expect(text(again.unsafeRange('key', k(1), undefined, 0).values[0])).toBe('b');
    expect(again.stats().txid).toBe(3);
  });

  it('reports splits, merges and commits', async () => {
    const events: BackendEvent[] = [];
    const be = await openBackend(new MemoryPageStore(), { pageSize: 256, listener: (e) => events.push(e) });
    for (let i = 0; i < 200; i++) be.unsafePut('key', k(i), utf8('value'));
    expect(events.some((e) => e.type === 'split' && e.newRoot && e.bucket === 'key')).toBe(true);
    await be.forceCommit();
    const commit = events.find((e) => e.type === 'commit' && e.txid === 2);
    expect(commit).toMatchObject({ type: 'commit', txid: 2 });
    if (commit?.type !== 'commit') throw new Error('no commit event');
    expect(commit.pagesWritten).toBeGreaterThan(10);
    expect(commit.bytes).toBe(commit.pagesWritten * 256);
    for (let i = 0; i < 200; i++) be.unsafeDelete('key', k(i));
    expect(events.some((e) => e.type === 'merge')).toBe(true);
    expect(be.stats().depth.key).toBe(1);
    be.check();
  });

  it('sequential puts pack leaves fuller than random ones', async () => {
    const seq = await openBackend(new MemoryPageStore());
    const rnd = await openBackend(new MemoryPageStore());
    const order = Array.from({ length: 5000 }, (_, i) => i);
    const shuffled = order.map((i) => (i * 7919) % 5000);
    for (const i of order) seq.unsafeSeqPut('key', k(i), new Uint8Array(50));
    for (const i of shuffled) rnd.unsafePut('key', k(i), new Uint8Array(50));
    await seq.forceCommit();
    await rnd.forceCommit();
    expect(seq.stats().leafPages).toBeLessThan(rnd.stats().leafPages * 0.75);
  });

  it('stores values larger than a page on overflow pages', async () => {
    const store = new MemoryPageStore();
    const be = await openBackend(store, { pageSize: 1024 });
    const big = new Uint8Array(10_000).map((_, i) => i & 0xff);
    be.unsafePut('key', utf8('big'), big);
    be.unsafePut('key', utf8('small'), utf8('s'));
    await be.forceCommit();
    expect(be.stats().overflowPages).toBeGreaterThanOrEqual(9);
    const again = await openBackend(store);
    expect(again.unsafeRange('key', utf8('big'), undefined, 0).values[0]).toEqual(big);
    again.check();
  });

  it('describes a bucket tree for the B+tree view, dirty nodes included', async () => {
    const be = await openBackend(new MemoryPageStore(), { pageSize: 512 });
    for (let i = 0; i < 500; i++) be.unsafePut('key', k(i), utf8('v'));
    await be.forceCommit();
    be.unsafePut('key', k(1000), utf8('new'));
    const root = be.describe('key');
    expect(root.kind).toBe('branch');
    expect(root.pgid).toBeUndefined(); // on the path of the uncommitted put
    const leaves: number[] = [];
    const walk = (p: typeof root): void => {
      if (p.kind === 'leaf') leaves.push(p.count);
      p.children?.forEach(walk);
    };
    walk(root);
    expect(leaves.reduce((a, b) => a + b, 0)).toBe(501);
    expect(leaves.length).toBe(be.stats().leafPages - 7); // six other buckets and the root bucket
    expect(be.describe('key', 1).children).toBeUndefined();
    expect(new TextDecoder().decode(root.firstKey)).toBe('k000000');
  });

  it('refuses work after close', async () => {
    const be = await openBackend(new MemoryPageStore());
    await be.close();
    expect(() => be.unsafeRange('key', utf8('a'), undefined, 0)).toThrow(ErrDatabaseNotOpen);
    await expect(be.forceCommit()).rejects.toBeInstanceOf(ErrDatabaseNotOpen);
  });
});
