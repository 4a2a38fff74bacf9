/**
 * Parses one action or condition line of a lesson script (the part after `setup`, `do`, `auto`
 * or `until`). Errors are ScenarioSyntaxError with the line number and what was expected.
 */
import type { Action, CompareOp, Condition } from './scenario';

/** A mistake in a lesson script, with its line number and a hint at what was expected. */
export class ScenarioSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'ScenarioSyntaxError';
  }
}

/** Every action verb, for error messages. */
export const ACTION_VERBS = ['kill', 'restart', 'wipe', 'partition', 'heal', 'link', 'speed', 'pause', 'resume', 'console', 'enter', 'interrupt', 'etcdctl', 'wait', 'remember'] as const;

/** Names `remember` may not take: they are paths already. */
const RESERVED = /^(leader|follower\d?|stopped|start|min|max|console|key|term|commit|applied|revision|compact-revision|last-index|running|members|infra\d+)$/;

const OPS: CompareOp[] = ['!contains', 'contains', '==', '!=', '>=', '<=', '>', '<'];

/** A member argument: a name (`infra2`) or a placeholder (`{leader}`, `{start.leader}`). */
const MEMBER = /^(infra\d+|\{[a-z0-9.:@_-]+\})$/i;

type Fail = (detail: string) => never;

function member(word: string | undefined, fail: Fail, verb: string): string {
  if (!word || !MEMBER.test(word)) fail(`${verb} needs a member: a name like infra2 or a placeholder like {leader}, got ${word === undefined ? 'nothing' : `"${word}"`}`);
  return word;
}

/** `1` or `:2` after `console`/`interrupt` picks the tab; the default is tab 1. */
function tabOf(verb: string, fail: Fail): { base: string; tab: number } {
  const m = /^([a-z-]+)(?::(\d+))?$/.exec(verb);
  if (!m) fail(`unknown action "${verb}"`);
  const tab = m[2] === undefined ? 1 : Number(m[2]);
  if (tab < 1 || tab > 9) fail(`console tabs are numbered 1 to 9, got ${m[2]}`);
  return { base: m[1]!, tab };
}

/** Parses `partition infra1,infra2 | infra3,infra4,infra5`. */
function groups(rest: string, fail: Fail): string[][] {
  const gs = rest.split('|').map((g) => g.split(/[\s,]+/).filter((w) => w !== ''));
  if (gs.length < 2 || gs.some((g) => g.length === 0)) fail('partition needs two or more groups separated by "|": partition infra1,infra2 | infra3,infra4,infra5');
  for (const g of gs) for (const m of g) member(m, fail, 'partition');
  return gs;
}

/** Parses a condition: `<path> <op> <value>`. */
export function parseCondition(text: string, line: number, fail: Fail): Condition {
  const t = text.trim();
  const m = /^(\S+)\s+(\S+)\s*(.*)$/.exec(t);
  if (!m) fail(`a condition is "<path> <op> <value>", e.g. "leader != none", got "${t}"`);
  const op = m[2] as CompareOp;
  if (!OPS.includes(op)) fail(`unknown comparison "${m[2]}" in "${t}"; use one of ${OPS.join(' ')}`);
  if (m[3] === '') fail(`the condition "${t}" has nothing to compare with`);
  return { path: m[1]!, op, value: m[3]!, text: t, line };
}

/** Parses one action line. */
export function parseAction(text: string, line: number, fail: Fail): Action {
  const t = text.trim();
  const sp = t.search(/\s/);
  const verb = sp < 0 ? t : t.slice(0, sp);
  const rest = sp < 0 ? '' : t.slice(sp + 1).trim();
  const words = rest.split(/\s+/).filter((w) => w !== '');
  const { base, tab } = tabOf(verb, fail);
  const none = (): void => {
    if (rest !== '') fail(`${base} takes no arguments, got "${rest}"`);
  };
  switch (base) {
    case 'kill':
    case 'restart':
    case 'wipe':
      if (words.length !== 1) fail(`${base} takes one member, got "${rest}"`);
      return { kind: base, member: member(words[0], fail, base), line };
    case 'partition':
      return { kind: 'partition', groups: groups(rest, fail), line };
    case 'heal':
    case 'pause':
    case 'resume':
      none();
      return { kind: base, line };
    case 'link': {
      if (words.length !== 3 || (words[2] !== 'up' && words[2] !== 'down')) fail('link takes two members and up or down: link infra1 infra2 down');
      return { kind: 'link', a: member(words[0], fail, 'link'), b: member(words[1], fail, 'link'), up: words[2] === 'up', line };
    }
    case 'speed': {
      const factor = Number(rest);
      if (!(factor > 0 && factor <= 64)) fail(`speed takes a factor between 0 and 64 (1 = real time), got "${rest}"`);
      return { kind: 'speed', factor, line };
    }
    case 'console':
      if (rest === '') fail('console needs the command to type, e.g. console put greeting hello');
      return { kind: 'console', tab, command: rest.replace(/^etcdctl\s+/, ''), line };
    case 'enter':
      none();
      return { kind: 'console', tab, command: '', line };
    case 'interrupt':
      none();
      return { kind: 'interrupt', tab, line };
    case 'etcdctl':
      if (rest === '') fail('etcdctl needs a command line');
      return { kind: 'etcdctl', command: rest, line };
    case 'wait':
      return { kind: 'wait', condition: parseCondition(rest, line, fail), line };
    case 'remember': {
      const m = /^([a-z][a-z0-9_-]*)\s+(\S.*)$/i.exec(rest);
      if (!m) fail('remember takes a name and a value: remember old {leader}');
      if (RESERVED.test(m[1]!)) fail(`"${m[1]}" already names something a lesson can read; pick another name`);
      return { kind: 'remember', name: m[1]!, value: m[2]!, line };
    }
    default:
      return fail(`unknown action "${verb}"; actions are ${ACTION_VERBS.join(', ')}`);
  }
}
