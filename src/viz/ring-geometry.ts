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

/**
 * Positions of the members on the ring when the network is partitioned: members of one group
 * sit next to each other and a gap of `gapSlots` empty slots separates groups, so each group
 * can be wrapped in its own hull. Without groups (or with one) it is memberPosition's ring.
 * Members in no group are isolated: each is a group of its own, after the listed groups.
 */
export function groupedPositions(ids: number[], groups: number[][] | undefined, cx: number, cy: number, r: number, gapSlots = 0.6): Map<number, Point> {
  const out = new Map<number, Point>();
  const norm = normalizeGroups(ids, groups);
  if (norm.length <= 1) {
    ids.forEach((id, i) => out.set(id, memberPosition(i, ids.length, cx, cy, r)));
    return out;
  }
  const slots = ids.length + gapSlots * norm.length;
  let at = 0;
  for (const g of norm) {
    for (const id of g) {
      const angle = -Math.PI / 2 + (2 * Math.PI * at) / slots;
      out.set(id, { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) });
      at += 1;
    }
    at += gapSlots;
  }
  return out;
}

/**
 * The partition groups restricted to `ids`, in ring order (a group sorts by its first member's
 * position in `ids`), members in no group appended as groups of one; empty groups removed.
 */
export function normalizeGroups(ids: number[], groups: number[][] | undefined): number[][] {
  if (!groups || groups.length === 0) return [ids.slice()];
  const order = new Map(ids.map((id, i) => [id, i]));
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const g of groups) {
    const kept = g.filter((id) => order.has(id) && !seen.has(id)).sort((a, b) => order.get(a)! - order.get(b)!);
    kept.forEach((id) => seen.add(id));
    if (kept.length) out.push(kept);
  }
  for (const id of ids) if (!seen.has(id)) out.push([id]);
  return out.sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

/**
 * The groups after dragging `moved` and dropping it at `drop`: onto (within `snap` of) another
 * member it joins that member's group; elsewhere farther than `snap` from where it started it
 * leaves for a group of its own; otherwise nothing changes (returns undefined).
 */
export function groupsAfterDrop(ids: number[], groups: number[][] | undefined, moved: number, drop: Point, pos: Map<number, Point>, snap: number): number[][] | undefined {
  const current = normalizeGroups(ids, groups);
  const without = current.map((g) => g.filter((id) => id !== moved)).filter((g) => g.length > 0);
  let target: number | undefined;
  let best = snap;
  for (const id of ids) {
    if (id === moved) continue;
    const p = pos.get(id)!;
    const d = Math.hypot(p.x - drop.x, p.y - drop.y);
    if (d < best) {
      best = d;
      target = id;
    }
  }
  if (target !== undefined) {
    const same = current.find((g) => g.includes(target!))!.includes(moved);
    if (same) return undefined;
    return without.map((g) => (g.includes(target!) ? [...g, moved] : g));
  }
  const from = pos.get(moved)!;
  if (Math.hypot(from.x - drop.x, from.y - drop.y) < snap) return undefined;
  const alone = current.find((g) => g.includes(moved))!.length === 1;
  return alone ? undefined : [...without, [moved]];
}

/** Convex hull of points (Andrew's monotone chain), counter-clockwise, no repeated first point. */
export function convexHull(points: Point[]): Point[] {
  const p = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (p.length <= 2) return p;
  const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (const q of p.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Outline of a group of members: the hull of circles of radius `pad` around each centre. */
export function groupHull(centres: Point[], pad: number, steps = 16): Point[] {
  const pts: Point[] = [];
  for (const c of centres)
    for (let i = 0; i < steps; i++) {
      const a = (2 * Math.PI * i) / steps;
      pts.push({ x: c.x + pad * Math.cos(a), y: c.y + pad * Math.sin(a) });
    }
  return convexHull(pts);
}

/**
 * What a member's tally badge says: which election, granted of voters, rejected. A member that
 * won its vote says "elected"; one that went back to follower says how its election ended.
 */
export function voteTally(role: string, votes: { granted: boolean }[] | undefined, voters: number | undefined, kind?: 'pre-vote' | 'vote'): { text: string; granted: number; rejected: number; kind: 'pre-vote' | 'vote' } | undefined {
  if (!votes || votes.length === 0 || role === 'stopped') return undefined;
  const k = kind ?? (role === 'pre-candidate' ? 'pre-vote' : 'vote');
  const granted = votes.filter((v) => v.granted).length;
  const rejected = votes.length - granted;
  const n = voters ?? votes.length;
  const head = role === 'leader' && k === 'vote' ? 'elected' : k;
  return { text: `${head} ${granted}/${n}${rejected ? ` · ${rejected}✗` : ''}`, granted, rejected, kind: k };
}
