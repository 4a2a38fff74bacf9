/**
 * Pure geometry of the cluster ring (RaftScope's "spec" functions): where each member sits,
 * where a message is along its link, how much of an election timeout arc remains.
 */

/** A point in SVG user units. */
export interface Point {
  x: number;
  y: number;
}

/** Position of member `i` of `n` on a ring of radius `r` around (cx, cy); member 0 at the top. */
export function memberPosition(i: number, n: number, cx: number, cy: number, r: number): Point {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
  return { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
}

/**
 * Where a message is on the straight link from `a` to `b` at time `now`, given when it was sent
 * and when it will be delivered; clamped to the link. Endpoints are pulled in by `inset` so a
 * message leaves from the member's edge, not its centre.
 */
export function messagePosition(a: Point, b: Point, sentAt: number, deliverAt: number, now: number, inset = 0): Point {
  const span = deliverAt - sentAt;
  const f = span <= 0 ? 1 : Math.min(1, Math.max(0, (now - sentAt) / span));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const start = { x: a.x + ux * inset, y: a.y + uy * inset };
  const travel = Math.max(0, len - 2 * inset);
  return { x: start.x + ux * travel * f, y: start.y + uy * travel * f };
}

/** Fraction of the election timeout still to run, in [0, 1] (1 = just reset). */
export function timeoutRemaining(elapsed: number, timeout: number): number {
  if (timeout <= 0) return 0;
  return Math.min(1, Math.max(0, 1 - elapsed / timeout));
}

/** SVG path of an arc on a circle of radius r around (cx, cy), clockwise from the top, covering `fraction`. */
export function arcPath(cx: number, cy: number, r: number, fraction: number): string {
  const f = Math.min(0.9999, Math.max(0, fraction));
  if (f === 0) return '';
  const start = { x: cx, y: cy - r };
  const angle = -Math.PI / 2 + 2 * Math.PI * f;
  const end = { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
  const large = f > 0.5 ? 1 : 0;
  return `M ${start.x} ${start.y} A ${r} ${r} 0 ${large} 1 ${end.x} ${end.y}`;
}

/** The link between two members, trimmed to the members' edges, with its midpoint (for the cut cross and labels). */
export function linkSegment(a: Point, b: Point, inset: number): { from: Point; to: Point; mid: Point; angle: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const from = { x: a.x + ux * inset, y: a.y + uy * inset };
  const to = { x: b.x - ux * inset, y: b.y - uy * inset };
  return { from, to, mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, angle: (Math.atan2(dy, dx) * 180) / Math.PI };
}

/** Where a message is at `progress` (0..1) along the link from a to b, leaving from a's edge. */
export function pointAlong(a: Point, b: Point, progress: number, inset = 0): Point {
  return messagePosition(a, b, 0, 1, Math.min(1, Math.max(0, progress)), inset);
}
