import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend';
import { bytesToBucketKey } from './revision';
import type { MvccEvent } from './events';
import { KVStore } from './kv-store';
import { BACKEND_KINDS } from './testing/backends';
import { b, prefix } from './testing/helpers';

/** 100 keys x 3 puts, every 10th key deleted: revisions 2..311. */
function feed(s: KVStore, salt = ''): void {
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 100; i++) s.put({ key: b(`key-${String(i).padStart(3, '0')}`), value: b(`v${round}${salt}`) });
  }
  for (let i = 0; i < 100; i += 10) s.deleteRange({ key: b(`key-${String(i).padStart(3, '0')}`) });
}

function dumpKeyBucket(be: Backend): string[] {
  const out: string[] = [];
  be.readTx().unsafeForEach('key', (k) => {
    const { rev, tombstone } = bytesToBucketKey(k);
    out.push(`${rev.main}.${rev.sub}${tombstone ? 't' : ''}`);
  });
  return out;
}

describe.each(BACKEND_KINDS)('compaction on $name', (kind) => {
  it('runs in steps: index, then batches of the batch limit, then finishedCompactRev', async () => {
    const events: MvccEvent[] = [];
    const s = new KVStore((await kind.open()).backend, { compactionBatchLimit: 50, listener: (e) => events.push(e) });
    feed(s);
    s.compact(250);
    expect(s.compactRevision()).toBe(250);
    expect(s.finishedCompactRevision()).toBe(-1);
    let steps = 0;
    while (s.compactionStep()) steps++;
    // records 2..250 (249): 1 index step + 4 full batches of 50 + 1 short batch of 49
    expect(steps).toBe(1 + 4 + 1);
    expect(s.finishedCompactRevision()).toBe(250);
    expect(events.map((e) => e.type).filter((t) => t.startsWith('compaction'))).toEqual([
      'compaction-scheduled', 'compaction-index', ...Array(4).fill('compaction-progress'), 'compaction-finished',
    ]);
    // every key keeps its newest revision at or below 250; history from 250 on is intact
    const records = dumpKeyBucket(s.b);
    expect(records.filter((r) => Number(r.split('.')[0]) <= 250).length).toBe(100);
    expect(s.range({ ...prefix('key-'), revision: 250 }).count).toBe(100);
    expect(() => s.range({ ...prefix('key-'), revision: 249 })).toThrow('mvcc: required revision has been compacted');
  });

  it('interrupted mid-way, then reopened: resumes and ends as an uninterrupted one', async () => {
    const but = await kind.open();
    const s = new KVStore(but.backend, { compactionBatchLimit: 20 });
    feed(s);
    s.compact(280);
    for (let i = 0; i < 4; i++) s.compactionStep(); // index + 3 batches
    const reopened = await but.reopen(true); // commit what was done, "crash"
    const s2 = new KVStore(reopened.backend, { compactionBatchLimit: 20 });
    expect([s2.rev(), s2.compactRevision(), s2.finishedCompactRevision(), s2.compactionPending()]).toEqual([311, 280, -1, true]);
    expect(() => s2.range({ key: b('key-001'), revision: 279 })).toThrow('mvcc: required revision has been compacted');
    s2.runCompactions();
    expect(s2.finishedCompactRevision()).toBe(280);

    const ref = new KVStore((await kind.open()).backend, { compactionBatchLimit: 20 });
    feed(ref);
    ref.compact(280);
    ref.runCompactions();
    expect(dumpKeyBucket(s2.b)).toEqual(dumpKeyBucket(ref.b));
    expect(s2.kvindex.equal(ref.kvindex)).toBe(true);
    expect(s2.hashByRev(0).hash).toBe(ref.hashByRev(0).hash);
  });

  it('a crash before the scheduled revision was committed forgets the compaction', async () => {
    const but = await kind.open();
    const s = new KVStore(but.backend);
    feed(s);
    await but.backend.forceCommit();
    s.compact(100);
    const s2 = new KVStore((await but.reopen(false)).backend);
    expect([s2.compactRevision(), s2.compactionPending(), s2.rev()]).toEqual([-1, false, 311]);
  });

  it('keeps the latest revision of deleted keys until a later compaction drops the tombstone', async () => {
    const s = new KVStore((await kind.open()).backend);
    s.put({ key: b('a'), value: b('1') }); // 2
    s.deleteRange({ key: b('a') }); // 3
    s.put({ key: b('z'), value: b('1') }); // 4
    s.compact(3);
    s.runCompactions();
    expect(dumpKeyBucket(s.b)).toEqual(['3.0t', '4.0']);
    s.compact(4);
    s.runCompactions();
    expect(dumpKeyBucket(s.b)).toEqual(['4.0']);
    expect(s.kvindex.size).toBe(1);
  });
});

describe.each(BACKEND_KINDS)('hashKV on $name', (kind) => {
  it('is equal on stores fed the same ops, whatever their compaction progress', async () => {
    const a = new KVStore((await kind.open()).backend, { compactionBatchLimit: 30 });
    const bb = new KVStore((await kind.open()).backend, { compactionBatchLimit: 30 });
    const c = new KVStore((await kind.open()).backend);
    feed(a);
    feed(bb);
    feed(c, '!');
    for (const rev of [0, 2, 150, 311]) expect(a.hashByRev(rev)).toEqual(bb.hashByRev(rev));
    expect(a.hashByRev(0).hash).not.toBe(c.hashByRev(0).hash);
    a.compact(200);
    bb.compact(200);
    a.runCompactions();
    bb.compactionStep();
    bb.compactionStep(); // b is mid-way
    for (const rev of [200, 250, 0]) expect(a.hashByRev(rev)).toEqual(bb.hashByRev(rev));
    expect(a.hashByRev(0)).toMatchObject({ compactRevision: 200, revision: 311, currentRev: 311 });
    expect(() => a.hashByRev(199)).toThrow('mvcc: required revision has been compacted');
    expect(() => a.hashByRev(312)).toThrow('mvcc: required revision is a future revision');
  });

  it('a compaction stores the hash of everything up to its revision, as hashKV reported it before', async () => {
    const s = new KVStore((await kind.open()).backend, { compactionBatchLimit: 40 });
    feed(s);
    const before = s.hashByRev(220);
    s.compact(220);
    s.runCompactions();
    expect(s.compactionHashes()).toEqual([{ hash: before.hash, compactRevision: -1, revision: 220 }]);
    const before2 = s.hashByRev(300);
    s.compact(300);
    s.runCompactions();
    expect(s.compactionHashes()[1]).toEqual({ hash: before2.hash, compactRevision: 220, revision: 300 });
  });
});
