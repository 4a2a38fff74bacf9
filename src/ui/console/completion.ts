/**
 * Tab completion at the prompt: asks the console engine's `complete` for candidates of the word
 * before the cursor and splices the answer into the line, as bash does.
 */
import { complete } from '../../console/index';

/** What pressing Tab did: the new line and cursor, and the candidates to list (if several). */
export interface CompletionResult {
  line: string;
  cursor: number;
  /** Shown under the prompt when the completion is ambiguous. */
  candidates: string[];
}

/** The longest common prefix of `xs`. */
export function commonPrefix(xs: readonly string[]): string {
  if (xs.length === 0) return '';
  let p = xs[0]!;
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Quotes a completed word for the shell if it holds anything the tokenizer would split or expand. */
export function shellQuote(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** Completes the word before `cursor` in `line` against commands, flags and `keys`. */
export function completeAt(line: string, cursor: number, keys: readonly string[]): CompletionResult {
  const before = line.slice(0, cursor);
  const after = line.slice(cursor);
  const { word, candidates } = complete(before, keys);
  const none = { line, cursor, candidates: [] };
  if (candidates.length === 0 || !before.endsWith(word)) return none;
  const stem = before.slice(0, before.length - word.length);
  if (candidates.length === 1) {
    const spaced = after.startsWith(' ');
    const ins = shellQuote(candidates[0]!) + (spaced ? '' : ' ');
    return { line: stem + ins + after, cursor: stem.length + ins.length + (spaced ? 1 : 0), candidates: [] };
  }
  const prefix = commonPrefix(candidates);
  if (prefix.length > word.length && shellQuote(prefix) === prefix) {
    return { line: stem + prefix + after, cursor: stem.length + prefix.length, candidates };
  }
  return { ...none, candidates };
}
