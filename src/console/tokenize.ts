/**
 * Shell-like tokenizer: turns a console line into the argv a terminal would hand to etcdctl.
 *
 * Handles 'single quotes' (literal), "double quotes" (backslash escapes only `"`, `\`, `$`, and
 * a backquote, like POSIX sh), backslash escapes outside quotes, `$'...'` ANSI-C strings
 * (`$'\xff'`), `$NAME` variables, `$(printf ...)` / `$(echo ...)` substitutions, and strips a
 * leading `etcdctl`, `./etcdctl`, `/path/etcdctl` and `ETCDCTL_API=3`-style assignments.
 * No globbing, no pipes (see shell.ts). Raw bytes travel as escaped surrogates (format.rawByte).
 */
import { rawByte } from './format';
import { echoText, printfText } from './printf';

/** A tokenizer failure (an unterminated quote), with the message bash would give. */
export class TokenizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizeError';
  }
}

/** The result of tokenizing a console line. */
export interface CommandLine {
  /** Arguments after the program name. */
  argv: string[];
  /** `NAME=value` assignments that preceded the program (e.g. `ETCDCTL_API=3`). */
  env: Record<string, string>;
  /** The program word, or '' if the line did not name one (then argv is the whole line). */
  program: string;
}

const VAR = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*|\?))/;

/** Reads `$NAME` / `${NAME}` at `line[i]`: the value from `env` ('' if unset) and the next index. */
function readVar(line: string, i: number, env: Record<string, string>): [string, number] | undefined {
  const m = VAR.exec(line.slice(i));
  if (!m) return undefined;
  return [env[m[1] ?? m[2]!] ?? '', i + m[0].length];
}

/**
 * Splits `line` into shell words, expanding `$NAME` and `${NAME}` from `env` outside single
 * quotes when `env` is given. Throws TokenizeError on an unterminated quote.
 */
export function splitWords(line: string, env?: Record<string, string>): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === '\\') {
      if (i + 1 < line.length) cur += line[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new TokenizeError("unexpected EOF while looking for matching `''");
      cur += line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '$' && line[i + 1] === "'") {
      const [text, next] = readAnsiC(line, i + 2);
      cur += text;
      i = next;
    } else if (c === '"') {
      const [text, next] = readDouble(line, i + 1, env);
      cur += text;
      i = next;
    } else if (c === '$' && line[i + 1] === '(') {
      const [text, next] = readSubst(line, i + 2, env);
      cur += text;
      i = next;
    } else if (c === '$' && env && readVar(line, i, env)) {
      const [text, next] = readVar(line, i, env)!;
      cur += text;
      i = next;
    } else {
      cur += c;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

function readDouble(line: string, start: number, env?: Record<string, string>): [string, number] {
  let out = '';
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"') return [out, i + 1];
    if (c === '$' && line[i + 1] === '(') {
      const [text, next] = readSubst(line, i + 2, env);
      out += text;
      i = next;
      continue;
    }
    const v = c === '$' && env ? readVar(line, i, env) : undefined;
    if (v) {
      out += v[0];
      i = v[1];
      continue;
    }
    if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
      if (line[i + 1] !== '\n') out += line[i + 1];
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new TokenizeError('unexpected EOF while looking for matching `"\'');
}

/**
 * `$(...)` starting after the `$(`: runs `printf` or `echo` (the only commands a console line
 * can substitute) and returns the output without trailing newlines, like a shell.
 */
function readSubst(line: string, start: number, env?: Record<string, string>): [string, number] {
  let depth = 1;
  let quote: string | null = null;
  let i = start;
  for (; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) break;
  }
  if (depth !== 0) throw new TokenizeError("unexpected EOF while looking for matching `)'");
  const words = splitWords(line.slice(start, i), env);
  let out: string;
  if (words[0] === 'printf') out = printfText(words.slice(1));
  else if (words[0] === 'echo') out = echoText(words.slice(1));
  else throw new TokenizeError(`${words[0] ?? ''}: command substitution supports only printf and echo`);
  return [out.replace(/\n+$/, ''), i + 1];
}

const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function readAnsiC(line: string, start: number): [string, number] {
  let out = '';
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === "'") return [out, i + 1];
    if (c === '\\' && i + 1 < line.length) {
      const e = line[i + 1]!;
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(line.slice(i + 1));
      if (hex) {
        out += rawByte(parseInt(hex[1]!, 16));
        i += 1 + hex[0].length;
        continue;
      }
      out += ANSI_C[e] ?? '\\' + e;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new TokenizeError("unexpected EOF while looking for matching `''");
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Tokenizes a console line and strips what precedes etcdctl's own arguments: environment
 * assignments and the program word (`etcdctl`, `./etcdctl`, `/usr/bin/etcdctl`). A line that
 * starts directly with a subcommand (`get foo`) is taken as etcdctl arguments.
 */
export function tokenize(line: string, vars?: Record<string, string>): CommandLine {
  const words = splitWords(line, vars);
  const env: Record<string, string> = {};
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i]!)) {
    const w = words[i]!;
    const eq = w.indexOf('=');
    env[w.slice(0, eq)] = w.slice(eq + 1);
    i++;
  }
  const first = words[i];
  if (first !== undefined && /(^|\/)etcdctl$/.test(first)) {
    return { argv: words.slice(i + 1), env, program: first };
  }
  return { argv: words.slice(i), env, program: '' };
}
