import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixEnd } from './commands/kv-ops';
import { goUnquote } from './commands/txn-parse';
import { bytesOf, goQuote, hexEscape, rawByte } from './format';
import { splitWords } from './tokenize';

const cmp = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

describe('properties', () => {
  it('prefixEnd bounds exactly the keys that start with the prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.uint8Array({ maxLength: 6 }), (prefix, key) => {
        const end = prefixEnd(prefix);
        const hasPrefix = key.length >= prefix.length && prefix.every((b, i) => key[i] === b);
        const fromKey = end.length === 1 && end[0] === 0;
        const inRange = cmp(key, prefix) >= 0 && (fromKey || cmp(key, end) < 0);
        return fromKey ? !hasPrefix || inRange : hasPrefix === inRange;
      }),
    );
  });
  it("Go's %q and strconv.Unquote round-trip any byte string that is valid UTF-8", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const b = bytesOf(s);
        return goUnquote(goQuote(b)) === s;
      }),
    );
  });
  it("any bytes typed as $'\\xNN...' reach etcd unchanged", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 12 }), (b) => {
        const typed = "$'" + hexEscape(b) + "'";
        const [word] = splitWords(typed);
        expect([...bytesOf(word!)]).toEqual([...b]);
        expect([...bytesOf([...b].map(rawByte).join(''))]).toEqual([...b]);
      }),
    );
  });
});
