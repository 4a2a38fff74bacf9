/**
 * The bus's event stream: what the UI store, the timeline and the e2e tests see of the cluster.
 * Message events share the envelope id, so a drawing can pair `sent` with `delivered`/`dropped`.
 */
import type { CutReason } from './links';

/** Why a message never reached its receiver. */
/** 'by-hand': the learner dropped it from the message inspector. */
export type DropReason = CutReason | 'lost' | 'member-down' | 'by-hand';

/** A member's role as etcdscope shows it; `corrupt`: it refused to start on a failed checksum. */
export type MemberRole = 'leader' | 'follower' | 'candidate' | 'pre-candidate' | 'learner' | 'stopped' | 'corrupt';

/** One event on the bus. `at` is cluster time in ms. */
export type BusEvent =
  | { kind: 'sent'; id: number; from: number; to: number; type: string; at: number; deliverAt: number; duplicate: boolean; term?: number; reject?: boolean }
  | { kind: 'delivered'; id: number; from: number; to: number; type: string; at: number }
  | { kind: 'dropped'; id: number; from: number; to: number; type: string; at: number; reason: DropReason; term?: number; reject?: boolean }
  | { kind: 'role'; member: number; at: number; role: MemberRole; term: number }
  | { kind: 'commit'; member: number; at: number; index: number }
  | { kind: 'apply'; member: number; at: number; index: number; revision: number }
  | { kind: 'lifecycle'; member: number; at: number; what: 'started' | 'killed' | 'restarted' | 'wiped' | 'failed'; detail?: string };

/** Options of the recorder. */
export interface RecorderOptions {
  /** Events kept for late readers. */
  capacity?: number;
  /** Above this many message events per second of cluster time, only a sample is published. */
  maxMessageEventsPerSecond?: number;
}

const isMessageEvent = (e: BusEvent): boolean => e.kind === 'sent' || e.kind === 'delivered' || e.kind === 'dropped';

/**
 * EventRecorder: buffers bus events and hands them to subscribers in batches (`flush`, once per
 * animation frame), so heavy traffic never calls into the UI per message. In sampled mode only
 * message ids divisible by the sampling stride are kept (a message's events stay together);
 * counters always count everything.
 */
export class EventRecorder {
  private readonly recent: BusEvent[] = [];
  private pending: BusEvent[] = [];
  private readonly listeners = new Set<(batch: BusEvent[]) => void>();
  private readonly capacity: number;
  private readonly maxRate: number;
  private windowStart = 0;
  private windowCount = 0;
  /** Keep one message in `stride` (1 = everything). */
  stride = 1;
  /** Every event ever recorded, by kind (sampled ones included). */
  readonly counts: Record<BusEvent['kind'], number> = { sent: 0, delivered: 0, dropped: 0, role: 0, commit: 0, apply: 0, lifecycle: 0 };

  /** Delivered messages by raft message type (never sampled), e.g. MsgSnap. */
  readonly deliveredByType = new Map<string, number>();

  /** Dropped messages by reason (never sampled), e.g. by-hand. */
  readonly droppedByReason = new Map<DropReason, number>();

  constructor(opts: RecorderOptions = {}) {
    this.capacity = opts.capacity ?? 2000;
    this.maxRate = opts.maxMessageEventsPerSecond ?? 400;
  }

  /** True when message events are being sampled. */
  get sampled(): boolean {
    return this.stride > 1;
  }

  /** Records one event. */
  record(e: BusEvent): void {
    this.counts[e.kind]++;
    if (e.kind === 'delivered') this.deliveredByType.set(e.type, (this.deliveredByType.get(e.type) ?? 0) + 1);
    if (e.kind === 'dropped') this.droppedByReason.set(e.reason, (this.droppedByReason.get(e.reason) ?? 0) + 1);
    if (isMessageEvent(e)) {
      this.rate(e.at);
      if ((e as { id: number }).id % this.stride !== 0) return;
    }
    this.pending.push(e);
    this.recent.push(e);
    if (this.recent.length > this.capacity) this.recent.splice(0, this.recent.length - this.capacity);
  }

  /** Hands the pending batch to every subscriber. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const l of this.listeners) l(batch);
  }

  /** Subscribes to batches; returns unsubscribe. */
  subscribe(l: (batch: BusEvent[]) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** The last `capacity` published events. */
  history(): readonly BusEvent[] {
    return this.recent;
  }

  /** Adapts the stride once per second of cluster time from the observed message rate. */
  private rate(at: number): void {
    if (at - this.windowStart >= 1000) {
      const perSecond = (this.windowCount * 1000) / Math.max(1000, at - this.windowStart);
      this.stride = perSecond > this.maxRate ? Math.ceil(perSecond / this.maxRate) : 1;
      this.windowStart = at;
      this.windowCount = 0;
    }
    this.windowCount++;
  }
}
