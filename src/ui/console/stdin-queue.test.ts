import { describe, expect, it } from 'vitest';
import { StdinQueue } from './stdin-queue';

describe('StdinQueue', () => {
  it('yields pushed chunks in order, waits for more, and ends', async () => {
    const seen: string[] = [];
    const q = new StdinQueue((t) => seen.push(t));
    q.push('a\n');
    const it = q[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 'a\n', done: false });
    const pending = it.next();
    q.push('b\n');
    expect(await pending).toEqual({ value: 'b\n', done: false });
    const last = it.next();
    q.end();
    expect((await last).done).toBe(true);
    q.push('ignored\n');
    expect(seen).toEqual(['a\n', 'b\n']);
  });
  it('hands back unread chunks, like typeahead', () => {
    const q = new StdinQueue();
    q.push('put b 2\n');
    q.push('get b\n');
    expect(q.drain()).toEqual(['put b 2\n', 'get b\n']);
    expect(q.drain()).toEqual([]);
  });
});
