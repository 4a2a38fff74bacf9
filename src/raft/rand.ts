/** Rand is the injected source of randomness (the core never calls Math.random). */
export interface Rand {
  /** intn returns a uniformly distributed integer in [0, n). */
  intn(n: number): number;
}

/**
 * createRand returns a small seeded PRNG (mulberry32): pure, fast, and reproducible from `seed`.
 */
export function createRand(seed: number): Rand {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    intn(n: number): number {
      return Math.floor(next() * n);
    },
  };
}
