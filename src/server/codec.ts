/**
 * A compact JSON codec for what travels in raft entries and snapshots: plain data with
 * `bigint` (IDs) and `Uint8Array` (keys, values) preserved.
 *
 * ```
 *   123n              -> {"$n":"123"}
 *   Uint8Array [1,2]  -> {"$b":"0102"}
 * ```
 */

const enc = new TextEncoder();
const dec = new TextDecoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

function replacer(this: unknown, _k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return { $n: v.toString() };
  if (v instanceof Uint8Array) return { $b: toHex(v) };
  return v;
}

function reviver(_k: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.$n === 'string' && Object.keys(o).length === 1) return BigInt(o.$n);
    if (typeof o.$b === 'string' && Object.keys(o).length === 1) return fromHex(o.$b);
  }
  return v;
}

/** encodeData serialises plain data (with bigint and Uint8Array) to bytes. */
export function encodeData(v: unknown): Uint8Array {
  return enc.encode(JSON.stringify(v, replacer));
}

/** decodeData is the inverse of {@link encodeData}. */
export function decodeData<T>(b: Uint8Array): T {
  return JSON.parse(dec.decode(b), reviver) as T;
}
