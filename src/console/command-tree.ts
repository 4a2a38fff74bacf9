/**
 * etcdctl's cobra command tree: names and flags come from the captured help text, the order of
 * root commands is etcdctl's AddCommand order (it decides "Did you mean this?" suggestions), and
 * command lookup reproduces cobra's Find with EnablePrefixMatching.
 */
import type { FlagSpec } from './flags';
import { flagsFromUsage } from './flags';
import { ENDPOINT_GLOBAL_OPTIONS_TEXT, GLOBAL_OPTIONS_TEXT, USAGE_HEADS } from './usage-texts';

/** One node of the command tree. */
export interface CommandNode {
  name: string;
  /** Space-separated path below the root (`lease grant`); '' for the root. */
  path: string;
  /** Local flags (including -h/--help). */
  flags: FlagSpec[];
  /** Flags this node passes down to its subcommands (root: the global options). */
  persistent: FlagSpec[];
  children: CommandNode[];
  parent?: CommandNode;
}

/** Root commands in etcdctl 3.4's registration order, then cobra's own help and completion. */
const ROOT_ORDER = [
  'get', 'put', 'del', 'txn', 'compaction', 'alarm', 'defrag', 'endpoint', 'move-leader', 'watch', 'version', 'lease',
  'member', 'snapshot', 'make-mirror', 'migrate', 'lock', 'elect', 'auth', 'user', 'role', 'check', 'help', 'completion',
];

function optionsBlock(head: string): string {
  const i = head.indexOf('OPTIONS:\n');
  return i < 0 ? '' : head.slice(i);
}

/** Builds the tree once from the help texts. */
export function buildCommandTree(): CommandNode {
  const globals = flagsFromUsage(GLOBAL_OPTIONS_TEXT);
  const root: CommandNode = { name: 'etcdctl', path: '', flags: [{ name: 'help', short: 'h', kind: 'bool', defValue: 'false' }], persistent: globals, children: [] };
  const nodes = new Map<string, CommandNode>([['', root]]);
  const paths = Object.keys(USAGE_HEADS).filter((p) => p !== '');
  paths.sort((a, b) => a.split(' ').length - b.split(' ').length || a.localeCompare(b));
  for (const path of paths) {
    const words = path.split(' ');
    const parent = nodes.get(words.slice(0, -1).join(' '))!;
    let flags = flagsFromUsage(optionsBlock(USAGE_HEADS[path]!));
    let persistent: FlagSpec[] = [];
    if (path === 'endpoint') {
      persistent = flags.filter((f) => f.name === 'cluster');
      flags = flags.filter((f) => f.name !== 'cluster');
    }
    const node: CommandNode = { name: words.at(-1)!, path, flags, persistent, children: [], parent };
    parent.children.push(node);
    nodes.set(path, node);
  }
  root.children.sort((a, b) => ROOT_ORDER.indexOf(a.name) - ROOT_ORDER.indexOf(b.name));
  return root;
}

/** The help text cobra prints for a node (its `--help` output, also the usage on a flag error). */
export function usageText(node: CommandNode): string {
  if (node.path === '') return USAGE_HEADS['']!;
  const global = node.path.startsWith('endpoint ') ? ENDPOINT_GLOBAL_OPTIONS_TEXT : GLOBAL_OPTIONS_TEXT;
  return USAGE_HEADS[node.path]! + global;
}

/** Every flag a node accepts: its own plus the persistent flags of it and its ancestors. */
export function allFlags(node: CommandNode): FlagSpec[] {
  const out = [...node.flags, ...node.persistent];
  for (let p = node.parent; p; p = p.parent) out.push(...p.persistent);
  return out;
}

function takesValue(arg: string, flags: FlagSpec[]): boolean {
  if (arg.startsWith('--')) {
    if (arg.includes('=')) return false;
    const f = flags.find((x) => x.name === arg.slice(2));
    return !f || f.kind !== 'bool';
  }
  if (arg.startsWith('-') && !arg.includes('=') && arg.length === 2) {
    const f = flags.find((x) => x.short === arg[1]);
    return !f || f.kind !== 'bool';
  }
  return false;
}

/** cobra's stripFlags: the non-flag words of args (a non-bool flag swallows the next word). */
export function stripFlags(args: readonly string[], node: CommandNode): string[] {
  const flags = allFlags(node);
  const words: string[] = [];
  let i = 0;
  while (i < args.length) {
    const s = args[i++]!;
    if (s === '--') break;
    if (takesValue(s, flags)) {
      if (args.length - i <= 1) break;
      i++;
      continue;
    }
    if (s !== '' && !s.startsWith('-')) words.push(s);
  }
  return words;
}

function argsMinusFirst(args: readonly string[], x: string, node: CommandNode): string[] {
  const flags = allFlags(node);
  for (let pos = 0; pos < args.length; pos++) {
    const s = args[pos]!;
    if (s === '--') break;
    if (takesValue(s, flags)) {
      pos++;
      continue;
    }
    if (!s.startsWith('-') && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return [...args];
}

function findNext(node: CommandNode, name: string): CommandNode | undefined {
  const exact = node.children.find((c) => c.name === name);
  if (exact) return exact;
  const prefixed = node.children.filter((c) => c.name.startsWith(name));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

function levenshtein(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
    }
  }
  return d[a.length]![b.length]!;
}

/** cobra's "Did you mean this?" block for an unknown root command ('' when nothing is close). */
export function suggestionsFor(root: CommandNode, typed: string): string {
  const names = root.children
    .filter((c) => levenshtein(typed, c.name) <= 2 || c.name.toLowerCase().startsWith(typed.toLowerCase()))
    .map((c) => c.name);
  if (names.length === 0) return '';
  return '\n\nDid you mean this?\n' + names.map((n) => `\t${n}\n`).join('');
}

/** The result of cobra's Find: the command and its remaining args, or an unknown-command message. */
export interface FindResult {
  node: CommandNode;
  args: string[];
  unknown?: string;
}

/** cobra's Command.Find with prefix matching, plus legacyArgs' unknown-command check at the root. */
export function findCommand(root: CommandNode, argv: readonly string[]): FindResult {
  let node = root;
  let args = [...argv];
  for (;;) {
    const words = stripFlags(args, node);
    if (words.length === 0) break;
    const next = findNext(node, words[0]!);
    if (!next) break;
    args = argsMinusFirst(args, words[0]!, node);
    node = next;
  }
  if (node === root) {
    const words = stripFlags(args, root);
    if (words.length > 0) {
      const typed = words[0]!;
      return { node, args, unknown: `unknown command ${JSON.stringify(typed)} for "etcdctl"${suggestionsFor(root, typed)}` };
    }
  }
  return { node, args };
}
