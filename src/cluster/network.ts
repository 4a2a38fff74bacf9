/**
 * Network: the bus's pure core. Every raft message a member sends becomes an envelope whose
 * fate (cut, lost, duplicated, delay) is drawn from the bus's seeded PRNG and the LinkTable;
 * envelopes wait in a queue ordered by delivery time (then send order) until the host's clock
 * reaches them. A lost message still travels (so it can be drawn) and dies on arrival; a link
 * cut while a message is in flight drops it on arrival too, like a reset TCP connection.
 */
import { SimRand } from '../sim/prng';
import type { BusEvent, DropReason } from './events';
import { LinkTable } from './links';
import { MinHeap } from './heap';

/** A message on the wire. */
export interface Envelope<M> {
  id: number;
  from: number;
  to: number;
  /** The raft message type (for drawing and filtering). */
  type: string;
  msg: M;
  sentAt: number;
  deliverAt: number;
  /** Drawn as lost: it dies on arrival. */
  lost: boolean;
}

/** One thing due at a cluster time: a member tick or a message arrival. */
export type Due<M> = { kind: 'tick'; at: number } | { kind: 'deliver'; at: number; env: Envelope<M> };

/** The network between members. `emit` receives every sent/delivered/dropped event. */
export class Network<M> {
  readonly links = new LinkTable();
  private rng: SimRand;
  private readonly queue = new MinHeap<Envelope<M>>((a, b) => a.deliverAt - b.deliverAt || a.id - b.id);
  private nextId = 1;
  /** Cluster time of the next member tick. */
  private nextTickAt: number;

  constructor(
    seed: number,
    private readonly tickMs: number,
    private readonly emit: (ev: BusEvent) => void,
    startMs = 0,
    /** Copies a message for a duplicate (a transferred buffer can be delivered only once). */
    private readonly clone: (msg: M) => M = (msg) => msg,
  ) {
    this.rng = new SimRand(seed);
    this.nextTickAt = startMs + tickMs;
  }

  /** Messages in flight, earliest first (for drawing). */
  inFlight(): Envelope<M>[] {
    return this.queue.toSortedArray();
  }

  /**
   * Sends one message at cluster time `now`. `meta` is what drawings need of the message
   * itself: its term, and `reject` for a rejecting response (drawn with an x).
   */
  send(from: number, to: number, type: string, msg: M, now: number, meta?: { term: number; reject: boolean }): void {
    const base = { from, to, type, at: now, ...(meta ? { term: meta.term, ...(meta.reject ? { reject: true } : {}) } : {}) };
    const cut = this.links.cut(from, to);
    if (cut) {
      this.emit({ kind: 'dropped', id: this.nextId++, ...base, reason: cut });
      return;
    }
    const link = this.links.get(from, to);
    // A forwarded proposal is not idempotent (a duplicate would be appended and applied twice),
    // and etcd's peer transport (TCP streams) never duplicates one: only other messages are.
    const copies = type !== 'MsgProp' && this.rng.chance(link.duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const delay = link.delayMinMs + this.rng.float() * (link.delayMaxMs - link.delayMinMs);
      const env: Envelope<M> = { id: this.nextId++, from, to, type, msg: i === 0 ? msg : this.clone(msg), sentAt: now, deliverAt: now + delay, lost: this.rng.chance(link.dropRate) };
      this.queue.push(env);
      this.emit({ kind: 'sent', id: env.id, ...base, deliverAt: env.deliverAt, duplicate: i > 0 });
    }
  }

  /**
   * Everything due up to cluster time `now`, in time order: ticks every tickMs and the
   * deliveries between them. Lost or cut envelopes are dropped here (and reported) instead of
   * being returned. `alive(id)` tells whether the receiver runs; a dead one drops the message.
   */
  advance(now: number, alive: (id: number) => boolean): Due<M>[] {
    const out: Due<M>[] = [];
    for (;;) {
      const env = this.queue.peek();
      const nextMsg = env ? env.deliverAt : Infinity;
      const next = Math.min(nextMsg, this.nextTickAt);
      if (next > now) break;
      if (this.nextTickAt <= nextMsg) {
        out.push({ kind: 'tick', at: this.nextTickAt });
        this.nextTickAt += this.tickMs;
        continue;
      }
      this.queue.pop();
      const reason = this.fate(env!, alive);
      const ev = { id: env!.id, from: env!.from, to: env!.to, type: env!.type, at: env!.deliverAt };
      if (reason) this.emit({ kind: 'dropped', ...ev, reason });
      else {
        this.emit({ kind: 'delivered', ...ev });
        out.push({ kind: 'deliver', at: env!.deliverAt, env: env! });
      }
    }
    return out;
  }

  /** Cluster time of the next tick or delivery (the host sleeps until then). */
  nextDueAt(): number {
    return Math.min(this.queue.peek()?.deliverAt ?? Infinity, this.nextTickAt);
  }

  /** Cluster time of the next tick. */
  get nextTick(): number {
    return this.nextTickAt;
  }

  /** The envelope `id` while it is in flight (the inspector reads its fields), else undefined. */
  find(id: number): Envelope<M> | undefined {
    return this.queue.find((e) => e.id === id);
  }

  /**
   * Drops the message `id` by hand (the learner clicked "Drop" in the inspector): it leaves the
   * queue and is reported as dropped with reason 'by-hand'. Returns false when it is no longer
   * in flight (already delivered or dropped).
   */
  drop(id: number, now: number): boolean {
    const [env] = this.queue.removeWhere((e) => e.id === id);
    if (!env) return false;
    this.emit({ kind: 'dropped', id: env.id, from: env.from, to: env.to, type: env.type, at: now, reason: 'by-hand' });
    return true;
  }

  /** Drops every message in flight to or from `id` (its worker was terminated). */
  dropFor(id: number, now: number): void {
    for (const env of this.queue.removeWhere((e) => e.to === id || e.from === id)) {
      this.emit({ kind: 'dropped', id: env.id, from: env.from, to: env.to, type: env.type, at: now, reason: 'member-down' });
    }
  }

  private fate(env: Envelope<M>, alive: (id: number) => boolean): DropReason | undefined {
    if (env.lost) return 'lost';
    const cut = this.links.cut(env.from, env.to);
    if (cut) return cut;
    if (!alive(env.to)) return 'member-down';
    return undefined;
  }
}
