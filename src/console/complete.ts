/**
 * Tab completion for the console: command names, flags, and existing keys for the verbs that
 * take a key. Pure: the caller passes the keys it knows (e.g. from the MVCC view).
 */
import { allFlags, buildCommandTree, type CommandNode } from './command-tree';
import { splitWords, TokenizeError } from './tokenize';

const TREE = buildCommandTree();
const KEY_VERBS = new Set(['get', 'put', 'del', 'watch']);
const HIDDEN = new Set(['completion', 'make-mirror', 'migrate', 'auth', 'user', 'role']);

/** Completion candidates for the word being typed at the end of `line`. */
export interface Completion {
  /** The partial word the candidates replace. */
  word: string;
  /** Full replacements for `word`, sorted. */
  candidates: string[];
}

/** Completes the last word of `line` (commands, subcommands, `--flags`, or keys from `keys`). */
export function complete(line: string, keys: readonly string[] = []): Completion {
  let words: string[];
  try {
    words = splitWords(line);
  } catch (e) {
    if (e instanceof TokenizeError) return { word: '', candidates: [] };
    throw e;
  }
  if (/\s$/.test(line) || words.length === 0) words.push('');
  if (words[0] !== undefined && /(^|\/)etcdctl$/.test(words[0]) && words.length > 1) words.shift();
  while (words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
  if (words[0] !== undefined && /(^|\/)etcdctl$/.test(words[0]) && words.length > 1) words.shift();
  const word = words.at(-1)!;
  let node: CommandNode = TREE;
  let positional = 0;
  for (const w of words.slice(0, -1)) {
    if (w.startsWith('-')) continue;
    const child = node.children.find((c) => c.name === w) ?? uniquePrefix(node, w);
    if (child && positional === 0) node = child;
    else positional++;
  }
  const pick = (xs: string[]): Completion => ({ word, candidates: [...new Set(xs.filter((x) => x.startsWith(word)))].sort() });
  if (word.startsWith('-')) return pick(allFlags(node).flatMap((f) => (f.short ? [`--${f.name}`, `-${f.short}`] : [`--${f.name}`])));
  if (node.children.length > 0 && positional === 0) return pick(node.children.filter((c) => !HIDDEN.has(c.name)).map((c) => c.name));
  if (KEY_VERBS.has(node.path) && positional < 2) return pick([...keys]);
  return { word, candidates: [] };
}

function uniquePrefix(node: CommandNode, w: string): CommandNode | undefined {
  const hits = node.children.filter((c) => c.name.startsWith(w));
  return hits.length === 1 ? hits[0] : undefined;
}
