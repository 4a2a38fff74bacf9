/**
 * Bitset is a fixed-size set of small integers (operation indices) that the
 * linearizability search uses to name "which operations are linearized".
 * Porcupine keys its cache on exactly this set plus the model state.
 */
export class Bitset {
  private readonly words: Uint32Array;

  constructor(size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array(Math.ceil(size / 32) || 1);
  }

  /** set adds i to the set. */
  set(i: number): this {
    this.words[i >>> 5]! |= 1 << (i & 31);
    return this;
  }

  /** clear removes i from the set. */
  clear(i: number): this {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
    return this;
  }

  /** has reports whether i is in the set. */
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** clone returns an independent copy. */
  clone(): Bitset {
    return new Bitset(0, this.words.slice());
  }

  /** equals reports whether both sets hold the same members. */
  equals(other: Bitset): boolean {
    const a = this.words;
    const b = other.words;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /**
   * elementHash is the Zobrist hash of one member: the hash of a set is the
   * XOR of its members' hashes, so the search updates it in O(1) per
   * set/clear instead of rehashing every word.
   */
  static elementHash(i: number): number {
    let h = Math.imul(i + 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** hash is the Zobrist hash of the set: the XOR of its members' elementHash. */
  hash(): number {
    let h = 0;
    for (let w = 0; w < this.words.length; w++) {
      for (let word = this.words[w]!; word !== 0; word &= word - 1) {
        h ^= Bitset.elementHash(w * 32 + (31 - Math.clz32(word & -word)));
      }
    }
    return h >>> 0;
  }
}
