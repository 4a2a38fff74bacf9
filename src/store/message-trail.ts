/**
 * MessageTrail: what the ring draws of the raft messages on the bus. At speed 1 the bus delivers
 * a message in a few milliseconds, faster than a frame, so the trail stretches each message's
 * flight to at least `minMs` of wall time (purely visual: the member got it long ago). A message
 * the bus dropped fades out where it died. Above `maxVisible` concurrent flights new messages
 * are skipped and counted, so heavy traffic draws a sample, never a blur.
 *
 * ```
 *  sent(id) ──► flying: progress 0 → 1 over max(minMs, real flight) ──► gone
 *                  └─ dropped(id) ──► fading where it died (fadeMs) ──► gone
 * ```
 * Pure: wall time is passed in. No React, no DOM.
 */
import type { MessageView } from './cluster-store';

/** Options of a trail. */
export interface TrailOptions {
  /** Shortest flight drawn, in wall ms. */
  minMs?: number;
  /** How long a dropped message takes to fade, in wall ms. */
  fadeMs?: number;
  /** Most flights drawn at once. */
  maxVisible?: number;
}

interface Flight {
  key: string;
  from: number;
  to: number;
  type: string;
  reject: boolean;
  start: number;
  duration: number;
  /** Wall ms when the bus dropped it, if it did. */
  droppedAt?: number;
  /** Where along the link it died. */
  diedAt?: number;
}

/** The trail of messages in flight, as drawn. */
export class MessageTrail {
  private readonly flights = new Map<string, Flight>();
  private readonly minMs: number;
  private readonly fadeMs: number;
  private readonly maxVisible: number;
  /** Messages not drawn because too many were already flying. */
  skipped = 0;

  constructor(opts: TrailOptions = {}) {
    this.minMs = opts.minMs ?? 300;
    this.fadeMs = opts.fadeMs ?? 400;
    this.maxVisible = opts.maxVisible ?? 60;
  }

  /** A message left `from` for `to`; `realMs` is its real flight in wall ms (delay / speed). */
  sent(m: { id: number; from: number; to: number; type: string; reject?: boolean }, wallNow: number, realMs: number): void {
    if (this.flights.size >= this.maxVisible) {
      this.skipped++;
      return;
    }
    const key = String(m.id);
    if (this.flights.has(key)) return;
    this.flights.set(key, { key, from: m.from, to: m.to, type: m.type, reject: m.reject === true, start: wallNow, duration: Math.max(this.minMs, realMs) });
  }

  /** The bus dropped message `id`: it fades where it is. */
  dropped(id: number, wallNow: number): void {
    const f = this.flights.get(String(id));
    if (!f || f.droppedAt !== undefined) return;
    f.droppedAt = wallNow;
    f.diedAt = this.progress(f, wallNow);
  }

  /** Forgets every flight from or to `member` (it was killed). */
  forget(member: number): void {
    for (const [k, f] of this.flights) if (f.from === member || f.to === member) this.flights.delete(k);
  }

  /** Flights to draw at `wallNow`, oldest first; finished ones are pruned. */
  views(wallNow: number): MessageView[] {
    const out: MessageView[] = [];
    for (const [k, f] of this.flights) {
      if (f.droppedAt !== undefined) {
        const fade = (wallNow - f.droppedAt) / this.fadeMs;
        if (fade >= 1) {
          this.flights.delete(k);
          continue;
        }
        out.push(this.view(f, f.diedAt ?? 0, 1 - fade, true));
        continue;
      }
      const p = this.progress(f, wallNow);
      if (p >= 1) {
        this.flights.delete(k);
        continue;
      }
      out.push(this.view(f, p, 1, false));
    }
    return out;
  }

  /** Number of flights held (drawn or fading). */
  get size(): number {
    return this.flights.size;
  }

  private progress(f: Flight, wallNow: number): number {
    return Math.min(1, Math.max(0, (wallNow - f.start) / f.duration));
  }

  private view(f: Flight, progress: number, opacity: number, dropped: boolean): MessageView {
    const v: MessageView = { key: f.key, from: f.from, to: f.to, type: f.type, sentAt: 0, deliverAt: 1, progress, opacity, dropped };
    if (f.reject) v.reject = true;
    return v;
  }
}
