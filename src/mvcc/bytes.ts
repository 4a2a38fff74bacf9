/**
 * Byte helpers. Inside the index, keys are kept as "binary strings" (one char per byte, code
 * 0..255): JavaScript compares such strings exactly as Go's `bytes.Compare` compares the bytes
 * (unsigned, lexicographic), and they are cheap map keys.
 */

const CHUNK = 0x2000;

/** The binary string of `b`: one UTF-16 unit per byte, same order as the bytes. */
export function bytesToStr(b: Uint8Array): string {
  if (b.length <= CHUNK) return String.fromCharCode.apply(null, b as unknown as number[]);
  let s = '';
  for (let i = 0; i < b.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, b.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return s;
}

/** The bytes of a binary string made by {@link bytesToStr}. */
export function strToBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** Unsigned lexicographic comparison, like Go's `bytes.Compare`: -1, 0 or 1. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Whether two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return compareBytes(a, b) === 0;
}

/**
 * The range end that selects every key with `prefix` (clientv3.GetPrefixRangeEnd): drop trailing
 * 0xff bytes and increment the last one; a prefix of only 0xff bytes gives `\0` (from-key).
 */
export function prefixRangeEnd(prefix: Uint8Array): Uint8Array {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.slice(0, i + 1);
    }
  }
  return new Uint8Array([0]);
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** UTF-8 bytes of a string (convenience for tests and callers holding text keys). */
export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

/** The UTF-8 text of some bytes. */
export function fromUtf8(b: Uint8Array): string {
  return dec.decode(b);
}
