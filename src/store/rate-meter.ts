/**
 * RateMeter: messages per second from a running counter, re-measured once per second of wall
 * time, for the ring's "N msg/s, a sample is drawn" label. Pure: wall time is passed in.
 */
import type { MessageRate } from './cluster-store';

/** Measures a counter's rate over one-second windows. */
export class RateMeter {
  private windowStart: number | undefined;
  private startCount = 0;
  private last: MessageRate = { perSecond: 0, sampled: false };

  /** The rate as of the last full window; `count` is the counter now. */
  read(wallNow: number, count: number, sampled: boolean): MessageRate {
    if (this.windowStart === undefined) {
      this.windowStart = wallNow;
      this.startCount = count;
    } else if (wallNow - this.windowStart >= 1000) {
      const perSecond = Math.round(((count - this.startCount) * 1000) / (wallNow - this.windowStart));
      this.last = { perSecond, sampled };
      this.windowStart = wallNow;
      this.startCount = count;
    }
    return this.last.sampled === sampled ? this.last : (this.last = { ...this.last, sampled });
  }
}
