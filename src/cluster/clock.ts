/**
 * BusClock: cluster time (ms) derived from the page's wall clock, scaled by a speed factor, and
 * frozen while paused. Every tick and every message delivery is scheduled in cluster time, so
 * speed 0.25 shows the same run four times slower and pause stops everything at once.
 *
 * ```
 *  cluster = base + (wall - wallBase) * speed      (running)
 *  cluster = base                                   (paused)
 * ```
 * Changing speed or pausing re-anchors (base, wallBase) so cluster time never jumps.
 */
export class BusClock {
  private base = 0;
  private wallBase: number;
  private speedFactor = 1;
  private paused = false;

  constructor(wallNow: number, startMs = 0) {
    this.wallBase = wallNow;
    this.base = startMs;
  }

  /** Cluster time at wall time `wall`. */
  now(wall: number): number {
    return this.paused ? this.base : this.base + (wall - this.wallBase) * this.speedFactor;
  }

  /** The wall time at which cluster time reaches `t` (Infinity while paused). */
  wallAt(t: number, wall: number): number {
    if (this.paused) return Infinity;
    return wall + Math.max(0, t - this.now(wall)) / this.speedFactor;
  }

  get speed(): number {
    return this.speedFactor;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Sets the speed factor (> 0). */
  setSpeed(x: number, wall: number): void {
    if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`speed must be a positive number, got ${x}`);
    this.anchor(wall);
    this.speedFactor = x;
  }

  /** Freezes or unfreezes cluster time. */
  setPaused(p: boolean, wall: number): void {
    this.anchor(wall);
    this.paused = p;
  }

  /** Moves cluster time forward by `ms` (single-step while paused). */
  advance(ms: number, wall: number): void {
    this.anchor(wall);
    this.base += ms;
  }

  private anchor(wall: number): void {
    this.base = this.now(wall);
    this.wallBase = wall;
  }
}
