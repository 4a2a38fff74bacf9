/**
 * Static checks of a parsed lesson beyond its grammar: every path a condition or placeholder
 * names must exist (a typo like `{leadr}` would otherwise surface only when a learner got there).
 */
import { keyPath, placeholders, resolvePath, PathError, type WorldSnapshot } from './paths';
import type { Action, Scenario } from './scenario';
import type { MemberStatus } from './world';

function texts(a: Action): string[] {
  switch (a.kind) {
    case 'kill':
    case 'restart':
    case 'wipe':
      return [a.member];
    case 'partition':
      return a.groups.flat();
    case 'link':
      return [a.a, a.b];
    case 'console':
    case 'etcdctl':
      return [a.command];
    case 'remember':
      return [a.value];
    case 'wait':
      return [`{${a.condition.path}}`, a.condition.value];
    case 'heal':
    case 'pause':
    case 'resume':
    case 'speed':
    case 'interrupt':
      return [];
  }
}

/** A snapshot where every member exists and runs, so any well-formed path resolves. */
function sample(sc: Scenario): WorldSnapshot {
  const members: MemberStatus[] = Array.from({ length: Math.max(sc.members, 5) }, (_, i) => ({
    name: `infra${i + 1}`, id: '8e9e05c52164694d', state: i === 0 ? 'leader' : 'follower', term: 2, leader: 'infra1', commit: 5, applied: 5, revision: 1, compactRevision: 0, lastIndex: 5, snapshotIndex: 0, firstIndex: 1, endpoint: '',
  }));
  const vars = new Map<string, string>();
  for (const a of [...sc.setup, ...sc.steps.flatMap((st) => [...st.auto, ...st.act])]) if (a.kind === 'remember') vars.set(a.name, 'infra1');
  return { members, consoles: [''], keys: new Map(), delivered: {}, backends: new Map(members.map((m) => [m.name, { dbSize: 32768, dbSizeInUse: 16384, depth: 1, keys: 3, leafPages: 4, branchPages: 0, freePages: 2 }])), start: new Map(), captures: sc.captures, vars };
}

/** Lists the unknown paths of a lesson as `file:line: message` (empty when all is well). */
export function lintScenario(sc: Scenario): string[] {
  const s = sample(sc);
  const errors: string[] = [];
  const check = (path: string, line: number): void => {
    const p = path.startsWith('start.') ? path.slice(6) : path;
    if (keyPath(p)) return;
    try {
      resolvePath(p.replace(/\{[^}]*\}/g, 'infra1'), s);
    } catch (e) {
      if (e instanceof PathError) errors.push(`${sc.id}.txt:${line}: ${e.message}`);
      else throw e;
    }
  };
  for (const a of sc.setup) for (const t of texts(a)) for (const p of placeholders(t)) check(p, a.line);
  for (const st of sc.steps) {
    for (const t of [...st.say, st.task ?? '', st.explain ?? '']) for (const p of placeholders(t)) check(p, st.line);
    for (const a of [...st.act, ...st.auto]) for (const t of texts(a)) for (const p of placeholders(t)) check(p, a.line);
    for (const c of st.until) {
      check(c.path, c.line);
      for (const p of placeholders(c.value)) check(p, c.line);
    }
  }
  return errors;
}
