/**
 * LinkTable: the state of every directed link between members, as the bus applies it to each
 * raft message. A link is cut when it is marked down or when a partition puts its two ends in
 * different groups; otherwise a message on it is dropped with `dropRate`, duplicated with
 * `duplicateRate`, and delayed by a uniform draw in `[delayMinMs, delayMaxMs]` of cluster time.
 *
 * ```
 *  partition [[1],[2,3]]:   1 -x- 2    1 -x- 3    2 --- 3   (cuts both directions)
 *  link(1,2,{up:false}):    1 -x- 2 (and 2 -x- 1: link() sets both directions)
 *  setDirected(2,1,{up:false}): 1 --> 2 delivered, 2 -x> 1 cut (asymmetric)
 * ```
 */

/** What one direction of a link does to the messages on it. */
export interface LinkState {
  up: boolean;
  dropRate: number;
  duplicateRate: number;
  delayMinMs: number;
  delayMaxMs: number;
}

/** The default link: up, lossless, a few ms of latency. */
export const DEFAULT_LINK: Readonly<LinkState> = Object.freeze({ up: true, dropRate: 0, duplicateRate: 0, delayMinMs: 2, delayMaxMs: 8 });

/** Why a link refuses a message. */
export type CutReason = 'link-down' | 'partitioned';

const key = (from: number, to: number): string => `${from}>${to}`;

/** Per-link overrides plus the current partition. */
export class LinkTable {
  private readonly links = new Map<string, LinkState>();
  /** member -> group number; undefined when the network is whole. */
  private groups: Map<number, number> | undefined;

  constructor(private readonly defaults: LinkState = { ...DEFAULT_LINK }) {}

  /** The state of the directed link from -> to. */
  get(from: number, to: number): LinkState {
    return this.links.get(key(from, to)) ?? this.defaults;
  }

  /** Changes both directions of the link between a and b. */
  set(a: number, b: number, patch: Partial<LinkState>): void {
    for (const [f, t] of [[a, b], [b, a]] as const) {
      const next = { ...this.get(f, t), ...patch };
      if (next.delayMaxMs < next.delayMinMs) next.delayMaxMs = next.delayMinMs;
      this.links.set(key(f, t), next);
    }
  }

  /**
   * Changes one direction only (from -> to): an asymmetric fault, e.g. a leader whose outgoing
   * messages arrive while everything sent to it is lost.
   */
  setDirected(from: number, to: number, patch: Partial<LinkState>): void {
    const next = { ...this.get(from, to), ...patch };
    if (next.delayMaxMs < next.delayMinMs) next.delayMaxMs = next.delayMinMs;
    this.links.set(key(from, to), next);
  }

  /** Changes the default of every link (and drops the per-link overrides of those fields). */
  setDefaults(patch: Partial<LinkState>): void {
    Object.assign(this.defaults, patch);
    for (const [k, v] of this.links) this.links.set(k, { ...v, ...patch });
  }

  /**
   * Splits the members into groups: messages between groups are cut. A member in no group is
   * isolated (a group of its own).
   */
  partition(groups: number[][]): void {
    const g = new Map<number, number>();
    groups.forEach((members, i) => members.forEach((m) => g.set(m, i)));
    this.groups = g;
  }

  /** Removes the partition and every per-link override. */
  heal(): void {
    this.groups = undefined;
    this.links.clear();
  }

  /** The current partition groups, if any (for status and the UI). */
  partitionGroups(): number[][] | undefined {
    if (!this.groups) return undefined;
    const out: number[][] = [];
    for (const [m, g] of this.groups) (out[g] ??= []).push(m);
    return out.filter((x) => x !== undefined);
  }

  /** Why from -> to cannot carry a message now, or undefined when it can. */
  cut(from: number, to: number): CutReason | undefined {
    if (!this.get(from, to).up) return 'link-down';
    if (this.groups) {
      const a = this.groups.get(from);
      const b = this.groups.get(to);
      if (a === undefined || b === undefined || a !== b) return 'partitioned';
    }
    return undefined;
  }
}
