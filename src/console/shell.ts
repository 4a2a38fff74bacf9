/**
 * Just enough shell for lines pasted from etcd's docs: `a && b`, `a ; b`, `a || b`,
 * `printf '...' | etcdctl txn`, `echo ... | etcdctl put k`, `timeout N etcdctl watch ...`.
 * Every simple command must be etcdctl (or printf/echo feeding a pipe).
 */
import type { EtcdctlResult, RunEtcdctlOptions } from './runner';
import { runCurl } from './http/index';
import { echoText, printfText } from './printf';
import { runEtcdctl } from './runner';
import { splitWords, TokenizeError } from './tokenize';

/** A piece of a command list and the operator that follows it. */
interface Segment {
  text: string;
  op: '&&' | '||' | ';' | '|' | '';
}

/** Splits a line at unquoted `&&`, `||`, `;` and `|`. */
export function splitShell(line: string): Segment[] {
  const out: Segment[] = [];
  let cur = '';
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      cur += c;
      if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      cur += c + line[++i];
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      cur += c;
      continue;
    }
    const two = line.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      out.push({ text: cur, op: two });
      cur = '';
      i++;
    } else if (c === ';' || c === '|') {
      out.push({ text: cur, op: c });
      cur = '';
    } else cur += c;
  }
  out.push({ text: cur, op: '' });
  return out.filter((s, i) => s.text.trim() !== '' || i < out.length - 1);
}

function producerOutput(words: string[]): string | undefined {
  if (words[0] === 'printf') return printfText(words.slice(1));
  if (words[0] === 'echo') return echoText(words.slice(1));
  return undefined;
}

/** `env [-u NAME]... [NAME=value]... cmd`: the command text with its environment adjusted, or undefined. */
function envPrefix(text: string, opts: ShellOpts): { rest: string; opts: ShellOpts } | undefined {
  const words = splitWords(text, opts.vars ?? {});
  if (words[0] !== 'env') return undefined;
  const env = { ...opts.env };
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-u' && words[i + 1] !== undefined) delete env[words[++i]!];
    else if (ASSIGN.test(w)) env[ASSIGN.exec(w)![1]!] = ASSIGN.exec(w)![2]!;
    else break;
  }
  const raw = splitShellWordsRaw(text);
  return { rest: raw.slice(i).join(' '), opts: { ...opts, env } };
}

/** Splits text at unquoted whitespace keeping quotes and escapes (to drop leading words verbatim). */
function splitShellWordsRaw(text: string): string[] {
  return text.trim().match(/(?:[^\s'"\\]+|'[^']*'|"(?:[^"\\]|\\.)*"|\\.)+/g) ?? [];
}

async function runSimple(text: string, stdin: string | undefined, opts: ShellOpts): Promise<EtcdctlResult> {
  const envCmd = envPrefix(text, opts);
  if (envCmd) return runSimple(envCmd.rest, stdin, envCmd.opts);
  const words = splitWords(text, opts.vars ?? {});
  if (words[0] === 'timeout' && words[1] !== undefined) {
    const secs = parseFloat(words[1]);
    const ac = new AbortController();
    opts.signal?.addEventListener('abort', () => ac.abort());
    let timedOut = false;
    const sleep = opts.sleep ?? opts.host?.sleep;
    const timer = sleep
      ? sleep(secs * 1000, ac.signal).then(
          () => {
            timedOut = true;
            ac.abort();
          },
          () => undefined,
        )
      : undefined;
    const rest = text.trim().slice(text.trim().indexOf(words[1]) + words[1].length);
    const r = await runEtcdctl(rest, { ...opts, ...(stdin !== undefined ? { stdin } : {}), signal: ac.signal });
    ac.abort();
    await timer;
    return timedOut ? { ...r, exitCode: 124 } : r;
  }
  return runEtcdctl(text, { ...opts, ...(stdin !== undefined ? { stdin } : {}) });
}

/** Text filters that may follow a pipe: `head`, `tail`, `grep`, `wc -l`. Undefined if not one. */
export function filterText(words: string[], input: string): string | undefined {
  const lines = input.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const join = (ls: string[]): string => ls.map((l) => l + '\n').join('');
  switch (words[0]) {
    case 'head':
    case 'tail': {
      if (words[1] === '-c') {
        const n = Number(words[2]);
        return words[0] === 'head' ? input.slice(0, n) : input.slice(-n);
      }
      const n = words[1]?.startsWith('-n') ? Number(words[1].slice(2) || words[2]) : words[1]?.startsWith('-') ? Number(words[1].slice(1)) : 10;
      return join(words[0] === 'head' ? lines.slice(0, n) : lines.slice(-n));
    }
    case 'grep': {
      const invert = words[1] === '-v';
      const pat = invert ? words[2] : words[1];
      if (pat === undefined) return undefined;
      return join(lines.filter((l) => l.includes(pat) !== invert));
    }
    case 'wc':
      return words[1] === '-l' ? `${lines.length}\n` : undefined;
    default:
      return undefined;
  }
}

/** A console tab's shell state: variables set by `NAME=value` lines and which ones are exported. */
export interface ShellSession {
  vars: Record<string, string>;
  exported: Set<string>;
  /** Files written by `> file` redirections and read by `cat`. */
  files: Map<string, string>;
  /** Aborting it stops every background job (`cmd &`) of the session, as closing a terminal does. */
  jobs: AbortController;
}

/** A new, empty shell session. */
export function newShellSession(): ShellSession {
  return { vars: {}, exported: new Set(), files: new Map(), jobs: new AbortController() };
}

/** Options of runShellLine: those of runEtcdctl plus a sleep for `timeout N` and the tab's session. */
export type ShellOpts = RunEtcdctlOptions & { sleep?: (ms: number, s: AbortSignal) => Promise<void>; session?: ShellSession };

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** Handles `NAME=value ...` and `export NAME[=value] ...` lines; false if `words` is something else. */
function maybeAssign(words: string[], session: ShellSession | undefined): boolean {
  if (!session || words.length === 0) return false;
  const isExport = words[0] === 'export';
  const rest = isExport ? words.slice(1) : words;
  if (!isExport && !rest.every((w) => ASSIGN.test(w))) return false;
  for (const w of rest) {
    const m = ASSIGN.exec(w);
    if (m) session.vars[m[1]!] = m[2]!;
    if (isExport) session.exported.add(m ? m[1]! : w);
  }
  return true;
}

/** Options for etcdctl under a session: `$VAR` expansion and exported variables in its environment. */
function withSession(opts: ShellOpts): ShellOpts {
  const s = opts.session;
  if (!s) return opts;
  const exported: Record<string, string> = {};
  for (const name of s.exported) if (s.vars[name] !== undefined) exported[name] = s.vars[name]!;
  return { ...opts, vars: s.vars, env: { ...opts.env, ...exported } };
}

/** The optional fields of ShellOpts that curl understands. */
function pick(o: ShellOpts): { onOutput?: ShellOpts['onOutput']; signal?: AbortSignal; sleep?: (ms: number, s: AbortSignal) => Promise<void> } {
  const sleep = o.sleep ?? o.host?.sleep;
  return { ...(o.onOutput ? { onOutput: o.onOutput } : {}), ...(o.signal ? { signal: o.signal } : {}), ...(sleep ? { sleep } : {}) };
}

/** Where a stage's stdout and stderr go after its redirections. */
interface Redirects {
  text: string;
  out: 'keep' | 'null' | 'file';
  err: 'keep' | 'null' | 'stdout';
  /** With out = 'file': the file, and whether `>>` appends to it. */
  file?: string;
  append?: boolean;
}

/** Strips `>/dev/null`, `> file`, `>> file`, `2>/dev/null`, `2>&1` and `&>/dev/null` from a stage. */
export function parseRedirects(stage: string): Redirects {
  const words = splitShellWordsRaw(stage);
  const keep: string[] = [];
  const r: Redirects = { text: '', out: 'keep', err: 'keep' };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const m = /^(2>&1|&>|2>|1?>>|1?>)(.*)$/.exec(w);
    if (!m) {
      keep.push(w);
      continue;
    }
    if (m[1] === '2>&1') {
      r.err = r.out === 'null' ? 'null' : 'stdout';
      continue;
    }
    const target = m[2] !== '' ? m[2] : words[i + 1];
    const toFile = target !== undefined && target !== '/dev/null' && /^1?>>?$/.test(m[1]!);
    if (target !== '/dev/null' && !toFile) {
      keep.push(w);
      continue;
    }
    if (m[2] === '') i++;
    if (toFile) {
      r.out = 'file';
      r.file = target;
      r.append = m[1]!.endsWith('>>');
    } else if (m[1] === '&>') [r.out, r.err] = ['null', 'null'];
    else if (m[1] === '2>') r.err = 'null';
    else r.out = 'null';
  }
  r.text = keep.join(' ');
  return r;
}

/** Applies redirections to a finished stage (file output was written live, see redirectLive). */
function redirect(r: Redirects, res: EtcdctlResult): EtcdctlResult {
  const merged = res.stdout + (r.err === 'stdout' ? res.stderr : '');
  const stdout = r.out === 'keep' ? merged : r.out === 'null' ? (r.err === 'stdout' ? res.stderr : '') : '';
  return { stdout, stderr: r.err === 'keep' ? res.stderr : '', exitCode: res.exitCode };
}

/** Routes a stage's live output: to the terminal, to a session file, or nowhere. */
function redirectLive(r: Redirects, onOutput: ShellOpts['onOutput'], session: ShellSession | undefined): ShellOpts['onOutput'] {
  if (r.out === 'file' && r.file !== undefined && session && !r.append) session.files.set(r.file, '');
  return (st, t) => {
    const to = st === 'stdout' ? r.out : r.err === 'keep' ? 'stderr' : r.err === 'stdout' ? r.out : 'null';
    if (to === 'file' && r.file !== undefined && session) session.files.set(r.file, (session.files.get(r.file) ?? '') + t);
    else if (to === 'keep') onOutput?.('stdout', t);
    else if (to === 'stderr') onOutput?.('stderr', t);
  };
}

/** `cat FILE...` over the session's files. */
function catFiles(words: string[], session: ShellSession | undefined): EtcdctlResult {
  let stdout = '';
  let stderr = '';
  for (const f of words.slice(1)) {
    const text = session?.files.get(f);
    if (text === undefined) stderr += `cat: ${f}: No such file or directory\n`;
    else stdout += text;
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}

/** Runs one pipeline (`a | b | c`); stderr of every stage is kept, the exit code is the last stage's. */
async function runPipeline(stages: string[], opts: ShellOpts): Promise<EtcdctlResult> {
  let data: string | undefined;
  let stderr = '';
  let exitCode = 0;
  for (let i = 0; i < stages.length; i++) {
    const last = i === stages.length - 1;
    const redir = parseRedirects(stages[i]!);
    const stage = redir.text;
    const words = splitWords(stage, opts.session?.vars ?? {});
    if (stages.length === 1 && maybeAssign(words, opts.session)) return { stdout: '', stderr: '', exitCode: 0 };
    if (words[0] === 'sleep' && stages.length === 1) {
      const sleep = opts.sleep ?? opts.host?.sleep;
      if (sleep) await sleep(parseFloat(words[1] ?? '0') * 1000, opts.signal ?? new AbortController().signal).catch(() => undefined);
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    if (words[0] === 'cat' && i === 0) {
      const r = redirect(redir, catFiles(words, opts.session));
      if (last) {
        if (r.stdout !== '') opts.onOutput?.('stdout', r.stdout);
        if (r.stderr !== '') opts.onOutput?.('stderr', r.stderr);
        return r;
      }
      data = r.stdout;
      stderr += r.stderr;
      continue;
    }
    const produced = producerOutput(words);
    const filtered = data !== undefined || i > 0 ? filterText(words, data ?? '') : undefined;
    if (produced !== undefined) {
      data = produced;
      exitCode = 0;
    } else if (filtered !== undefined) {
      data = filtered;
      exitCode = 0;
    } else {
      const live = redirectLive(redir, opts.onOutput, opts.session);
      const stageOpts: ShellOpts = last ? { ...opts, onOutput: live } : { ...opts, onOutput: (st, t) => (st === 'stderr' ? live?.(st, t) : undefined) };
      const raw =
        words[0] === 'curl'
          ? await runCurl(words.slice(1), { client: opts.client, ...pick(stageOpts) })
          : await runSimple(stage, data, withSession(stageOpts));
      const r = redirect(redir, raw);
      data = r.stdout;
      stderr += r.stderr;
      exitCode = r.exitCode;
      if (last) return { stdout: r.stdout, stderr, exitCode };
      continue;
    }
    if (redir.out === 'null') data = '';
    if (last) opts.onOutput?.('stdout', data);
  }
  return { stdout: data ?? '', stderr, exitCode };
}

/**
 * Runs a shell line made of etcdctl commands joined by `&&`, `||`, `;` and pipes (`printf`/`echo`
 * into etcdctl, etcdctl into `head`/`tail`/`grep`/`wc -l`). Output of all commands is
 * concatenated; the exit code is the last one's.
 */
export async function runShellLine(line: string, opts: ShellOpts): Promise<EtcdctlResult> {
  let segments: Segment[];
  try {
    segments = splitShell(line);
    for (const seg of segments) splitWords(seg.text);
  } catch (e) {
    if (e instanceof TokenizeError) return { stdout: '', stderr: `bash: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  let skip = false;
  let stages: string[] = [];
  for (const seg of segments) {
    if (opts.signal?.aborted) break; // Ctrl-C ends the whole list, as in bash
    stages.push(seg.text);
    if (seg.op === '|') continue;
    const job = stages.length === 1 ? /^\s*\(?\s*(.*?[^&])\s*&\s*\)?\s*$/s.exec(stages[0]!) : null;
    if (!skip && job) {
      // A background job (`(cmd > file 2>&1 &)`): runs on while the line goes on; its output
      // only reaches the terminal if it was not redirected.
      void runPipeline([job[1]!], { ...opts, signal: opts.session?.jobs.signal ?? new AbortController().signal }).catch(() => undefined);
      exitCode = 0;
    } else if (!skip) {
      const r = await runPipeline(stages, opts);
      stdout += r.stdout;
      stderr += r.stderr;
      exitCode = r.exitCode;
      if (opts.session) opts.session.vars['?'] = String(exitCode);
    }
    stages = [];
    if (seg.op === '&&') skip = skip || exitCode !== 0;
    else if (seg.op === '||') skip = !skip && exitCode === 0;
    else skip = false;
  }
  return { stdout, stderr, exitCode };
}
