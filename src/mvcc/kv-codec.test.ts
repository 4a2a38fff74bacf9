import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKeyValue, decodeKeyValueIndexFields, encodeKeyValue } from './kv-codec';

describe('decodeKeyValueIndexFields', () => {
  it('reads the same key, create revision, version and lease as the full decode', () => {
    const kvArb = fc.record({
      key: fc.uint8Array({ maxLength: 40 }),
      createRevision: fc.maxSafeNat(),
      modRevision: fc.maxSafeNat(),
      version: fc.nat(),
      value: fc.uint8Array({ maxLength: 300 }),
      lease: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
    });
    fc.assert(
      fc.property(kvArb, (kv) => {
        const b = encodeKeyValue(kv);
        const full = decodeKeyValue(b);
        const f = decodeKeyValueIndexFields(b);
        expect({ key: Uint8Array.from(f.key), createRevision: f.createRevision, version: f.version, lease: f.lease }).toEqual({ key: full.key, createRevision: full.createRevision, version: full.version, lease: full.lease });
      }),
      { numRuns: 300 },
    );
  });
});
