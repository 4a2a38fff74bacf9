/**
 * Scale benchmark (not a test): `npx tsx src/mvcc/bench.ts [keys] [revsPerKey] [map]`.
 * Writes `keys` keys x `revsPerKey` revisions, compacts half the history, ranges prefixes at the
 * head and at an old revision, hashes, reopens (restore), and catches a watcher up from history.
 * Default: 100,000 x 10 on the real backend (bbolt-like B+tree over a memory page store).
 */
import type { Backend } from '../backend/backend';
import { MemoryPageStore, openBackend } from '../backend';
import { prefixRangeEnd, utf8 } from './bytes';
import { MapBackend } from './testing/map-backend';
import { WatchableStore } from './watchable-store';

const KEYS = Number(process.argv[2] ?? 100_000);
const REVS = Number(process.argv[3] ?? 10);
const USE_MAP = process.argv[4] === 'map';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
function mem(label: string): void {
  const m = process.memoryUsage();
  console.log(`  memory ${label}: heapUsed ${mb(m.heapUsed)}, rss ${mb(m.rss)}, arrayBuffers ${mb(m.arrayBuffers)}`);
}
async function timed<T>(label: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms`);
  return r;
}
const key = (i: number) => utf8(`key-${String(i).padStart(6, '0')}`);

async function main(): Promise<void> {
  const pageStore = new MemoryPageStore();
  const mapBackend = new MapBackend();
  const openBe = async (): Promise<Backend> => (USE_MAP ? mapBackend.reopen() : openBackend(pageStore));
  let be: Backend = USE_MAP ? mapBackend : await openBackend(pageStore);
  console.log(`MVCC bench: ${KEYS} keys x ${REVS} revisions on ${USE_MAP ? 'the map test double' : 'the bbolt-like backend (MemoryPageStore)'}`);
  mem('start');
  let s = new WatchableStore(be);
  const value = utf8('v'.repeat(32));
  await timed(`put ${KEYS * REVS} revisions (commit every 10,000 writes)`, async () => {
    for (let r = 0; r < REVS; r++) {
      for (let i = 0; i < KEYS; i++) {
        s.put({ key: key(i), value });
        if (be.batchTx().pending() >= 10_000) await be.forceCommit();
      }
    }
    await be.forceCommit();
  });
  console.log(`  revision ${s.rev()}, index keys ${s.kvindex.size}, backend keys ${be.stats().keys.key}`);
  mem('after puts');

  const pfx = utf8('key-0123');
  const big = utf8('key-01');
  const rangeAvg = async (label: string, req: Parameters<WatchableStore['range']>[0], n = 20) => {
    let kvs = 0;
    let count = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = s.range(req);
      kvs = r.kvs.length;
      count = r.count;
    }
    console.log(`${label}: ${((performance.now() - t0) / n).toFixed(2)} ms avg (${kvs} kvs, count ${count})`);
  };
  await rangeAvg('range prefix key-0123 (head)', { key: pfx, rangeEnd: prefixRangeEnd(pfx) });
  await rangeAvg('range prefix key-01 (head)', { key: big, rangeEnd: prefixRangeEnd(big) }, 5);

  const half = 1 + Math.floor((KEYS * REVS) / 2);
  let steps = 0;
  await timed(`compact at ${half} (half the history), committing after every step`, async () => {
    s.compact(half);
    while (s.compactionStep()) {
      steps++;
      await be.forceCommit();
    }
  });
  console.log(`  ${steps} steps, backend keys now ${be.stats().keys.key}, finishedCompactRev ${s.finishedCompactRevision()}`);
  mem('after compaction');
  await rangeAvg('range prefix key-0123 (head, after compaction)', { key: pfx, rangeEnd: prefixRangeEnd(pfx) });
  await rangeAvg(`range prefix key-0123 at rev ${half}`, { key: pfx, rangeEnd: prefixRangeEnd(pfx), revision: half });
  await rangeAvg('count-only whole keyspace', { key: new Uint8Array([0]), rangeEnd: new Uint8Array([0]), countOnly: true }, 3);

  const h = await timed('hashKV(current)', () => s.hashByRev(0));
  console.log(`  hash ${h.hash} compactRevision ${h.compactRevision}`);

  await timed('watch prefix key-0123 from the compaction revision (history catch-up)', () => {
    let events = 0;
    s.newWatchStream((r) => (events += r.events.length)).watch({ key: pfx, rangeEnd: prefixRangeEnd(pfx), startRevision: half });
    while (s.syncWatchers() > 0) {
      /* catch up */
    }
    console.log(`  ${events} events`);
  });

  if (!USE_MAP) await be.close();
  be = await timed('reopen backend', openBe);
  s = await timed('restore store (rebuild index from the backend)', () => new WatchableStore(be));
  console.log(`  restored revision ${s.rev()}, compactRevision ${s.compactRevision()}, hash equal: ${s.hashByRev(0).hash === h.hash}`);
  mem('end');
  const st = be.stats();
  console.log(`  backend: dbSize ${mb(st.dbSize)}, in use ${mb(st.dbSizeInUse)}, key bucket depth ${st.depth.key}, leaf pages ${st.leafPages}`);
}

void main();
