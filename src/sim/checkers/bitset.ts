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

  /** hash is a 32-bit FNV-1a style hash of the words. */
  hash(): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < this.words.length; i++) {
      h = Math.imul(h ^ this.words[i]!, 0x01000193);
    }
    return h >>> 0;
  }
}
