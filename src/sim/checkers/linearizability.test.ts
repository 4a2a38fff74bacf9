import { describe, expect, it } from 'vitest';
import { CheckerAssertionError } from './assert';
import { checkKvHistory, checkOperations } from './linearizability';
import type { Model } from './model';
import type { Operation } from './history';
import { cas, del, events, get, okRev, put } from './testing';

const kv = { model: 'kv', refute: false } as const;

describe('Porcupine register examples (initial value 0 is "absent" here)', () => {
  it('accepts put 100 || get -> 100 || get -> absent (the get of absent goes first)', () => {
    const h = events([put(0, 'x', '100', 0, 100), get(1, 'x', '100', 25, 75), get(2, 'x', null, 30, 60)]);
    const res = checkKvHistory(h, kv);
    expect(res.verdict).toBe('ok');
    expect(res.ok).toBe(true);
    expect(res.opsChecked).toBe(3);
  });

  it('rejects a read of absent after a read of 200 completed', () => {
    const h = events([put(0, 'x', '200', 0, 100), get(1, 'x', '200', 10, 30), get(2, 'x', null, 40, 90)]);
    const res = checkKvHistory(h, kv);
    expect(res.verdict).toBe('illegal');
    expect(res.excerpt).toContain('!!  p2 get x -> null');
  });

  it('accepts two concurrent puts read back in either order by sequential readers', () => {
    const base = [put(0, 'x', 'a', 0, 50), put(1, 'x', 'b', 0, 50)];
    for (const [first, second] of [['a', 'b'], ['b', 'a']] as const) {
      const h = events([...base, get(2, 'x', first, 10, 20), get(2, 'x', second, 30, 40)]);
      expect(checkKvHistory(h, kv).verdict).toBe('ok');
    }
  });

  it('rejects readers that see two concurrent puts in opposite orders after both completed', () => {
    const h = events([
      put(0, 'x', 'a', 0, 50), put(1, 'x', 'b', 0, 50),
      get(2, 'x', 'a', 60, 70), get(3, 'x', 'b', 80, 90),
    ]);
    expect(checkKvHistory(h, kv).verdict).toBe('illegal');
  });

  it('treats touching intervals as concurrent (closed intervals)', () => {
    const h = events([put(0, 'x', 'a', 0, 10), get(1, 'x', null, 10, 20)]);
    expect(checkKvHistory(h, kv).verdict).toBe('ok');
    const h2 = events([put(0, 'x', 'a', 0, 10), get(1, 'x', null, 11, 20)]);
    expect(checkKvHistory(h2, kv).verdict).toBe('illegal');
  });
});

describe('etcd failure shapes', () => {
  it('rejects a stale read from a partitioned old leader and names it in the excerpt', () => {
    const h = events([
      put(1, 'k1', 'v1', 0, 10, okRev(2)),
      put(2, 'k1', 'v2', 20, 30, okRev(3)),
      get(3, 'k1', 'v1', 40, 50, 2),
    ]);
    for (const model of ['kv', 'revision'] as const) {
      const res = checkKvHistory(h, { model, refute: false });
      expect(res.verdict).toBe('illegal');
      const ex = res.excerpt!;
      expect(ex).toContain('not linearizable: k1');
      expect(ex).toContain('longest linearization found: 2 of 3 ops');
      expect(ex).toContain('!!  p3 get k1 -> "v1"');
      expect(ex).toMatch(/read "v1" but k1 holds "v2"/);
      expect(res.perKey[0]!.failure!.stuck).toBe(2);
      expect(res.perKey[0]!.failure!.partial).toEqual([0, 1]);
    }
  });

  it('only the revision model sees a stale read that returns a value rewritten since', () => {
    const h = events([
      put(1, 'k1', 'same', 0, 10, okRev(2)),
      put(2, 'k1', 'same', 20, 30, okRev(3)),
      get(3, 'k1', 'same', 40, 50, 2),
    ]);
    expect(checkKvHistory(h, kv).verdict).toBe('ok');
    const res = checkKvHistory(h, { model: 'revision' });
    expect(res.verdict).toBe('illegal');
    expect(res.excerpt).toContain('revision 2 is behind revision 3 already seen on k1');
  });

  it('rejects revisions that go backwards along real time', () => {
    const h = events([put(1, 'k', 'a', 0, 10, okRev(5)), put(2, 'k', 'b', 20, 30, okRev(4))]);
    expect(checkKvHistory(h, { model: 'revision' }).verdict).toBe('illegal');
    expect(checkKvHistory(h, kv).verdict).toBe('ok');
  });

  it('rejects a lost acknowledged write', () => {
    const h = events([put(1, 'k', 'a', 0, 10), get(2, 'k', null, 20, 30)]);
    const res = checkKvHistory(h, kv);
    expect(res.verdict).toBe('illegal');
    expect(res.excerpt).toContain('read null but k holds "a"');
  });

  it('accepts a timed-out (info) write whether or not a later read sees it', () => {
    const info = put(1, 'k', 'a', 0, 10, { type: 'info' });
    expect(checkKvHistory(events([info, get(2, 'k', 'a', 100, 110)]), kv).verdict).toBe('ok');
    expect(checkKvHistory(events([info, get(2, 'k', null, 100, 110)]), kv).verdict).toBe('ok');
    // It may land long after the client gave up: absent, then absent, then "a".
    const late = events([info, get(2, 'k', null, 100, 110), get(2, 'k', null, 200, 210), get(2, 'k', 'a', 300, 310)]);
    expect(checkKvHistory(late, kv).verdict).toBe('ok');
    // An invoke that never completes is an info too.
    const open = { ...info, open: true };
    expect(checkKvHistory(events([open, get(2, 'k', 'a', 100, 110)]), kv).verdict).toBe('ok');
  });

  it('rejects an info write that appears and then disappears', () => {
    const h = events([put(1, 'k', 'a', 0, 10, { type: 'info' }), get(2, 'k', 'a', 100, 110), get(2, 'k', null, 200, 210)]);
    expect(checkKvHistory(h, kv).verdict).toBe('illegal');
  });

  it('drops failed operations: a failed put must never be read', () => {
    const h = events([put(1, 'k', 'a', 0, 10, { type: 'fail' }), get(2, 'k', 'a', 100, 110)]);
    const res = checkKvHistory(h, kv);
    expect(res.verdict).toBe('illegal');
    expect(res.history.failed).toBe(1);
  });

  it('orders an info write by revision: reads after it must not go back', () => {
    const h = events([
      put(1, 'k', 'a', 0, 10, okRev(2)),
      put(2, 'k', 'b', 20, 30, { type: 'info' }),
      get(3, 'k', 'b', 40, 50, 3),
      get(3, 'k', 'b', 60, 70, 2),
    ]);
    expect(checkKvHistory(h, { model: 'revision' }).verdict).toBe('illegal');
  });
});

describe('cas and delete', () => {
  it('accepts a successful cas read back, and a failed cas on a mismatch', () => {
    const h = events([
      put(1, 'k', 'a', 0, 10, okRev(2)),
      cas(2, 'k', 'a', 'b', 20, 30, { type: 'ok', succeeded: true, rev: 3 }),
      cas(1, 'k', 'a', 'c', 40, 50, { type: 'ok', succeeded: false, rev: 3 }),
      get(3, 'k', 'b', 60, 70, 3),
    ]);
    expect(checkKvHistory(h).verdict).toBe('ok');
  });

  it('rejects a cas that succeeded although the value did not match', () => {
    const h = events([put(1, 'k', 'x', 0, 10), cas(2, 'k', 'a', 'b', 20, 30, { type: 'ok', succeeded: true })]);
    const res = checkKvHistory(h, kv);
    expect(res.verdict).toBe('illegal');
    expect(res.excerpt).toContain('cas succeeded expecting "a" but k holds "x"');
  });

  it('rejects a cas that failed although the value matched', () => {
    const h = events([put(1, 'k', 'a', 0, 10), cas(2, 'k', 'a', 'b', 20, 30, { type: 'ok', succeeded: false })]);
    expect(checkKvHistory(h, kv).verdict).toBe('illegal');
  });

  it('lets two concurrent cas from the same value have exactly one winner', () => {
    const one = events([
      put(1, 'k', 'a', 0, 10),
      cas(2, 'k', 'a', 'b', 20, 30, { type: 'ok', succeeded: true }),
      cas(3, 'k', 'a', 'c', 20, 30, { type: 'ok', succeeded: false }),
    ]);
    expect(checkKvHistory(one, kv).verdict).toBe('ok');
    const two = events([
      put(1, 'k', 'a', 0, 10),
      cas(2, 'k', 'a', 'b', 20, 30, { type: 'ok', succeeded: true }),
      cas(3, 'k', 'a', 'c', 20, 30, { type: 'ok', succeeded: true }),
    ]);
    expect(checkKvHistory(two, kv).verdict).toBe('illegal');
  });

  it('treats expect null as "create if absent"', () => {
    const h = events([
      cas(1, 'k', null, 'a', 0, 10, { type: 'ok', succeeded: true }),
      cas(2, 'k', null, 'b', 20, 30, { type: 'ok', succeeded: false }),
      get(3, 'k', 'a', 40, 50),
    ]);
    expect(checkKvHistory(h, kv).verdict).toBe('ok');
  });

  it('applies an info cas only if its compare held', () => {
    const h = events([
      put(1, 'k', 'x', 0, 10),
      cas(2, 'k', 'a', 'b', 20, 30, { type: 'info' }),
      get(3, 'k', 'b', 40, 50),
    ]);
    expect(checkKvHistory(h, kv).verdict).toBe('illegal');
  });

  it('accepts delete then absent, rejects the old value after a delete', () => {
    const ok = events([put(1, 'k', 'a', 0, 10), del(2, 'k', 20, 30), get(3, 'k', null, 40, 50)]);
    expect(checkKvHistory(ok, kv).verdict).toBe('ok');
    const bad = events([put(1, 'k', 'a', 0, 10), del(2, 'k', 20, 30), get(3, 'k', 'a', 40, 50)]);
    expect(checkKvHistory(bad, kv).verdict).toBe('illegal');
  });

  it('checks the deleted count when the history carries it', () => {
    const h = events([put(1, 'k', 'a', 0, 10), del(2, 'k', 20, 30, { type: 'ok', deleted: 0 })]);
    expect(checkKvHistory(h, kv).verdict).toBe('illegal');
    const h2 = events([del(2, 'k', 20, 30, { type: 'ok', deleted: 0 }), get(1, 'k', null, 40, 50)]);
    expect(checkKvHistory(h2, kv).verdict).toBe('ok');
  });

  it('treats a delete of an absent key as a read in the revision model', () => {
    const h = events([put(1, 'k', 'a', 0, 10, okRev(2)), del(2, 'k', 20, 30, okRev(3)), del(3, 'k', 40, 50, okRev(3))]);
    expect(checkKvHistory(h).verdict).toBe('ok');
  });
});

describe('partitions, budget and the generic interface', () => {
  it('checks each key independently and reports per key', () => {
    const h = events([
      put(1, 'a', '1', 0, 10), get(2, 'a', '1', 20, 30),
      put(1, 'b', '1', 40, 50), get(2, 'b', null, 60, 70),
    ]);
    const res = checkKvHistory(h, kv);
    expect(res.verdict).toBe('illegal');
    expect(res.perKey.map((p) => [p.name, p.verdict])).toEqual([['a', 'ok'], ['b', 'illegal']]);
    expect(res.opsChecked).toBe(2);
  });

  it('marks the partitions after the first failure unknown with stopOnFailure', () => {
    const h = events([put(1, 'a', '1', 0, 10), get(2, 'a', null, 20, 30), put(1, 'b', '1', 40, 50)]);
    const res = checkKvHistory(h, { ...kv, stopOnFailure: true });
    expect(res.perKey.map((p) => p.verdict)).toEqual(['illegal', 'unknown']);
  });

  it('reports unknown, not ok, when the step budget runs out', () => {
    // Many concurrent writes and a read that fits none of them: the search
    // must try every order before it can say illegal.
    const ops = [];
    for (let p = 0; p < 10; p++) ops.push(put(p, 'k', `v${p}`, 0, 100));
    ops.push(get(99, 'k', 'nope', 200, 210));
    const res = checkKvHistory(events(ops), { ...kv, budget: 50 });
    expect(res.verdict).toBe('unknown');
    expect(res.ok).toBe(false);
    expect(res.perKey[0]!.steps).toBeGreaterThan(50);
    // With the cache the full search is small, and proves it illegal.
    expect(checkKvHistory(events(ops), kv).verdict).toBe('illegal');
  });

  it('runs any Model: a counter with increments whose outputs are the new value', () => {
    const counter: Model<number, 'inc', number> = {
      init: () => 0,
      step: (s, _i, out) => [out === s + 1, s + 1],
      equal: (a, b) => a === b,
      hash: (s) => s,
      describeState: (s) => String(s),
      describeOperation: (_i, out) => `inc -> ${out}`,
    };
    const op = (id: number, call: number, ret: number, out: number): Operation<'inc', number> =>
      ({ id, process: id, call, return: ret, input: 'inc', output: out });
    expect(checkOperations(counter, [op(0, 0, 10, 2), op(1, 0, 10, 1)]).verdict).toBe('ok');
    const bad = checkOperations(counter, [op(0, 0, 10, 2), op(1, 20, 30, 1)]);
    expect(bad.verdict).toBe('illegal');
    expect(bad.excerpt).toContain('the model rejects it in this state');
    expect(() => checkOperations(counter, [op(0, 0, 10, 1), op(0, 20, 30, 2)])).toThrow(CheckerAssertionError);
    expect(() => checkOperations(counter, [op(0, 10, 5, 1)])).toThrow(/returns before it is called/);
  });
});
