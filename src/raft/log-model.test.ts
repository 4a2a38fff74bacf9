/**
 * Model test: RaftLog (storage + unstable) against a plain array of terms, under random
 * leader appends (maybeAppend), persistence (Ready/advance) and commits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RaftLog } from './log';
import { newEntry } from './messages';
import { MemoryStorage } from './storage';

type Op =
  | { kind: 'append'; prev: number; terms: number[]; commit: number }
  | { kind: 'persist' }
  | { kind: 'accept' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('append' as const),
    prev: fc.nat(12),
    terms: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }),
    commit: fc.nat(16),
  }),
  fc.constant({ kind: 'persist' as const }),
  fc.constant({ kind: 'accept' as const }),
);

/** modelAppend applies the Raft append rules to `log` (terms, index = position + 1). */
function modelAppend(log: number[], committed: number, op: { prev: number; terms: number[]; commit: number }) {
  if (op.prev > log.length) return undefined;
  const prevTerm = op.prev === 0 ? 0 : log[op.prev - 1];
  const next = [...log];
  for (let i = 0; i < op.terms.length; i++) {
    const idx = op.prev + 1 + i;
    if (idx <= next.length && next[idx - 1] === op.terms[i]) continue;
    if (idx <= committed) return 'conflict-with-committed' as const;
    next.length = idx - 1;
    next.push(...op.terms.slice(i));
    break;
  }
  const lastNew = op.prev + op.terms.length;
  return { prevTerm, next, committed: Math.max(committed, Math.min(op.commit, lastNew)) };
}

describe('RaftLog model', () => {
  it('matches an array of terms under random appends, persistence and commits', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const storage = new MemoryStorage();
        const log = new RaftLog(storage);
        let model: number[] = [];
        let committed = 0;
        for (const op of ops) {
          if (op.kind === 'persist') {
            const ents = log.nextUnstableEnts();
            log.acceptUnstable();
            storage.append(ents);
            if (ents.length > 0) log.stableTo(ents[ents.length - 1].index, ents[ents.length - 1].term);
          } else if (op.kind === 'accept') {
            log.acceptUnstable();
          } else {
            const res = modelAppend(model, committed, op);
            if (res === 'conflict-with-committed') continue;
            // Use the real previous term when it exists, or a wrong one when the model has none.
            const prevTerm = res === undefined ? 1 : res.prevTerm;
            const ents = op.terms.map((term, i) => newEntry({ term, index: op.prev + 1 + i }));
            const got = log.maybeAppend(op.prev, prevTerm, op.commit, ents);
            if (res === undefined) {
              expect(got).toBeUndefined();
            } else {
              expect(got).toBe(op.prev + op.terms.length);
              model = res.next;
              committed = res.committed;
            }
          }
          expect(log.lastIndex()).toBe(model.length);
          expect(log.committed).toBe(committed);
          expect(model.length === 0 ? [] : log.allEntries().map((e) => e.term)).toEqual(model);
          // Everything before the unstable offset is in storage with the same terms.
          for (let i = storage.firstIndex(); i < log.unstable.offset && i <= model.length; i++) {
            expect(storage.term(i)).toBe(model[i - 1]);
          }
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
