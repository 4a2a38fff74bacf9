/**
 * Just enough shell for lines pasted from etcd's docs: `a && b`, `a ; b`, `a || b`,
 * `printf '...' | etcdctl txn`, `echo ... | etcdctl put k`, `timeout N etcdctl watch ...`.
 * Every simple command must be etcdctl (or printf/echo feeding a pipe).
 */
import type { EtcdctlResult, RunEtcdctlOptions } from './runner';
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

/** bash's printf for a format without conversions: backslash escapes only. */
export function printfText(args: string[]): string {
  const fmt = args[0] ?? '';
  const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };
  return fmt.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return esc[e] ?? '\\' + e;
  });
}

function producerOutput(words: string[]): string | undefined {
  if (words[0] === 'printf') return printfText(words.slice(1));
  if (words[0] === 'echo') {
    if (words[1] === '-n') return words.slice(2).join(' ');
    return words.slice(1).join(' ') + '\n';
  }
  return undefined;
}

async function runSimple(text: string, stdin: string | undefined, opts: RunEtcdctlOptions & { sleep?: (ms: number, s: AbortSignal) => Promise<void> }): Promise<EtcdctlResult> {
  const words = splitWords(text);
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

/**
 * Runs a shell line made of etcdctl commands joined by `&&`, `||`, `;`, with `printf`/`echo`
 * piped into etcdctl. Output of all commands is concatenated; the exit code is the last one's.
 */
export async function runShellLine(line: string, opts: RunEtcdctlOptions & { sleep?: (ms: number, s: AbortSignal) => Promise<void> }): Promise<EtcdctlResult> {
  let segments: Segment[];
  try {
    segments = splitShell(line);
  } catch (e) {
    if (e instanceof TokenizeError) return { stdout: '', stderr: `bash: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  let skip = false;
  let pipe: string | undefined;
  for (const seg of segments) {
    if (!skip) {
      let words: string[];
      try {
        words = splitWords(seg.text);
      } catch (e) {
        if (!(e instanceof TokenizeError)) throw e;
        return { stdout, stderr: stderr + `bash: ${e.message}\n`, exitCode: 2 };
      }
      const produced = producerOutput(words);
      if (produced !== undefined && seg.op === '|') pipe = produced;
      else if (produced !== undefined) {
        stdout += produced;
        opts.onOutput?.('stdout', produced);
        exitCode = 0;
      } else {
        const r = await runSimple(seg.text, pipe, opts);
        pipe = undefined;
        stdout += r.stdout;
        stderr += r.stderr;
        exitCode = r.exitCode;
      }
    }
    if (seg.op === '&&') skip = skip || exitCode !== 0;
    else if (seg.op === '||') skip = !skip && exitCode === 0;
    else if (seg.op === ';' || seg.op === '') skip = false;
  }
  return { stdout, stderr, exitCode };
}
