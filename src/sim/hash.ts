/**
 * Hashing used by the simulator's state machine, checker and trace: a 53-bit
 * cyrb53-style hash rendered as 14 hex digits. Not cryptographic; it only has
 * to make "two different entries at the same index" visible.
 */

/** hashBytes returns the 14-hex-digit hash of `data`, continuing from `seed`. */
export function hashBytes(data: Uint8Array, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < data.length; i++) {
    const ch = data[i] as number;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hi = (h2 >>> 0) & 0x1fffff;
  return hi.toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

const encoder = new TextEncoder();

/** hashString returns the hash of the UTF-8 bytes of `s`. */
export function hashString(s: string): string {
  return hashBytes(encoder.encode(s));
}

/**
 * hashEntry returns the identity hash of a log entry: its term, index, type
 * and data. Two entries with equal hashes are (for the checker) the same entry.
 */
export function hashEntry(e: { term: number; index: number; type: string; data: Uint8Array }): string {
  return hashBytes(e.data, (e.term * 31 + e.index * 7 + (e.type === 'EntryNormal' ? 0 : 1)) | 0);
}

/** chainHash folds an entry hash into a running state-machine hash. */
export function chainHash(prev: string, entryHash: string): string {
  return hashString(prev + '|' + entryHash);
}
