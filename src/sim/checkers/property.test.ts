import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from './history';
import { checkKvHistory } from './linearizability';
import { mulberry32, syntheticHistory } from './synthetic';

const shape = fc.record({
  seed: fc.integer(),
  processes: fc.integer({ min: 1, max: 5 }),
  keys: fc.integer({ min: 1, max: 3 }),
  ops: fc.integer({ min: 1, max: 60 }),
  infoRate: fc.constantFrom(0, 0.05, 0.15),
  failRate: fc.constantFrom(0, 0.1),
});

describe('properties', () => {
  it('a store executed with random concurrency always yields a linearizable history', () => {
    fc.assert(
      fc.property(shape, ({ seed, ...o }) => {
        const h = syntheticHistory(mulberry32(seed), o);
        for (const model of ['kv', 'revision'] as const) {
          for (const refute of [true, false]) {
            const res = checkKvHistory(h, { model, refute });
            if (res.verdict !== 'ok') throw new Error(`${model}: ${res.verdict}\n${res.excerpt ?? ''}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('corrupting one read of a history without concurrency makes it fail', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 40 }), fc.nat(), (seed, ops, which) => {
        // One process: no two operations overlap, so real-time order is the only order.
        const h = syntheticHistory(mulberry32(seed), { processes: 1, keys: 2, ops });
        const reads = h.filter((e): e is HistoryEvent => e.type === 'ok' && e.f === 'get');
        fc.pre(reads.length > 0);
        const victim = reads[which % reads.length]!;
        const corrupt = h.map((e) => (e === victim ? { ...e, value: e.value === null ? 'corrupt' : null } : e));
        for (const refute of [true, false]) {
          const res = checkKvHistory(corrupt, { model: 'kv', refute });
          expect(res.verdict).toBe('illegal');
          expect(res.excerpt).toContain(`get ${victim.key} -> ${JSON.stringify(victim.value === null ? 'corrupt' : null)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shifting one write revision below an earlier write makes the revision model fail', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 40 }), (seed, ops) => {
        const h = syntheticHistory(mulberry32(seed), { processes: 1, keys: 1, ops });
        const puts = h.filter((e) => e.type === 'ok' && e.f === 'put');
        fc.pre(puts.length >= 2);
        const last = puts[puts.length - 1]!;
        const corrupt = h.map((e) => (e === last ? { ...e, rev: puts[0]!.rev! } : e));
        expect(checkKvHistory(corrupt, { model: 'revision' }).verdict).toBe('illegal');
      }),
      { numRuns: 200 },
    );
  });
});
