import { describe, expect, it } from 'vitest';
import type { CallableMethod, CallResult } from '../../workers/host-protocol';
import { serveCallPort } from '../../workers/call-port';
import { CallBatcher } from './call-batch';

describe('batched client calls', () => {
  it('sends the calls of one task in one message and answers each with its own result', async () => {
    const ch = new MessageChannel();
    const batches: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    // The worker's side: 'put' waits for the gate (a commit), 'range' answers at once.
    serveCallPort(ch.port2, async (method: CallableMethod, args: unknown[]): Promise<CallResult> => {
      if (method === 'put') await gate;
      if (args[0] === 'bad') return { ok: false, name: 'ErrEmptyKey', message: 'etcdserver: key is not provided' };
      return { ok: true, value: `${method}:${String(args[0])}` };
    });
    const inner = ch.port2.onmessage!;
    ch.port2.onmessage = (ev) => {
      batches.push((ev.data as { calls: unknown[] }).calls.length);
      inner.call(ch.port2, ev);
    };
    const b = new CallBatcher(ch.port1);
    const results = [b.call('put', ['a']), b.call('range', ['b']), b.call('put', ['c']), b.call('range', ['bad'])];
    const first = await Promise.race([results[1], results[3]]);
    expect(first).toEqual({ ok: true, value: 'range:b' });
    release();
    expect(await Promise.all(results)).toEqual([
      { ok: true, value: 'put:a' },
      { ok: true, value: 'range:b' },
      { ok: true, value: 'put:c' },
      { ok: false, name: 'ErrEmptyKey', message: 'etcdserver: key is not provided' },
    ]);
    expect(batches).toEqual([4]);
    expect(await b.call('range', ['later'])).toEqual({ ok: true, value: 'range:later' });
    expect(batches).toEqual([4, 1]);
    b.close();
    ch.port2.close();
  });
});
