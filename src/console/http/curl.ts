/**
 * runCurl: the console's `curl`, talking to the in-page members' gateway. Prints what curl 7.88
 * prints in a terminal: the body as it arrives on stdout with nothing added (etcd sends no final
 * newline on unary answers), `-i` headers first, errors as `curl: (N) …` on stderr unless `-s`
 * (without `-S`), and curl's exit codes (0 even for HTTP errors unless `-f`).
 */
import type { ClusterClient } from '../client';
import type { StreamName } from '../io';
import { CurlUsageError, parseCurlArgs } from './curl-args';
import type { CurlArgs } from './curl-args';
import { HttpConnectError, httpRequest } from './gateway';
import type { HttpHead, HttpResponse } from './gateway';
import { verboseDone, verboseRefused, verboseRequest, verboseResponse } from './curl-verbose';
import { memberEndpoint, parseUrl } from './url';

/** Options of one curl run. */
export interface RunCurlOptions {
  client: ClusterClient;
  /** Receives output as it is produced (a watch streams). */
  onOutput?: (stream: StreamName, text: string) => void;
  /** Ctrl-C: ends a watch or keep-alive; curl then exits 130, as under a shell. */
  signal?: AbortSignal;
  /** Sleeps for `-m`; defaults to the real clock. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** What curl printed and how it exited. */
export interface CurlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/** The exit status a shell reports for a command ended by Ctrl-C (128 + SIGINT). */
const INTERRUPTED = 130;

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = globalThis.setTimeout(resolve, ms);
    signal.addEventListener('abort', () => globalThis.clearTimeout(t), { once: true });
  });
}

/** `-i`: the status line and headers as curl prints them (CRLF line ends). */
function headerBlock(r: HttpHead): string {
  const lines = [`HTTP/1.1 ${r.status} ${r.statusText}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)];
  return lines.map((l) => l + '\r\n').join('') + '\r\n';
}

/** Output of one curl run, forwarded live. */
class Output {
  stdout = '';
  stderr = '';
  constructor(private readonly onOutput?: (stream: StreamName, text: string) => void) {}
  out(text: string): void {
    if (text === '') return;
    this.stdout += text;
    this.onOutput?.('stdout', text);
  }
  err(text: string): void {
    this.stderr += text;
    this.onOutput?.('stderr', text);
  }
}

/** Fetches one URL; returns curl's exit code for it. */
async function fetchOne(url: string, args: CurlArgs, opts: RunCurlOptions, signal: AbortSignal, out: Output, timedOut: () => boolean): Promise<number> {
  const quiet = args.silent && !args.showError;
  const method = args.method ?? (args.data !== undefined ? 'POST' : 'GET');
  let held = '';
  const target = parseUrl(url);
  const reachable = !('curlCode' in target) && memberEndpoint(target, opts.client.endpoints()) !== undefined;
  if (args.verbose && reachable && !('curlCode' in target)) out.err(verboseRequest(target, method, args.data, args.headers, args.method !== undefined));
  let r: HttpResponse;
  try {
    r = await httpRequest(
      url,
      {
        method,
        body: args.data ?? '',
        signal,
        onStart: (head) => {
          if (args.verbose) out.err(verboseResponse(head));
          if (args.include) out.out(headerBlock(head));
        },
        onChunk: (t) => (args.fail ? (held += t) : out.out(t)),
      },
      opts.client,
    );
  } catch (e) {
    if (!(e instanceof HttpConnectError)) throw e;
    if (args.verbose && !('curlCode' in target)) {
      if (e.curlCode === 7) out.err(verboseRefused(target));
      else if (e.curlCode === 52) out.err(`* Empty reply from server\n* Closing connection 0\n`);
    }
    if (!quiet) out.err(`curl: (${e.curlCode}) ${e.message}\n`);
    return e.curlCode;
  }
  if (args.verbose && !('curlCode' in target)) out.err(verboseDone(target));
  if (args.fail && r.status >= 400) {
    if (!quiet) out.err(`curl: (22) The requested URL returned error: ${r.status}\n`);
    return 22;
  }
  if (args.fail) out.out(held);
  if (args.include && r.trailers) out.out(Object.entries(r.trailers).map(([k, v]) => `${k}: ${v}\r\n`).join(''));
  if (timedOut()) {
    if (!quiet) out.err(`curl: (28) Operation timed out after ${Math.round((args.maxTimeSec ?? 0) * 1000)} milliseconds with ${new TextEncoder().encode(r.body).length} bytes received\n`);
    return 28;
  }
  return signal.aborted ? INTERRUPTED : 0;
}

/**
 * Runs one curl command line. `argv` is the words after `curl` (a leading `curl` is dropped).
 * Resolves when every URL has been fetched, or when `signal` aborts a streamed one.
 */
export async function runCurl(argv: readonly string[], opts: RunCurlOptions): Promise<CurlResult> {
  const out = new Output(opts.onOutput);
  const words = argv[0] === 'curl' ? argv.slice(1) : argv;
  if (words.length === 0) {
    out.err(TRY_HELP);
    return { stdout: '', stderr: out.stderr, exitCode: 2 };
  }
  let args: CurlArgs;
  try {
    args = parseCurlArgs(words);
  } catch (e) {
    if (!(e instanceof CurlUsageError)) throw e;
    out.err(`curl: ${e.message}\n${TRY_HELP}`);
    return { stdout: '', stderr: out.stderr, exitCode: 2 };
  }
  for (const f of args.unreadableFiles) out.err(`Warning: Couldn't read data from file "${f}", this makes an empty POST.\n`);
  const ac = new AbortController();
  const stop = (): void => ac.abort();
  opts.signal?.addEventListener('abort', stop, { once: true });
  if (opts.signal?.aborted) ac.abort();
  let timedOut = false;
  if (args.maxTimeSec !== undefined) {
    (opts.sleep ?? realSleep)(args.maxTimeSec * 1000, ac.signal).then(
      () => {
        if (ac.signal.aborted) return;
        timedOut = true;
        ac.abort();
      },
      () => undefined,
    );
  }
  let exitCode = 0;
  try {
    for (const url of args.urls) {
      exitCode = await fetchOne(url, args, opts, ac.signal, out, () => timedOut);
      if (ac.signal.aborted) break;
    }
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    ac.abort();
  }
  return { stdout: out.stdout, stderr: out.stderr, exitCode };
}
