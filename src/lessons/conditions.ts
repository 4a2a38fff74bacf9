/**
 * Checking `until` and `wait` conditions against a WorldSnapshot, and taking that snapshot from a
 * LessonWorld (status, console text, and the keys the conditions read).
 */
import { backendMembers, keyPath, placeholders, resolvePath, substitute, type WorldSnapshot } from './paths';
import type { Capture, CompareOp, Condition } from './scenario';
import type { LessonWorld } from './world';

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Compares two values: numerically when both are numbers, as text otherwise. */
export function compare(lhs: string, op: CompareOp, rhs: string): boolean {
  const num = NUMBER.test(lhs) && NUMBER.test(rhs);
  const a = num ? Number(lhs) : lhs;
  const b = num ? Number(rhs) : rhs;
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case 'contains':
      return lhs.includes(rhs);
    case '!contains':
      return !lhs.includes(rhs);
  }
}

/** Whether one condition holds in the snapshot (its path and value have placeholders filled first). */
export function holds(c: Condition, s: WorldSnapshot): boolean {
  return compare(resolvePath(substitute(c.path, s), s), c.op, substitute(c.value, s).replace(/\\n/g, '\n'));
}

/** The `key:` paths the conditions read, after their placeholders are filled. */
export function keyPathsOf(conditions: readonly Condition[], s: WorldSnapshot): string[] {
  const out = new Set<string>();
  for (const c of conditions) {
    const p = substitute(c.path, s);
    if (keyPath(p)) out.add(p);
  }
  return [...out];
}

/** Takes a snapshot of the world, fetching the keys that `conditions` read and the backends they or `texts` name. */
export async function snapshot(world: LessonWorld, captures: readonly Capture[], start: Map<string, string>, conditions: readonly Condition[] = [], vars: Map<string, string> = new Map(), texts: readonly string[] = []): Promise<WorldSnapshot> {
  const s: WorldSnapshot = { members: await world.status(), consoles: world.consoles(), keys: new Map(), delivered: await world.delivered(), backends: new Map(), start, captures, vars };
  // Backends are read only for the members whose backend fields the conditions or texts name.
  const named = [...conditions.flatMap((c) => [c.path, ...placeholders(c.value)]), ...texts.flatMap((t) => placeholders(t))];
  for (const name of backendMembers(named.map((p) => substitute(p, s)), s)) {
    const b = await world.backend(name);
    if (b) s.backends.set(name, b);
  }
  for (const p of keyPathsOf(conditions, s)) {
    const k = keyPath(p)!;
    const member = k.member === '' ? undefined : /^infra\d+$/.test(k.member) ? k.member : resolvePath(k.member, s);
    // A key at a member that does not exist (or a placeholder that named nothing) reads as absent.
    let v: string | null | undefined;
    try {
      v = member === 'none' ? undefined : await world.get(k.key, member);
    } catch {
      v = undefined;
    }
    s.keys.set(`${k.key}@${k.member}`, v);
  }
  return s;
}

/** The paths that `{start.<path>}` placeholders in `texts` name (recorded when a step begins). */
export function startPaths(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const p of placeholders(t)) if (p.startsWith('start.')) out.add(p.slice(6));
  return [...out];
}
