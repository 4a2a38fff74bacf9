/**
 * The speed control's scale: cluster-time factors on a log scale from slow motion (0.05x: one
 * tick every two seconds) to 16x, and the `?speed=` URL parameter that shares it.
 */

/** The slider's stops, roughly doubling: a log scale with round values. */
export const SPEED_STOPS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16];

/** The stop nearest to `x` in log distance (its index in SPEED_STOPS). */
export function nearestStop(x: number): number {
  let best = 0;
  for (let i = 1; i < SPEED_STOPS.length; i++) if (Math.abs(Math.log(SPEED_STOPS[i]!) - Math.log(x)) < Math.abs(Math.log(SPEED_STOPS[best]!) - Math.log(x))) best = i;
  return best;
}

/** "0.25x", "1x", "16x". */
export function formatSpeed(x: number): string {
  return `${Number(x.toPrecision(3))}x`;
}

/** The speed a `?speed=` value asks for, snapped to a stop; 1 when absent or not a positive number. */
export function parseSpeedParam(v: string | null): number {
  const x = Number(v);
  if (v === null || !Number.isFinite(x) || x <= 0) return 1;
  return SPEED_STOPS[nearestStop(x)]!;
}

/** `search` with `name` set to `value` (removed when value is undefined), keeping the other parameters. */
export function withParam(search: string, name: string, value: string | undefined): string {
  const q = new URLSearchParams(search);
  if (value === undefined) q.delete(name);
  else q.set(name, value);
  const s = q.toString();
  return s ? `?${s}` : '';
}
