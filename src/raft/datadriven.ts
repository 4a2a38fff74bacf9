/**
 * A tiny datadriven test runner in the style of cockroachdb/datadriven (used by etcd-raft):
 *
 *   # comment lines are kept
 *   command arg key=value key=(1,2,3)
 *   ----
 *   expected output (ends at the first blank line)
 *
 * `runDataDriven(path, text, handler)` runs each command through the handler and returns the
 * actual outputs, plus the script text rewritten with them (the test writes it back when run
 * with UPDATE=1). Pure: the file I/O stays in datadriven.test.ts. Used by tests only.
 */

/** CmdArg is one argument: `key`, `key=value` or `key=(v1,v2)`; vals holds the value(s). */
export interface CmdArg {
  key: string;
  vals: string[];
}

/** TestData is one command of a script. */
export interface TestData {
  /** pos is "file:line" of the command (for failure messages). */
  pos: string;
  cmd: string;
  args: CmdArg[];
  expected: string;
}

/** Block is a parsed script block: leading comment/blank lines, the command and expected output. */
interface Block {
  prefix: string[];
  data: TestData;
  line: string;
}

/** tokenize splits on whitespace outside parentheses. */
function tokenize(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (/\s/.test(ch) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** parseArg parses `key`, `key=v` or `key=(a,b c)`; a bare `(a b)` has key '' and those vals. */
function parseArg(tok: string): CmdArg {
  const eq = tok.indexOf('=');
  const key = eq < 0 ? (tok.startsWith('(') ? '' : tok) : tok.slice(0, eq);
  const raw = eq < 0 ? (tok.startsWith('(') ? tok : '') : tok.slice(eq + 1);
  if (raw.startsWith('(') && raw.endsWith(')')) {
    return { key, vals: raw.slice(1, -1).split(/[\s,]+/).filter((v) => v !== '') };
  }
  return { key, vals: raw === '' ? [] : [raw] };
}

function parse(path: string, text: string): { blocks: Block[]; trailer: string[] } {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let prefix: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.startsWith('#')) {
      prefix.push(line);
      continue;
    }
    const [cmd, ...rest] = tokenize(line);
    if (lines[i + 1] !== '----') throw new Error(`${path}:${i + 1}: expected ---- after command`);
    const out: string[] = [];
    let j = i + 2;
    while (j < lines.length && lines[j] !== '') out.push(lines[j++]);
    blocks.push({ prefix, line, data: { pos: `${path}:${i + 1}`, cmd, args: rest.map(parseArg), expected: out.join('\n') } });
    prefix = [];
    i = j - 1;
  }
  return { blocks, trailer: prefix };
}

/** Handler runs one command and returns its output (no blank lines). */
export type Handler = (d: TestData) => string;

/** RunResult pairs every command with its actual output. */
export interface RunResult {
  data: TestData;
  actual: string;
}

/**
 * runDataDriven runs the script `text` (named `path` in messages) through `handler`; it returns
 * every command with its actual output, and the script rewritten with those outputs.
 */
export function runDataDriven(path: string, text: string, handler: Handler): { results: RunResult[]; rewritten: string } {
  const { blocks, trailer } = parse(path, text);
  const results: RunResult[] = blocks.map((b) => {
    const actual = handler(b.data).replace(/\n+$/, '').replace(/\n\s*\n/g, '\n');
    return { data: b.data, actual };
  });
  const out: string[] = [];
  blocks.forEach((b, i) => {
    out.push(...b.prefix, b.line, '----');
    if (results[i].actual !== '') out.push(results[i].actual);
  });
  let rewritten = out.join('\n');
  const tail = trailer.filter((l) => l.trim() !== '');
  if (tail.length > 0) rewritten += '\n' + tail.join('\n') + '\n';
  return { results, rewritten: rewritten.replace(/\n*$/, '\n') };
}

/** argVals returns the values of argument `key` (empty if absent). */
export function argVals(d: TestData, key: string): string[] {
  return d.args.find((a) => a.key === key)?.vals ?? [];
}

/** argInt returns the integer argument `key`, or `def` if absent. */
export function argInt(d: TestData, key: string, def: number): number {
  const v = argVals(d, key);
  return v.length > 0 ? Number(v[0]) : def;
}

/** argBool returns the boolean argument `key` (`key` alone means true), or `def`. */
export function argBool(d: TestData, key: string, def: boolean): boolean {
  const a = d.args.find((x) => x.key === key);
  if (a === undefined) return def;
  return a.vals.length === 0 || a.vals[0] === 'true';
}

/** positional returns the arguments without `=` (bare words), in order. */
export function positional(d: TestData): string[] {
  return d.args.filter((a) => a.vals.length === 0 && a.key !== '').map((a) => a.key);
}
