import { assert } from './assert';

/**
 * SimRand is the simulator's one seeded pseudo-random source. Every random
 * choice in a simulated world (network delays, drops, nemesis faults, client
 * workload and, through its `intn`, the Raft election timeouts) draws from a
 * single SimRand, so a run is a pure function of its seed.
 *
 * The generator is mulberry32: 32 bits of state, fast, and good enough for
 * fault injection (not for cryptography).
 */
export class SimRand {
  /** state is the 32-bit mulberry32 state; it advances on every draw. */
  private state: number;

  /** Creates a generator from an integer seed (any JS number; truncated to 32 bits). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** next returns a uniformly distributed unsigned 32-bit integer. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** float returns a number in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** intn returns an integer in [0, n); it is the `Rand` interface Raft expects. */
  intn(n: number): number {
    assert(n > 0 && Number.isInteger(n), `intn: bad bound ${n}`);
    return Math.floor(this.float() * n);
  }

  /** between returns an integer in [lo, hi] (both inclusive). */
  between(lo: number, hi: number): number {
    assert(hi >= lo, `between: ${lo} > ${hi}`);
    return lo + this.intn(hi - lo + 1);
  }

  /** chance returns true with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.float() < p;
  }

  /** pick returns a uniformly chosen element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    assert(xs.length > 0, 'pick: empty array');
    return xs[this.intn(xs.length)] as T;
  }

  /** shuffle returns a shuffled copy of xs (Fisher-Yates). */
  shuffle<T>(xs: readonly T[]): T[] {
    const out = xs.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.intn(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}
