/**
 * Scale bench of the backend (not a test): `npx tsx src/backend/bench.ts [keys]`.
 * Puts N revision-shaped keys (17 bytes, ascending, with unsafeSeqPut like MVCC) and N random
 * keys, commits, ranges, deletes half, defrags, reopens; prints timings and sizes.
 */
import { openBackend, type BoltBackend } from './bolt-backend';
import { MemoryPageStore } from './memory-page-store';

const N = Number(process.argv[2] ?? 100_000);
const VALUE = 100;

function revKey(main: number): Uint8Array {
  const k = new Uint8Array(17);
  const dv = new DataView(k.buffer);
  dv.setBigUint64(0, BigInt(main));
  k[8] = 0x5f; // '_'
  dv.setBigUint64(9, 0n);
  return k;
}

function randKey(i: number): Uint8Array {
  // A fixed permutation of 0..N-1, so the keys arrive in scattered order.
  const x = (i * 2_654_435_761) % 4_294_967_296;
  return new TextEncoder().encode(`/registry/pods/${x.toString(16).padStart(8, '0')}-${i}`);
}

async function time<T>(label: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await f();
  const cpu = process.cpuUsage(c0);
  const wall = (performance.now() - t0).toFixed(1).padStart(8);
  const cpuMs = ((cpu.user + cpu.system) / 1000).toFixed(1).padStart(8);
  console.log(`${label.padEnd(48)} ${wall} ms wall ${cpuMs} ms cpu`);
  return r;
}

function sizes(label: string, be: BoltBackend): void {
  const s = be.stats();
  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(2)} MiB`;
  console.log(
    `  [${label}] txid ${s.txid} dbSize ${mb(s.dbSize)} inUse ${mb(s.dbSizeInUse)} ` +
      `branch ${s.branchPages} leaf ${s.leafPages} overflow ${s.overflowPages} free ${s.freePages} ` +
      `depth(key) ${s.depth.key} keys(key) ${s.keys.key} heap ${mb(process.memoryUsage().heapUsed)}`,
  );
}

async function bench(kind: 'sequential' | 'random'): Promise<void> {
  console.log(`\n== ${N} ${kind} keys, ${VALUE}-byte values, 4096-byte pages ==`);
  const store = new MemoryPageStore();
  let be = await openBackend(store);
  const keys = Array.from({ length: N }, (_, i) => (kind === 'sequential' ? revKey(i) : randKey(i)));
  const key = (i: number): Uint8Array => keys[i]!;
  const value = new Uint8Array(VALUE).fill(0x61);
  await time(`put ${N}`, () => {
    for (let i = 0; i < N; i++) {
      if (kind === 'sequential') be.unsafeSeqPut('key', key(i), value);
      else be.unsafePut('key', key(i), value);
    }
  });
  await time('commit', () => be.forceCommit());
  sizes('after put', be);
  await time(`get ${N} (point reads)`, () => {
    for (let i = 0; i < N; i++) be.unsafeRange('key', key(i), undefined, 0);
  });
  await time('range all', () => be.unsafeRange('key', new Uint8Array([0]), new Uint8Array([0xff]), 0).keys.length);
  await time('range 1000 x limit 100', () => {
    for (let i = 0; i < 1000; i++) be.unsafeRange('key', key((i * 97) % N), new Uint8Array([0xff]), 100);
  });
  await time(`delete ${N / 2} (every other key)`, () => {
    for (let i = 0; i < N; i += 2) be.unsafeDelete('key', key(i));
  });
  await time('commit', () => be.forceCommit());
  sizes('after delete', be);
  await time('update 10,000 keys + commit (reuses free pages)', async () => {
    for (let i = 1; i < 20_000; i += 2) be.unsafePut('key', key(i), value);
    await be.forceCommit();
  });
  sizes('after update', be);
  await time('defrag', () => be.defrag());
  sizes('after defrag', be);
  be = await time('reopen (load + verify every page)', () => openBackend(store));
  sizes('reopened', be);
}

// Optional second argument: `sequential` or `random` to run one half.
if (process.argv[3] !== 'random') await bench('sequential');
if (process.argv[3] !== 'sequential') await bench('random');
