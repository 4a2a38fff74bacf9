import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeaseExpiredNotifier, LeaseQueue } from './lease-queue';

type Op = { kind: 'push' | 'update'; id: number; time: number } | { kind: 'pop' };

const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('push' as const), id: fc.integer({ min: 0, max: 20 }), time: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('update' as const), id: fc.integer({ min: 0, max: 20 }), time: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('pop' as const) }),
  ),
  { maxLength: 200 },
);

const byTimeThenId = (a: { id: bigint; timeMs: number }, b: { id: bigint; timeMs: number }) =>
  a.timeMs - b.timeMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('LeaseQueue', () => {
  it('pops like a sorted array (time, then ID), duplicates allowed', () => {
    fc.assert(
      fc.property(ops, (list: Op[]) => {
        const q = new LeaseQueue();
        const model: { id: bigint; timeMs: number }[] = [];
        for (const op of list) {
          if (op.kind === 'pop') {
            model.sort(byTimeThenId);
            const want = model.shift();
            const got = q.pop();
            expect(got && { id: got.id, timeMs: got.timeMs }).toEqual(want);
          } else {
            q.push(BigInt(op.id), op.time);
            model.push({ id: BigInt(op.id), timeMs: op.time });
          }
          expect(q.length).toBe(model.length);
        }
      }),
    );
  });
});

describe('LeaseExpiredNotifier', () => {
  it('keeps one entry per lease and moves it on update', () => {
    fc.assert(
      fc.property(ops, (list: Op[]) => {
        const n = new LeaseExpiredNotifier();
        const model = new Map<bigint, number>();
        for (const op of list) {
          if (op.kind === 'pop') {
            const sorted = [...model].map(([id, timeMs]) => ({ id, timeMs })).sort(byTimeThenId);
            expect(n.peek() && { id: n.peek()!.id, timeMs: n.peek()!.timeMs }).toEqual(sorted[0]);
            n.unregister();
            if (sorted[0]) model.delete(sorted[0].id);
          } else {
            n.registerOrUpdate(BigInt(op.id), op.time);
            model.set(BigInt(op.id), op.time);
          }
          expect(n.length).toBe(model.size);
        }
      }),
    );
  });
});
