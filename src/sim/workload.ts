import type { SimRand } from './prng';

/** WorkloadHost is what the client workload needs from a world. */
export interface WorkloadHost {
  readonly ids: readonly number[];
  leader(): number;
  isUp(id: number): boolean;
  /** propose submits data at member `id`; false when it was dropped. */
  propose(id: number, data: Uint8Array): boolean;
}

/** WorkloadStats counts client proposals. */
export interface WorkloadStats {
  proposed: number;
  dropped: number;
}

const encoder = new TextEncoder();

/**
 * Workload is the client: on each tick, with probability `rate`, it proposes
 * a unique payload ("c<n>") at the leader, or (with probability
 * `followerShare`) at a random up member, which forwards it (MsgProp) or
 * drops it. It stops at `stopAt` so the end of a run can check convergence.
 */
export class Workload {
  readonly stats: WorkloadStats = { proposed: 0, dropped: 0 };
  private seq = 0;

  constructor(
    private readonly rand: SimRand,
    private readonly host: WorkloadHost,
    private readonly rate: number,
    private readonly followerShare: number,
    readonly stopAt: number,
  ) {}

  /** step maybe proposes one entry at tick `now`. */
  step(now: number): void {
    if (now >= this.stopAt || !this.rand.chance(this.rate)) return;
    let target = this.host.leader();
    if (target === 0 || this.rand.chance(this.followerShare)) {
      const up = this.host.ids.filter((id) => this.host.isUp(id));
      if (up.length === 0) return;
      target = this.rand.pick(up);
    }
    this.proposeAt(target);
  }

  /** proposeAt proposes the next payload at `id` and returns it. */
  proposeAt(id: number): string {
    const payload = `c${++this.seq}`;
    this.stats.proposed++;
    if (!this.host.propose(id, encoder.encode(payload))) this.stats.dropped++;
    return payload;
  }
}
