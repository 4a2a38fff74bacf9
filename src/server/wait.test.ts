import { describe, expect, it } from 'vitest';
import { Wait } from './wait';

describe('Wait', () => {
  it('settles a waiter only with its own entry fingerprint, and expires by member time', async () => {
    const w = new Wait();
    const a = w.register<string>(1n, 0, 100, 7);
    w.trigger(1n, 8, 'from an older incarnation'); // same ID, other entry: ignored
    expect(w.has(1n)).toBe(true);
    w.trigger(1n, 7, 'mine');
    await expect(a).resolves.toBe('mine');
    const b = w.register<string>(2n, 10, 100, 1);
    const c = w.register<string>(3n, 10, 500, 1);
    w.expire(99, () => new Error('late'));
    expect(w.size).toBe(2);
    w.expire(100, (start, id) => new Error(`late ${id} started ${start}`));
    await expect(b).rejects.toThrow('late 2 started 10');
    w.failAll(new Error('stopped'));
    await expect(c).rejects.toThrow('stopped');
    expect(w.size).toBe(0);
  });
});
