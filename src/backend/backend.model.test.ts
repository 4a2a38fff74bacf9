import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKETS, type BucketName } from './backend';
import { openBackend, type BoltBackend } from './bolt-backend';
import { compareBytes } from './bytes';
import { MemoryPageStore, type CrashMode } from './memory-page-store';

/**
 * Model test: the backend against a sorted map per bucket. Small pages (256 bytes) make a few
 * hundred keys build trees three or four levels deep; big values make multi-page nodes.
 */

type Op =
  | { t: 'put'; b: BucketName; key: Uint8Array; value: Uint8Array }
  | { t: 'seqPut'; b: BucketName; value: Uint8Array }
  | { t: 'putMany'; b: BucketName; prefix: number; n: number; size: number }
  | { t: 'del'; b: BucketName; key: Uint8Array }
  | { t: 'delRange'; b: BucketName; start: Uint8Array; end: Uint8Array }
  | { t: 'range'; b: BucketName; start: Uint8Array; end: Uint8Array | undefined; limit: number }
  | { t: 'commit' }
  | { t: 'maybeCommit'; dtMs: number }
  | { t: 'reopen' }
  | { t: 'crash' }
  | { t: 'crashDuringCommit'; mode: CrashMode }
  | { t: 'defrag' };

type Model = Map<BucketName, Map<string, [Uint8Array, Uint8Array]>>;

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const bucketArb = fc.constantFrom<BucketName>('key', 'key', 'key', 'lease', 'meta');
const keyArb = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }).map((a) => Uint8Array.from(a));
const valueArb = fc.oneof(
  { weight: 12, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 3000 }).map((n) => new Uint8Array(n).fill(n & 0xff)) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 20, arbitrary: fc.record({ t: fc.constant('put' as const), b: bucketArb, key: keyArb, value: valueArb }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('seqPut' as const), b: bucketArb, value: valueArb }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('putMany' as const), b: bucketArb, prefix: fc.integer({ min: 0, max: 5 }), n: fc.integer({ min: 1, max: 200 }), size: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 10, arbitrary: fc.record({ t: fc.constant('del' as const), b: bucketArb, key: keyArb }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('delRange' as const), b: bucketArb, start: keyArb, end: keyArb }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('range' as const), b: bucketArb, start: keyArb, end: fc.option(keyArb, { nil: undefined }), limit: fc.integer({ min: -1, max: 8 }) }) },
  { weight: 4, arbitrary: fc.constant({ t: 'commit' as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('maybeCommit' as const), dtMs: fc.integer({ min: 0, max: 150 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'crash' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('crashDuringCommit' as const), mode: fc.constantFrom<CrashMode>('before-write', 'torn') }) },
  { weight: 1, arbitrary: fc.constant({ t: 'defrag' as const }) },
);

function emptyModel(): Model {
  return new Map(BUCKETS.map((b) => [b, new Map()]));
}

function cloneModel(m: Model): Model {
  return new Map([...m].map(([b, kv]) => [b, new Map(kv)]));
}

function sorted(m: Model, b: BucketName): Array<[Uint8Array, Uint8Array]> {
  return [...m.get(b)!.values()].sort((x, y) => compareBytes(x[0], y[0]));
}

function modelRange(m: Model, b: BucketName, start: Uint8Array, end: Uint8Array | undefined, limit: number): string[] {
  if (end === undefined) {
    const e = m.get(b)!.get(hex(start));
    return e === undefined ? [] : [`${hex(e[0])}=${hex(e[1])}`];
  }
  const out = sorted(m, b)
    .filter(([k]) => compareBytes(k, start) >= 0 && compareBytes(k, end) < 0)
    .map(([k, v]) => `${hex(k)}=${hex(v)}`);
  return limit > 0 ? out.slice(0, limit) : out;
}

function backendRange(be: BoltBackend, b: BucketName, start: Uint8Array, end: Uint8Array | undefined, limit: number): string[] {
  const r = be.unsafeRange(b, start, end, limit);
  return r.keys.map((k, i) => `${hex(k)}=${hex(r.values[i]!)}`);
}

function expectSame(be: BoltBackend, m: Model): void {
  be.check();
  for (const b of BUCKETS) {
    const got: string[] = [];
    be.unsafeForEach(b, (k, v) => got.push(`${hex(k)}=${hex(v)}`));
    expect(got).toEqual(sorted(m, b).map(([k, v]) => `${hex(k)}=${hex(v)}`));
    expect(be.stats().keys[b]).toBe(m.get(b)!.size);
  }
}

async function run(ops: Op[]): Promise<void> {
  const store = new MemoryPageStore();
  const opts = { pageSize: 256, batchLimit: 50, batchIntervalMs: 100 };
  let be = await openBackend(store, opts);
  let model = emptyModel();
  let committed = emptyModel();
  let seq = 0;
  let now = 0;
  const put = (b: BucketName, key: Uint8Array, value: Uint8Array, sequential: boolean): void => {
    if (sequential) be.unsafeSeqPut(b, key, value);
    else be.unsafePut(b, key, value);
    model.get(b)!.set(hex(key), [key, value]);
  };
  for (const op of ops) {
    switch (op.t) {
      case 'put':
        put(op.b, op.key, op.value, false);
        break;
      case 'seqPut':
        put(op.b, Uint8Array.of(9, seq >> 8, seq & 0xff), op.value, true);
        seq++;
        break;
      case 'putMany':
        for (let i = 0; i < op.n; i++) put(op.b, Uint8Array.of(op.prefix, 7, i >> 8, i & 0xff), new Uint8Array(op.size).fill(i & 0xff), false);
        break;
      case 'del':
        be.unsafeDelete(op.b, op.key);
        model.get(op.b)!.delete(hex(op.key));
        break;
      case 'delRange':
        for (const [k] of sorted(model, op.b)) {
          if (compareBytes(k, op.start) >= 0 && compareBytes(k, op.end) < 0) {
            be.unsafeDelete(op.b, k);
            model.get(op.b)!.delete(hex(k));
          }
        }
        break;
      case 'range':
        expect(backendRange(be, op.b, op.start, op.end, op.limit)).toEqual(modelRange(model, op.b, op.start, op.end, op.limit));
        break;
      case 'commit':
        await be.forceCommit();
        committed = cloneModel(model);
        break;
      case 'maybeCommit': {
        now += op.dtMs;
        const p = be.maybeCommit(now);
        if (p !== undefined) {
          await p;
          committed = cloneModel(model);
        }
        expect(be.pending()).toBeLessThan(opts.batchLimit);
        break;
      }
      case 'reopen':
        await be.close();
        committed = cloneModel(model);
        be = await openBackend(store, opts);
        expectSame(be, model);
        break;
      case 'crash':
        // The process dies: what was not committed is lost.
        be = await openBackend(store, opts);
        model = cloneModel(committed);
        expectSame(be, model);
        break;
      case 'crashDuringCommit': {
        // The process dies while the commit is being written: nothing of it survives.
        store.crashNextCommit(op.mode);
        be.unsafePut('meta', Uint8Array.of(1), Uint8Array.of(2)); // make sure there is a commit to tear
        await expect(be.forceCommit()).rejects.toThrow();
        be = await openBackend(store, opts);
        model = cloneModel(committed);
        expectSame(be, model);
        break;
      }
      case 'defrag':
        await be.defrag();
        committed = cloneModel(model);
        expect(be.stats().freePages).toBe(0);
        break;
    }
  }
  expectSame(be, model);
  await be.forceCommit();
  expectSame(await openBackend(store, opts), model);
}

describe('backend model', () => {
  it('matches a sorted map under random puts, deletes, ranges, commits, crashes and reopens', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { maxLength: 80 }), run), { numRuns: Number(process.env.BACKEND_RUNS ?? 200) });
  });

  it('stays consistent when thousands of keys grow and shrink the tree', async () => {
    const ops: Op[] = [];
    for (let p = 0; p < 6; p++) ops.push({ t: 'putMany', b: 'key', prefix: p, n: 400, size: 20 }, { t: 'commit' });
    ops.push({ t: 'range', b: 'key', start: Uint8Array.of(2), end: Uint8Array.of(3), limit: 0 });
    for (let p = 0; p < 6; p++) ops.push({ t: 'delRange', b: 'key', start: Uint8Array.of(p, 7, 0, p * 10), end: Uint8Array.of(p + 1) }, { t: 'maybeCommit', dtMs: 101 });
    ops.push({ t: 'reopen' }, { t: 'defrag' }, { t: 'reopen' });
    await run(ops);
  });
});
