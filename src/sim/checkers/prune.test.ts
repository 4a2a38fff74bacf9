import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOperations } from './history';
import type { HistoryEvent } from './history';
import { checkKvHistory } from './linearizability';
import { dropUnobservedInfoWrites } from './prune';
import { mulberry32, syntheticHistory } from './synthetic';
import { cas, events, get, put } from './testing';

const info = { type: 'info' } as const;

function kept(ops: ReturnType<typeof events>): string[] {
  return dropUnobservedInfoWrites(buildOperations(ops).operations).ops.map((o) => `${o.input.f}:${'value' in o.input ? o.input.value : ''}`);
}

describe('dropUnobservedInfoWrites', () => {
  it('drops an info put whose value nobody read, keeps one that was read', () => {
    const h = events([put(1, 'k', 'a', 0, 10, info), put(2, 'k', 'b', 0, 10, info), get(3, 'k', 'b', 20, 30)]);
    expect(kept(h)).toEqual(['put:b', 'get:']);
  });

  it('keeps an info put whose value a cas expects, or that another write repeats', () => {
    expect(kept(events([put(1, 'k', 'a', 0, 10, info), cas(2, 'k', 'a', 'c', 20, 30, { type: 'info' })]))).toEqual(['put:a']); // the cas's own value is unobserved
    expect(kept(events([put(1, 'k', 'a', 0, 10, info), put(2, 'k', 'a', 20, 30)]))).toEqual(['put:a', 'put:a']);
  });

  it('keeps an info put that a later failed cas might have seen', () => {
    const h = events([put(1, 'k', 'x', 0, 5), put(2, 'k', 'a', 10, 20, info), cas(3, 'k', 'x', 'c', 30, 40, { type: 'ok', succeeded: false })]);
    expect(kept(h)).toEqual(['put:x', 'put:a', 'cas:c']);
    // Without the drop, the failed cas is explained by the info put having landed.
    expect(checkKvHistory(h, { model: 'kv' }).verdict).toBe('ok');
  });

  it('pruning and refuting never change the verdict (property, random histories with timeouts and one corrupted read)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 30 }), fc.nat(), fc.boolean(), (seed, ops, which, corrupt) => {
        let h: HistoryEvent[] = syntheticHistory(mulberry32(seed), { processes: 3, keys: 2, ops, infoRate: 0.3 });
        const reads = h.filter((e) => e.type === 'ok' && e.f === 'get');
        if (corrupt && reads.length > 0) {
          const victim = reads[which % reads.length]!;
          h = h.map((e) => (e === victim ? { ...e, value: e.value === null ? 'v0' : null } : e));
        }
        for (const model of ['kv', 'revision'] as const) {
          const plain = checkKvHistory(h, { model, prune: false, refute: false }).verdict;
          expect(checkKvHistory(h, { model, prune: true, refute: false }).verdict).toBe(plain);
          expect(checkKvHistory(h, { model, prune: true, refute: true }).verdict).toBe(plain);
        }
      }),
      { numRuns: 400 },
    );
  });
});
