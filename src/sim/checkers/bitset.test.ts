import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bitset } from './bitset';

describe('Bitset', () => {
  it('behaves like a Set of small integers, with a hash that XORs its members', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(99))), (actions) => {
        const b = new Bitset(100);
        const model = new Set<number>();
        let h = 0;
        for (const [add, i] of actions) {
          if (add && !model.has(i)) h ^= Bitset.elementHash(i);
          if (!add && model.has(i)) h ^= Bitset.elementHash(i);
          if (add) {
            b.set(i);
            model.add(i);
          } else {
            b.clear(i);
            model.delete(i);
          }
        }
        for (let i = 0; i < 100; i++) expect(b.has(i)).toBe(model.has(i));
        expect(b.hash()).toBe(h >>> 0);
        const c = b.clone();
        expect(c.equals(b)).toBe(true);
        c.set(0).set(99);
        expect(c.equals(b)).toBe(model.has(0) && model.has(99));
      }),
    );
  });
});
