import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message, MessageType } from '../raft';
import { decodeMessage, encodeMessage } from './msg-codec';

const TYPES: MessageType[] = ['MsgApp', 'MsgAppResp', 'MsgHeartbeat', 'MsgHeartbeatResp', 'MsgVote', 'MsgVoteResp', 'MsgPreVote', 'MsgPreVoteResp', 'MsgSnap', 'MsgProp', 'MsgReadIndex', 'MsgReadIndexResp', 'MsgTimeoutNow', 'MsgTransferLeader'];
const id = fc.integer({ min: 0, max: 2 ** 31 });
const idx = fc.maxSafeNat();
const entryArb = fc.record({ term: idx, index: idx, type: fc.constantFrom('EntryNormal' as const, 'EntryConfChange' as const), data: fc.uint8Array({ maxLength: 300 }) });
const snapArb = fc.record({
  data: fc.uint8Array({ maxLength: 500 }),
  metadata: fc.record({ index: idx, term: idx, confState: fc.record({ voters: fc.array(id, { maxLength: 7 }), learners: fc.array(id, { maxLength: 3 }) }) }),
});
const msgArb: fc.Arbitrary<Message> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    to: id,
    from: id,
    term: idx,
    logTerm: idx,
    index: idx,
    entries: fc.array(entryArb, { maxLength: 8 }),
    commit: idx,
    reject: fc.boolean(),
    rejectHint: idx,
    snapshot: fc.option(snapArb, { nil: undefined }),
    context: fc.option(fc.uint8Array({ maxLength: 16 }), { nil: undefined }),
  })
  .map((m) => {
    const out: Message = { ...m };
    if (m.snapshot === undefined) delete out.snapshot;
    if (m.context === undefined) delete out.context;
    return out;
  });

describe('raft message wire codec', () => {
  it('round-trips every field, entries and snapshots included', () => {
    fc.assert(
      fc.property(msgArb, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('survives a transfer through a MessageChannel', async () => {
    const m: Message = { type: 'MsgApp', to: 2, from: 1, term: 3, logTerm: 3, index: 10, commit: 9, reject: false, rejectHint: 0, entries: [{ term: 3, index: 11, type: 'EntryNormal', data: Uint8Array.of(1, 2, 3) }] };
    const ch = new MessageChannel();
    const got = new Promise<ArrayBuffer>((r) => (ch.port2.onmessage = (ev) => r(ev.data as ArrayBuffer)));
    const buf = encodeMessage(m);
    ch.port1.postMessage(buf, [buf]);
    expect(buf.byteLength).toBe(0);
    expect(decodeMessage(await got)).toEqual(m);
    ch.port1.close();
    ch.port2.close();
  });
});
