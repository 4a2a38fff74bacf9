import { describe, expect, it } from 'vitest';
import { newMessage, type Entry, type Message } from '../raft';
import { coalesceMessages } from './coalesce';

const ent = (index: number, term = 2): Entry => ({ index, term, type: 'EntryNormal', data: new Uint8Array([index]) });
const app = (to: number, index: number, ents: number[], commit = 5, term = 2): Message =>
  newMessage({ type: 'MsgApp', from: 1, to, term, index, logTerm: term, entries: ents.map((i) => ent(i, term)), commit });
const resp = (to: number, index: number, reject = false): Message => newMessage({ type: 'MsgAppResp', from: 2, to, term: 2, index, reject });

describe('coalesceMessages', () => {
  it('merges back-to-back appends to one follower, per follower', () => {
    const out = coalesceMessages([app(2, 10, [11]), app(3, 10, [11]), app(2, 11, [12], 6), app(3, 11, [12, 13], 7)]);
    expect(out.map((m) => [m.to, m.index, m.entries.map((e) => e.index), m.commit])).toEqual([
      [2, 10, [11, 12], 6],
      [3, 10, [11, 12, 13], 7],
    ]);
  });

  it('keeps appends that do not continue each other, and stops at another kind of message', () => {
    const gap = [app(2, 10, [11]), app(2, 12, [13])];
    expect(coalesceMessages(gap)).toEqual(gap);
    const otherTerm = [app(2, 10, [11]), app(2, 11, [12], 5, 3)];
    expect(coalesceMessages(otherTerm)).toEqual(otherTerm);
    const between = [app(2, 10, [11]), newMessage({ type: 'MsgHeartbeat', from: 1, to: 2, term: 2 }), app(2, 11, [12])];
    expect(coalesceMessages(between)).toEqual(between);
    const empty = [app(2, 10, []), app(2, 10, [11])];
    expect(coalesceMessages(empty)).toEqual(empty);
  });

  it('keeps only the newest of back-to-back acknowledgements, never a rejection', () => {
    expect(coalesceMessages([resp(1, 11), resp(1, 12), resp(1, 14)]).map((m) => m.index)).toEqual([14]);
    const rejected = [resp(1, 11), resp(1, 9, true), resp(1, 12)];
    expect(coalesceMessages(rejected)).toEqual(rejected);
  });
});
