import type { SimRand } from './prng';
import { assert } from './assert';

/**
 * NetworkProfile is the simulated network's current quality: every message
 * draws its fate (drop, duplicate, delay, extra reordering delay) from it.
 * Delays are in ticks; a delay of 1 delivers at the start of the next tick.
 */
export interface NetworkProfile {
  /** dropRate is the probability that a message is lost. */
  dropRate: number;
  /** dupRate is the probability that a message is delivered twice. */
  dupRate: number;
  /** delayMinTicks/delayMaxTicks bound the per-message delay (inclusive, >= 1). */
  delayMinTicks: number;
  delayMaxTicks: number;
  /** reorderRate is the probability of an extra long delay (up to reorderDelayMaxTicks). */
  reorderRate: number;
  reorderDelayMaxTicks: number;
}

/** RELIABLE is the healed network: no loss, no duplicates, 1-2 ticks of delay. */
export const RELIABLE: Readonly<NetworkProfile> = Object.freeze({
  dropRate: 0,
  dupRate: 0,
  delayMinTicks: 1,
  delayMaxTicks: 2,
  reorderRate: 0,
  reorderDelayMaxTicks: 0,
});

/** UNRELIABLE is 6.824's unreliable network in ticks: 10% loss, some duplication and reordering. */
export const UNRELIABLE: Readonly<NetworkProfile> = Object.freeze({
  dropRate: 0.1,
  dupRate: 0.05,
  delayMinTicks: 1,
  delayMaxTicks: 3,
  reorderRate: 0.1,
  reorderDelayMaxTicks: 20,
});

/** Routable is the minimum a message needs for the network to carry it. */
export interface Routable {
  from: number;
  to: number;
}

/** InFlight is a message on the wire with the tick at which it arrives. */
export interface InFlight<M extends Routable> {
  msg: M;
  sentAt: number;
  deliverAt: number;
  /** seq orders messages due at the same tick (send order). */
  seq: number;
}

/** NetworkStats counts what the network did, for the CLI summary. */
export interface NetworkStats {
  sent: number;
  delivered: number;
  droppedLoss: number;
  droppedPartition: number;
  /** droppedCrash counts messages a member persisted for but died before sending. */
  droppedCrash: number;
  duplicated: number;
}

/** SendOutcome says what happened to a message handed to the network. */
export type SendOutcome = 'queued' | 'dropped-loss' | 'dropped-partition';

/**
 * SimNetwork is the simulated bus between members: a timing wheel of
 * in-flight messages plus a set of blocked directed links (partitions,
 * asymmetric links). It is generic in the message type so full etcd members
 * can later ride on it. It never reads a clock: callers pass `now`.
 */
export class SimNetwork<M extends Routable> {
  /** profile is the current network quality; the nemesis swaps it. */
  profile: NetworkProfile = { ...RELIABLE };
  /** stats are cumulative over the run. */
  readonly stats: NetworkStats = { sent: 0, delivered: 0, droppedLoss: 0, droppedPartition: 0, droppedCrash: 0, duplicated: 0 };
  private readonly wheel = new Map<number, InFlight<M>[]>();
  /** blocked holds "from>to" for every directed link that carries nothing. */
  private readonly blocked = new Set<string>();
  private seq = 0;
  private inflightCount = 0;

  /**
   * neverDuplicate exempts messages from duplication. etcd mode sets it for MsgProp: a
   * forwarded proposal is not idempotent (a duplicate is appended and applied twice, as it
   * would be in etcd), and etcd's peer transport (TCP streams) never duplicates one.
   */
  neverDuplicate: ((msg: M) => boolean) | undefined;

  /**
   * slow holds the extra delay (ticks) of every message to or from a slow member (a member on
   * an overloaded host or disk): it answers late, so it keeps falling behind and timing out.
   */
  readonly slow = new Map<number, number>();

  constructor(private readonly rand: SimRand) {}

  /** send queues `msg` (or drops it) according to the links and the profile. */
  send(msg: M, now: number): SendOutcome {
    this.stats.sent++;
    if (!this.connected(msg.from, msg.to)) {
      this.stats.droppedPartition++;
      return 'dropped-partition';
    }
    const p = this.profile;
    if (this.rand.chance(p.dropRate)) {
      this.stats.droppedLoss++;
      return 'dropped-loss';
    }
    this.enqueue(msg, now);
    if (this.rand.chance(p.dupRate) && !(this.neverDuplicate?.(msg) ?? false)) {
      this.stats.duplicated++;
      this.enqueue(msg, now);
    }
    return 'queued';
  }

  private enqueue(msg: M, now: number): void {
    const p = this.profile;
    let delay = this.rand.between(p.delayMinTicks, Math.max(p.delayMinTicks, p.delayMaxTicks));
    if (p.reorderDelayMaxTicks > 0 && this.rand.chance(p.reorderRate)) {
      delay += this.rand.between(1, p.reorderDelayMaxTicks);
    }
    if (this.slow.size > 0) delay += Math.max(this.slow.get(msg.from) ?? 0, this.slow.get(msg.to) ?? 0);
    assert(delay >= 1, `network delay must be >= 1 tick, got ${delay}`);
    const deliverAt = now + delay;
    let bucket = this.wheel.get(deliverAt);
    if (bucket === undefined) {
      bucket = [];
      this.wheel.set(deliverAt, bucket);
    }
    bucket.push({ msg, sentAt: now, deliverAt, seq: this.seq++ });
    this.inflightCount++;
  }

  /**
   * due removes and returns the messages arriving at tick `now`, in send
   * order, minus those whose link was cut while they were in flight.
   */
  due(now: number): InFlight<M>[] {
    const bucket = this.wheel.get(now);
    if (bucket === undefined) return [];
    this.wheel.delete(now);
    this.inflightCount -= bucket.length;
    const out: InFlight<M>[] = [];
    for (const f of bucket) {
      if (!this.connected(f.msg.from, f.msg.to)) {
        this.stats.droppedPartition++;
        continue;
      }
      this.stats.delivered++;
      out.push(f);
    }
    return out;
  }

  /** inflight lists every message on the wire (for visualisation), oldest first. */
  inflight(): InFlight<M>[] {
    const all: InFlight<M>[] = [];
    for (const b of this.wheel.values()) all.push(...b);
    return all.sort((a, b) => a.seq - b.seq);
  }

  /** inflightSize is the number of messages on the wire. */
  inflightSize(): number {
    return this.inflightCount;
  }

  /** connected reports whether the directed link from -> to carries messages. */
  connected(from: number, to: number): boolean {
    return from === to || !this.blocked.has(`${from}>${to}`);
  }

  /** blockLink cuts the directed link from -> to (an asymmetric fault). */
  blockLink(from: number, to: number): void {
    this.blocked.add(`${from}>${to}`);
  }

  /** isolate cuts every link into and out of `id`. */
  isolate(id: number, all: readonly number[]): void {
    for (const o of all) {
      if (o === id) continue;
      this.blockLink(id, o);
      this.blockLink(o, id);
    }
  }

  /**
   * partition cuts every link between nodes of different groups. A node in
   * no group keeps all its links (a "bridge" when groups are otherwise split).
   */
  partition(groups: readonly (readonly number[])[]): void {
    for (let i = 0; i < groups.length; i++) {
      for (let j = 0; j < groups.length; j++) {
        if (i === j) continue;
        for (const a of groups[i] as readonly number[]) {
          for (const b of groups[j] as readonly number[]) this.blockLink(a, b);
        }
      }
    }
  }

  /** reconnect restores every link into and out of `id` (6.824's connect). */
  reconnect(id: number): void {
    for (const k of [...this.blocked]) {
      const [a, b] = k.split('>').map(Number);
      if (a === id || b === id) this.blocked.delete(k);
    }
  }

  /** blockedLinks lists the cut directed links as [from, to] pairs. */
  blockedLinks(): [number, number][] {
    return [...this.blocked].map((k) => k.split('>').map(Number) as [number, number]);
  }

  /** heal restores every link (in-flight messages keep their fate). */
  heal(): void {
    this.blocked.clear();
  }

  /** isPartitioned reports whether any link is cut. */
  isPartitioned(): boolean {
    return this.blocked.size > 0;
  }
}
