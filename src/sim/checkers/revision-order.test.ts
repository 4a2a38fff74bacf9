import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOperations } from './history';
import { checkRevisionOrder } from './revision-order';
import { mulberry32, syntheticHistory } from './synthetic';
import { del, events, get, okRev, put } from './testing';

const check = (h: ReturnType<typeof events>) => checkRevisionOrder(buildOperations(h).operations);

describe('checkRevisionOrder', () => {
  it('accepts revisions that follow real time, and concurrent operations in any order', () => {
    expect(check(events([put(1, 'x', 'a', 0, 10, okRev(2)), get(2, 'y', null, 20, 30, 2), put(3, 'y', 'b', 40, 50, okRev(3))]))).toEqual([]);
    expect(check(events([put(1, 'x', 'a', 0, 10, okRev(3)), put(2, 'y', 'b', 5, 15, okRev(2))]))).toEqual([]);
  });

  it('catches a stale read of another key that per-key checks accept', () => {
    const v = check(events([put(1, 'x', 'a', 0, 10, okRev(5)), get(2, 'y', null, 20, 30, 4)]));
    expect(v).toHaveLength(1);
    expect(v[0]!.kind).toBe('backwards');
    expect(v[0]!.message).toBe('get y at revision 4 (p2, invoked at 20) after put x at revision 5 (p1, returned at 10)');
  });

  it('requires a later write to make a strictly newer revision', () => {
    expect(check(events([put(1, 'x', 'a', 0, 10, okRev(5)), put(2, 'y', 'b', 20, 30, okRev(5))])).map((v) => v.kind))
      .toEqual(['duplicate', 'backwards']);
    // A delete of nothing is a read: it may return the same revision.
    expect(check(events([put(1, 'x', 'a', 0, 10, okRev(5)), del(2, 'y', 20, 30, { type: 'ok', rev: 5, deleted: 0 })]))).toEqual([]);
  });

  it('never flags a history from a real store (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 80 }), (seed, ops) => {
        const h = syntheticHistory(mulberry32(seed), { processes: 4, keys: 3, ops, infoRate: 0.1, failRate: 0.1 });
        expect(checkRevisionOrder(buildOperations(h).operations)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
