import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goBase64Decode } from './go-base64';
import { goUnmarshalCheck, quoteChar } from './go-json';
import { goJsonString, headerJSON, kvJSON, watchJSON } from './responses';

const utf8 = new TextEncoder();

describe('goBase64Decode', () => {
  it('decodes whatever standard base64 encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(goBase64Decode(utf8.encode(Buffer.from(bytes).toString('base64')))).toEqual(bytes);
      }),
    );
  });
  it('skips newlines as Go does', () => {
    expect(goBase64Decode(utf8.encode('Zm9v\r\nYmFy\n'))).toEqual(utf8.encode('foobar'));
  });
});

describe('goJsonString', () => {
  it('round-trips through JSON.parse and escapes what Go escapes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0x202f }), { maxLength: 40 }).map((cs) => String.fromCharCode(...cs)), (s) => {
        expect(JSON.parse(goJsonString(s))).toBe(s);
      }),
    );
    expect(goJsonString('<a & b>\u2028\u2029\u0001\n"\\')).toBe('"\\u003ca \\u0026 b\\u003e\\u2028\\u2029\\u0001\\n\\"\\\\"');
  });
});

describe('go-json scanner', () => {
  it('accepts what JSON.parse accepts', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(() => goUnmarshalCheck(text)).not.toThrow();
      }),
    );
  });
  it("quotes the offending byte as Go's quoteChar", () => {
    expect([0x27, 0x22, 0x09, 0x5c, 0x00, 0x7f, 0xe9, 0x85, 0xad].map(quoteChar)).toEqual([`'\\''`, `'"'`, `'\\t'`, `'\\\\'`, `'\\x00'`, `'\\x7f'`, `'é'`, `'\\u0085'`, `'\\u00ad'`]);
  });
});

describe('jsonpb output', () => {
  it('prints uint64 IDs exactly, int64 as strings, and leaves zero fields out', () => {
    expect(headerJSON({ clusterId: 2n ** 64n - 1n, memberId: 0n, revision: 0, raftTerm: 3 })).toBe('{"cluster_id":"18446744073709551615","raft_term":"3"}');
    expect(kvJSON({ key: new Uint8Array([0xff]), createRevision: 0, modRevision: 9, version: 0, value: new Uint8Array(0), lease: 0n })).toBe('{"key":"/w==","mod_revision":"9"}');
  });
  it('prints every WatchResponse field in declaration order', () => {
    const r = { header: { clusterId: 1n, memberId: 2n, revision: 3, raftTerm: 4 }, watchId: 0, created: true, canceled: true, compactRevision: 5, cancelReason: 'x<y', fragment: true, events: [] };
    expect(watchJSON(r, 7n)).toBe('{"header":{"cluster_id":"1","member_id":"2","revision":"3","raft_term":"4"},"watch_id":"7","created":true,"canceled":true,"compact_revision":"5","cancel_reason":"x\\u003cy","fragment":true}');
  });
});
