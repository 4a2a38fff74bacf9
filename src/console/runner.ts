/**
 * runEtcdctl: one console line in, etcdctl's stdout, stderr and exit code out.
 *
 *   line -> tokenize -> find command (cobra) -> parse flags (pflag) -> run verb -> printer
 *
 * Streaming verbs (watch, lock, elect, lease keep-alive) write through `onOutput` as they go
 * and end when `signal` aborts (Ctrl-C).
 */
import type { ClusterClient } from './client';
import type { CommandNode } from './command-tree';
import { allFlags, buildCommandTree, findCommand, usageText } from './command-tree';
import { commandTable } from './commands/index';
import type { GlobalOptions, HostServices, RunFn } from './context';
import { CommandContext } from './context';
import { ExitCode, ExitError, messageOf } from './errors';
import { makeExec } from './exec';
import type { ParsedFlags } from './flags';
import { FlagParseError, FlagValues, parseFlags } from './flags';
import type { StdinSource, StreamName } from './io';
import { OutputBuffer, StdinReader } from './io';
import type { Out } from './printers/printer';
import { TokenizeError, tokenize } from './tokenize';
import { runCurl } from './http/index';

/** Options of one etcdctl run. */
export interface RunEtcdctlOptions {
  client: ClusterClient;
  /** Standard input: a pasted block, or chunks typed while the command runs. */
  stdin?: StdinSource;
  /** Ctrl-C. */
  signal?: AbortSignal;
  /** Receives output as it is produced. */
  onOutput?: (stream: StreamName, text: string) => void;
  /** Clock, sleep, file table, download hook; defaults use the real clock and a private file table. */
  host?: Partial<HostServices>;
  /** Environment variables (`ETCDCTL_ENDPOINTS`, `ETCDCTL_WRITE_OUT`, ...); the line's own `NAME=value` prefixes are added. */
  env?: Record<string, string>;
  /** Shell variables for `$NAME` expansion in the line. */
  vars?: Record<string, string>;
}

/** What the run printed and how it exited. */
export interface EtcdctlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const TREE = buildCommandTree();
const TABLE = commandTable(TREE);
const NOT_AVAILABLE = new Set(['auth', 'user', 'role', 'make-mirror', 'migrate', 'completion', 'check datascale', 'snapshot restore']);

function defaultHost(partial: Partial<HostServices> | undefined, client: ClusterClient): HostServices {
  const host: HostServices = {
    now: partial?.now ?? (() => globalThis.performance.now()),
    sleep:
      partial?.sleep ??
      ((ms, signal) =>
        new Promise<void>((resolve, reject) => {
          const t = globalThis.setTimeout(resolve, ms);
          signal.addEventListener('abort', () => {
            globalThis.clearTimeout(t);
            reject(new Error('context canceled'));
          });
        })),
    files: partial?.files ?? new Map(),
    exec: partial?.exec ?? (async () => 1),
  };
  if (partial?.onSnapshotSaved) host.onSnapshotSaved = partial.onSnapshotSaved;
  if (!partial?.exec) {
    host.exec = makeExec((argv, env, out, signal) => execute(argv, env, { client, signal, host }, out, ''));
  }
  return host;
}

function globalOptions(f: FlagValues): GlobalOptions {
  return {
    endpoints: f.stringSlice('endpoints'),
    writeOut: f.string('write-out'),
    hex: f.bool('hex'),
    commandTimeoutMs: f.duration('command-timeout'),
    dialTimeoutMs: f.duration('dial-timeout'),
  };
}

function helpTopic(args: string[], out: Out): number {
  const found = findCommand(TREE, args);
  if (found.unknown || (args.length > 0 && found.node === TREE)) {
    out.err(`Unknown help topic [${args.map((a) => '`' + a + '`').join(' ')}]\n`);
    out.out(usageText(TREE));
    return 0;
  }
  out.out(usageText(found.node));
  return 0;
}

async function runNode(node: CommandNode, parsed: ParsedFlags, env: Record<string, string>, opts: RunEtcdctlOptions & { host: HostServices }, out: Out, stdin: StdinReader): Promise<number> {
  const specs = allFlags(node);
  const flags = new FlagValues(parsed, specs);
  if (flags.bool('help')) {
    out.out(usageText(node));
    return 0;
  }
  if (node.path === 'help') return helpTopic(parsed.args, out);
  const run: RunFn | undefined = TABLE[node.path];
  if (!run) {
    if (NOT_AVAILABLE.has(node.path) || (node.parent && NOT_AVAILABLE.has(node.parent.path))) {
      throw new ExitError(ExitCode.Error, `${node.path} is not available in etcdscope`);
    }
    out.out(usageText(node));
    return 0;
  }
  const signal = opts.signal ?? new AbortController().signal;
  const ctx = new CommandContext(node, parsed.args, parsed.argsLenAtDash, flags, globalOptions(flags), out, stdin, signal, env, opts.host, opts.client);
  return (await run(ctx)) ?? 0;
}

/** Go's log timestamp as etcd's capnslog prints it: `2026-11-24 06:57:26.250678` (local time). */
export function goLogTime(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
}

/**
 * etcdctl reads every global flag from `ETCDCTL_<FLAG>` too (pkg/flags.SetPflagsFromEnv); giving
 * both is fatal.
 */
function applyEnv(parsed: ParsedFlags, node: CommandNode, env: Record<string, string>): void {
  for (const spec of TREE.persistent) {
    const name = 'ETCDCTL_' + spec.name.toUpperCase().replace(/-/g, '_');
    const v = env[name];
    if (v === undefined) continue;
    if (parsed.values.has(spec.name)) {
      throw new Error(`${goLogTime(new Date())} C | pkg/flags: conflicting environment variable ${JSON.stringify(name)} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`);
    }
    const one = parseFlags([`--${spec.name}=${v}`], allFlags(node));
    parsed.values.set(spec.name, one.values.get(spec.name)!);
  }
}

async function execute(argv: string[], env: Record<string, string>, opts: RunEtcdctlOptions & { host: HostServices }, out: Out, stdinText: StdinSource | ''): Promise<number> {
  const found = findCommand(TREE, argv);
  if (found.unknown !== undefined) {
    out.err(`Error: ${found.unknown}\nRun 'etcdctl --help' for usage.\nError: ${found.unknown}\n`);
    return ExitCode.Error;
  }
  let parsed: ParsedFlags;
  try {
    parsed = parseFlags(found.args, allFlags(found.node));
  } catch (e) {
    if (!(e instanceof FlagParseError)) throw e;
    out.out(usageText(found.node));
    out.err(`Error: ${e.message}\n\nError: ${e.message}\n`);
    return ExitCode.Error;
  }
  try {
    applyEnv(parsed, found.node, env);
  } catch (e) {
    out.err(`${messageOf(e)}\n`);
    return ExitCode.Error;
  }
  const stdin = new StdinReader(stdinText === '' ? undefined : stdinText, opts.signal);
  try {
    return await runNode(found.node, parsed, env, opts, out, stdin);
  } catch (e) {
    const code = e instanceof ExitError ? e.code : ExitCode.Error;
    if (e instanceof ExitError && e.stderrBefore !== '') out.err(e.stderrBefore);
    out.err(`Error: ${messageOf(e)}\n`);
    return code;
  }
}

/** Runs one etcdctl command line (a leading `etcdctl`, `./etcdctl`, `ETCDCTL_API=3` is accepted). */
export async function runEtcdctl(line: string, opts: RunEtcdctlOptions): Promise<EtcdctlResult> {
  const out = new OutputBuffer(opts.onOutput);
  let exitCode: number;
  try {
    const { argv, env } = tokenize(line, opts.vars);
    if (argv[0] === 'curl') {
      return await runCurl(argv.slice(1), { client: opts.client, onOutput: opts.onOutput, signal: opts.signal, sleep: opts.host?.sleep });
    }
    const host = defaultHost(opts.host, opts.client);
    exitCode = await execute(argv, { ...opts.env, ...env }, { ...opts, host }, out, opts.stdin ?? '');
  } catch (e) {
    if (!(e instanceof TokenizeError)) throw e;
    out.err(`bash: ${e.message}\n`);
    exitCode = 2;
  }
  return { stdout: out.stdout, stderr: out.stderr, exitCode };
}
