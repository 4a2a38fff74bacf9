import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32, syntheticHistory } from './synthetic';
import { buildOperations } from './history';
import { checkKvHistory } from './linearizability';
import { refuteReads } from './refute';
import { cas, del, events, get, okRev, put } from './testing';

const refute = (h: ReturnType<typeof events>) => refuteReads(buildOperations(h).operations);

describe('refuteReads', () => {
  it('refutes a stale read from a partitioned old leader without search, naming all three operations', () => {
    const h = events([
      put(1, 'k1', 'v1', 0, 10, okRev(2)),
      put(2, 'k1', 'v2', 20, 30, okRev(3)),
      put(4, 'k1', 'v3', 25, 35, { type: 'info' }),
      get(3, 'k1', 'v1', 40, 50, 2),
    ]);
    const r = refute(h)!;
    expect(r.read.process).toBe(3);
    expect(r.writer!.process).toBe(1);
    expect(r.overwrite!.process).toBe(2);
    // prune: false keeps the unobserved timed-out put, to show it as concurrent.
    const res = checkKvHistory(h, { prune: false });
    expect(res.verdict).toBe('illegal');
    expect(res.perKey[0]!.steps).toBe(0);
    expect(res.excerpt).toBe([
      'not linearizable: k1 (4 ops, refuted without search)',
      'these operations are ordered by real time in every linearization:',
      '  w1 p1 put k1 "v1" -> ok @2  [0..10]',
      '  w2 p2 put k1 "v2" -> ok @3  [20..30]',
      '  !! p3 get k1 -> "v1" @2  [40..50]',
      '     read "v1", but p2 overwrote it after it was written and before the read began (stale read)',
      'concurrent with it:',
      '  ~  p4 put k1 "v3" -> ? (info)  [25..inf]',
      'timeline t=0..50 (# = interval, > = open until +infinity)',
      ' w1  p1 put k1 "v1" -> ok @2    |##########                                      |',
      ' w2  p2 put k1 "v2" -> ok @3    |                   ##########                   |',
      '  ~  p4 put k1 "v3" -> ? (info) |                        #######################>|',
      ' !!  p3 get k1 -> "v1" @2       |                                      ##########|',
    ].join('\n'));
  });

  it('refutes a read of a value nobody wrote in time, or only a failed write wrote', () => {
    expect(refute(events([get(1, 'k', 'x', 0, 10), put(2, 'k', 'x', 20, 30)]))!.reason).toContain('no write had started');
    expect(refute(events([put(2, 'k', 'x', 0, 5, { type: 'fail' }), get(1, 'k', 'x', 10, 20)]))).not.toBeNull();
    expect(refute(events([cas(2, 'k', null, 'x', 0, 5, { type: 'ok', succeeded: false }), get(1, 'k', 'x', 10, 20)]))).not.toBeNull();
  });

  it('refutes a lost write: absent after a completed put, no delete in between', () => {
    const h = events([put(1, 'k', 'a', 0, 10), get(3, 'k', null, 40, 50)]);
    const r = refute(h)!;
    expect(r.writer!.process).toBe(1);
    expect(r.reason).toContain('(lost write)');
    // A delete that finished before the write began cannot help.
    expect(refute(events([del(2, 'k', 0, 5), put(1, 'k', 'a', 6, 10), get(3, 'k', null, 40, 50)]))).not.toBeNull();
  });

  it('counts a delete as an overwrite', () => {
    expect(refute(events([put(1, 'k', 'a', 0, 10), del(2, 'k', 20, 30), get(3, 'k', 'a', 40, 50)]))!.overwrite!.input.f).toBe('delete');
  });

  it('stays silent when an order might exist or the proof needs search', () => {
    // Overwrite concurrent with the read: the read may go first.
    expect(refute(events([put(1, 'k', 'a', 0, 10), put(2, 'k', 'b', 20, 45), get(3, 'k', 'a', 40, 50)]))).toBeNull();
    // The writer is a timed-out put: it may land after the overwrite.
    expect(refute(events([put(1, 'k', 'a', 0, 10, { type: 'info' }), put(2, 'k', 'b', 20, 30), get(3, 'k', 'a', 40, 50)]))).toBeNull();
    // Two writers of the same value: the read names neither.
    expect(refute(events([put(1, 'k', 'a', 0, 10), put(2, 'k', 'b', 20, 30), put(4, 'k', 'a', 35, 60), get(3, 'k', 'a', 40, 50)]))).toBeNull();
    // A read of absent with a delete that may come between the write and it.
    expect(refute(events([put(1, 'k', 'a', 0, 10), del(2, 'k', 5, 20, { type: 'info' }), get(3, 'k', null, 40, 50)]))).toBeNull();
    expect(refute(events([put(1, 'k', 'a', 0, 10), del(2, 'k', 45, 60), get(3, 'k', null, 40, 50)]))).toBeNull();
  });

  it('proves a failing history with many timed-out writes that the search cannot finish', () => {
    const ops = [put(0, 'k', 'old', 0, 5), put(1, 'k', 'new', 10, 15)];
    for (let p = 2; p < 40; p++) ops.push(put(p, 'k', `t${p}`, 20, 30, { type: 'info' }));
    ops.push(cas(99, 'k', 'zz', 'yy', 40, 45, { type: 'ok', succeeded: false }), get(98, 'k', 'old', 50, 60));
    const h = events(ops);
    expect(checkKvHistory(h, { model: 'kv', refute: false, budget: 20_000 }).verdict).toBe('unknown');
    expect(checkKvHistory(h, { model: 'kv' }).verdict).toBe('illegal');
  });

  it('is sound: whenever it refutes, the exhaustive search finds no linearization either (property)', () => {
    let refuted = 0;
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 25 }), fc.nat(), fc.nat(), (seed, n, which, pick) => {
        const h = syntheticHistory(mulberry32(seed), { processes: 3, keys: 1, ops: n, infoRate: 0.2 });
        const reads = h.filter((e) => e.type === 'ok' && e.f === 'get');
        const values = [null, ...h.filter((e) => e.f === 'put' && e.type === 'invoke').map((e) => e.value!)];
        const victim = reads[which % Math.max(1, reads.length)];
        const bad = h.map((e) => (e === victim ? { ...e, value: values[pick % values.length]! } : e));
        if (refute(bad) === null) return;
        refuted++;
        expect(checkKvHistory(bad, { model: 'kv', refute: false, prune: false }).verdict).toBe('illegal');
      }),
      { numRuns: 500 },
    );
    expect(refuted).toBeGreaterThan(50);
  });
});
