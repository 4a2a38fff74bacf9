/**
 * Parsing of `txn` input lines, as etcdctl's txn_command.go does it: compares
 * (`value("k") = "v"`, parsed like Go's `fmt.Sscanf(rest, "%q) %s %q")`) and op lines
 * (`put k v --prev-kv`, split by etcdctl's argify and parsed like the put/get/del commands).
 */
import type { Compare, RequestOp } from '../../protocol/rpc';
import { cobraOpUsage } from '../cobra-usage';
import { findCommand, type CommandNode, allFlags } from '../command-tree';
import { ExitCode, ExitError } from '../errors';
import { FlagParseError, FlagValues, parseFlags, parseGoInt } from '../flags';
import { bytesOf, goQuoteString } from '../format';
import { delRequest, getRequest, putRequest } from './kv-ops';

/** Go's strconv.Unquote for a double-quoted or back-quoted literal; undefined if malformed. */
export function goUnquote(lit: string): string | undefined {
  if (lit.length >= 2 && lit[0] === '`' && lit.at(-1) === '`') return lit.slice(1, -1);
  if (lit.length < 2 || lit[0] !== '"' || lit.at(-1) !== '"') return undefined;
  const body = lit.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39 };
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '"') return undefined;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      bytes.push(...bytesOf(s));
      i += s.length;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (e in simple) {
      bytes.push(simple[e]!);
      i += 2;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
      bytes.push(parseInt(body.slice(i + 2, i + 4), 16));
      i += 4;
    } else if ((e === 'u' || e === 'U') && /^[0-9a-fA-F]+$/.test(body.slice(i + 2, i + (e === 'u' ? 6 : 10)))) {
      const n = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (hex.length !== n) return undefined;
      bytes.push(...bytesOf(String.fromCodePoint(parseInt(hex, 16))));
      i += 2 + n;
    } else if (/^[0-7]{3}$/.test(body.slice(i + 1, i + 4))) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 4;
    } else return undefined;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** Reads a Go %q token at `s[i]` (after optional spaces): the unquoted text and the next index. */
function scanQuoted(s: string, i: number): [string, number] | undefined {
  while (isSpace(s[i])) i++;
  const q = s[i];
  if (q === '`') {
    const end = s.indexOf('`', i + 1);
    return end < 0 ? undefined : [s.slice(i + 1, end), end + 1];
  }
  if (q !== '"') return undefined;
  let j = i + 1;
  while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
  if (j >= s.length) return undefined;
  const v = goUnquote(s.slice(i, j + 1));
  return v === undefined ? undefined : [v, j + 1];
}

/** `fmt.Sscanf(rest, "%q) %s %q", &key, &op, &val)`: the values scanned and how many. */
function scanCompare(rest: string): { n: number; key: string; op: string; val: string } {
  const r = { n: 0, key: '', op: '', val: '' };
  const k = scanQuoted(rest, 0);
  if (!k) return r;
  [r.key] = k;
  r.n = 1;
  let i = k[1];
  if (rest[i] !== ')') return r;
  i++;
  if (!isSpace(rest[i])) return r;
  while (isSpace(rest[i])) i++;
  let j = i;
  while (j < rest.length && !isSpace(rest[j])) j++;
  if (j === i) return r;
  r.op = rest.slice(i, j);
  r.n = 2;
  if (!isSpace(rest[j])) return r;
  const v = scanQuoted(rest, j);
  if (!v) return r;
  r.val = v[0];
  r.n = 3;
  return r;
}

const RESULT: Record<string, Compare['result']> = { '=': 'EQUAL', '!=': 'NOT_EQUAL', '<': 'LESS', '>': 'GREATER' };

/** Parses one compare line (etcdctl parseCompare). Errors exit 3. */
export function parseCompare(line: string): Compare {
  const bad = (msg: string): ExitError => new ExitError(ExitCode.InvalidInput, msg);
  const paren = line.indexOf('(');
  if (paren < 0) throw bad(`malformed comparison: ${line}`);
  const target = line.slice(0, paren);
  const { n, key, op, val } = scanCompare(line.slice(paren + 1));
  if (n !== 3) throw bad(`malformed comparison: ${line}; got ${target}(${goQuoteString(key)}) ${op} ${goQuoteString(val)}`);
  const result = RESULT[op];
  const int = (): number => {
    try {
      return Number(parseGoInt(val, 10));
    } catch {
      throw bad(`invalid txn compare request: ${line}`);
    }
  };
  let cmp: Compare;
  switch (target) {
    case 'ver':
    case 'version':
      cmp = { target: 'VERSION', result: 'EQUAL', key: bytesOf(key), version: int() };
      break;
    case 'c':
    case 'create':
      cmp = { target: 'CREATE', result: 'EQUAL', key: bytesOf(key), createRevision: int() };
      break;
    case 'm':
    case 'mod':
      cmp = { target: 'MOD', result: 'EQUAL', key: bytesOf(key), modRevision: int() };
      break;
    case 'val':
    case 'value':
      cmp = { target: 'VALUE', result: 'EQUAL', key: bytesOf(key), value: bytesOf(val) };
      break;
    case 'lease':
      // etcdctl 3.4.23 panics here ("bad value"); we accept a hex lease ID like --lease does.
      try {
        cmp = { target: 'LEASE', result: 'EQUAL', key: bytesOf(key), lease: parseGoInt(val, 16) };
      } catch {
        throw bad(`invalid txn compare request: ${line}`);
      }
      break;
    default:
      throw bad(`malformed comparison: ${line} (unknown target ${target})`);
  }
  // etcdctl 3.4.23 panics on an unknown operator ("Unknown result op"); we report it instead.
  if (!result) throw bad(`malformed comparison: ${line} (unknown op ${op})`);
  cmp.result = result;
  return cmp;
}

/**
 * etcdctl's argify: splits an op line into words; `"..."` words are Go-unquoted, `'...'` words
 * lose their quotes. (etcdctl 3.4.23 mangles single-quoted words - `'sq'` becomes `s` - a bug we
 * do not reproduce.)
 */
export function argify(line: string): string[] {
  const re = /"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?/g;
  const out: string[] = [];
  for (const m of line.matchAll(re)) {
    const w = m[0];
    if (w[0] === "'") out.push(w.slice(1, -1));
    else if (w[0] === '"') {
      const v = goUnquote(w);
      if (v === undefined) throw new ExitError(ExitCode.InvalidInput, 'invalid syntax');
      out.push(v);
    } else out.push(w);
  }
  return out;
}

/** A root holding only put/get/del, as etcdctl builds for each txn op line. */
function opRoot(tree: CommandNode): CommandNode {
  const children = tree.children.filter((c) => ['put', 'get', 'del'].includes(c.name));
  return { name: '', path: '', flags: [], persistent: [], children };
}

/** Parses one op line (etcdctl parseRequestUnion). Errors exit 3, argument errors exit 128. */
export async function parseRequestOp(line: string, tree: CommandNode): Promise<RequestOp> {
  const args = argify(line);
  const invalid = new ExitError(ExitCode.InvalidInput, `invalid txn request: ${line}`);
  if (args.length < 2) throw new ExitError(ExitCode.InvalidInput, `invalid txn compare request: ${line}`);
  const root = opRoot(tree);
  const found = findCommand(root, args);
  if (found.node === root || found.unknown) throw invalid;
  let parsed;
  try {
    parsed = parseFlags(found.args, allFlags(found.node));
  } catch (e) {
    if (e instanceof FlagParseError) throw new ExitError(ExitCode.InvalidInput, invalid.message, cobraOpUsage(found.node));
    throw e;
  }
  const f = new FlagValues(parsed, allFlags(found.node));
  if (f.bool('help')) throw invalid;
  switch (found.node.name) {
    case 'put':
      return { requestPut: await putRequest(parsed.args, f, async () => '') };
    case 'get':
      return { requestRange: getRequest(parsed.args, f) };
    default:
      return { requestDeleteRange: delRequest(parsed.args, f) };
  }
}
