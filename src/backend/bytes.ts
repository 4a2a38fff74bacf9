/**
 * Byte-string helpers: bbolt orders keys by unsigned byte comparison, and so do we.
 */

/** Compares two byte strings lexicographically: negative, zero or positive like `memcmp`. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Index of the first key `>= key` in ascending `keys` (`keys.length` when none). */
export function lowerBound(keys: readonly Uint8Array[], key: Uint8Array): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first key `> key` in ascending `keys` (`keys.length` when none). */
export function upperBound(keys: readonly Uint8Array[], key: Uint8Array): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Encodes an ASCII/UTF-8 string as bytes (bucket names). */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** FNV-1a 32-bit hash of `buf[from, to)`, continuing from `seed` (the offset basis by default). */
export function fnv1a(buf: Uint8Array, from = 0, to = buf.length, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = from; i < to; i++) {
    h ^= buf[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
