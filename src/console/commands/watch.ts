/**
 * `etcdctl watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]`
 * and `watch -i` (etcdctl watch_command.go). Streams until Ctrl-C or until the server cancels.
 */
import type { WatchCreateRequest, WatchResponse } from '../../protocol/rpc';
import type { WatchStream } from '../client-types';
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';
import { FlagParseError, FlagValues, parseFlags } from '../flags';
import { bytesOf, goQuote } from '../format';
import { prefixEnd } from './kv-ops';
import { argify } from './txn-parse';

/** Exit status of a process ended by Ctrl-C (128 + SIGINT), as a shell reports it. */
export const EXIT_SIGINT = 130;

const COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
const FUTURE = 'etcdserver: mvcc: required revision is a future revision';

/** clientv3's WatchResponse.Err() text for a canceled response. */
export function cancelError(r: WatchResponse): string {
  if (r.compactRevision !== 0) return COMPACTED;
  return r.cancelReason !== '' ? r.cancelReason : FUTURE;
}

function isProgressNotify(r: WatchResponse): boolean {
  return r.events.length === 0 && !r.canceled && !r.created && r.compactRevision === 0 && r.header.revision !== 0;
}

/** getWatchChan: builds the watch request from `[key, range_end]` and the flags. */
export function watchRequest(args: string[], f: FlagValues): WatchCreateRequest {
  if (args.length < 1) throw new ExitError(ExitCode.BadArgs, 'bad number of arguments');
  let key = bytesOf(args[0]!);
  const req: WatchCreateRequest = { key, startRevision: f.int('rev') };
  if (args.length === 2) {
    if (f.bool('prefix')) throw new ExitError(ExitCode.BadArgs, '`range_end` and `--prefix` are mutually exclusive');
    req.rangeEnd = bytesOf(args[1]!);
  }
  if (f.bool('prefix')) {
    // clientv3.WithPrefix on an empty key watches everything: key and range end both "\0".
    if (key.length === 0) {
      key = new Uint8Array([0]);
      req.rangeEnd = new Uint8Array([0]);
    } else req.rangeEnd = prefixEnd(key);
    req.key = key;
  }
  if (f.bool('prev-kv')) req.prevKv = true;
  return req;
}

/**
 * etcdctl's exit when an exec'd command fails: `command ["sh" "-c" "exit 3"] error (exit status 3)`
 * on stderr (Go's %q of the argv slice, no `Error:` prefix) and exit 1.
 */
class ExecFailed extends Error {}

/** printWatchCh: prints every response; resolves true if the server canceled the watch. */
async function printWatch(ctx: CommandContext, stream: WatchStream<WatchResponse>, execArgs: string[]): Promise<boolean> {
  try {
    for await (const resp of stream) {
      if (resp.canceled) ctx.out.err(`watch was canceled (${cancelError(resp)})\n`);
      if (isProgressNotify(resp)) ctx.out.out(`progress notify: ${resp.header.revision}\n`);
      ctx.display().watch(resp);
      if (execArgs.length > 0) await execForEvents(ctx, resp, execArgs);
      if (resp.canceled) return true;
    }
  } catch (e) {
    if (e instanceof ExitError || e instanceof ExecFailed) throw e;
    if (ctx.signal.aborted) return false;
    ctx.out.err(`watch was canceled (${messageOf(e)})\n`);
    return true;
  }
  return !ctx.signal.aborted;
}

async function execForEvents(ctx: CommandContext, resp: WatchResponse, execArgs: string[]): Promise<void> {
  for (const ev of resp.events) {
    const env = {
      ...ctx.env,
      ETCD_WATCH_REVISION: String(resp.header.revision),
      ETCD_WATCH_EVENT_TYPE: goQuote(bytesOf(ev.type)),
      ETCD_WATCH_KEY: goQuote(ev.kv.key),
      ETCD_WATCH_VALUE: goQuote(ev.kv.value),
    };
    let why = '';
    try {
      const code = await ctx.host.exec(execArgs, env, ctx.out, ctx.signal);
      if (code !== 0) why = `exit status ${code}`;
    } catch (e) {
      why = messageOf(e);
    }
    if (why !== '') {
      ctx.out.err(`command [${execArgs.map((a) => goQuote(bytesOf(a))).join(' ')}] error (${why})\n`);
      throw new ExecFailed(why);
    }
  }
}

function splitArgs(ctx: CommandContext): { watchArgs: string[]; execArgs: string[] } {
  const dash = ctx.argsLenAtDash;
  if (dash < 0) return { watchArgs: ctx.args, execArgs: [] };
  const execArgs = ctx.args.slice(dash);
  if (execArgs.length === 0) throw new ExitError(ExitCode.BadArgs, 'bad number of arguments (found separator --, but no commands)');
  return { watchArgs: ctx.args.slice(0, dash), execArgs };
}

/** Runs `watch`; returns 130 when ended by Ctrl-C, exits 5 when the server cancels. */
export async function runWatch(ctx: CommandContext): Promise<number> {
  const envKey = ctx.env['ETCDCTL_WATCH_KEY'] ?? '';
  const envRange = ctx.env['ETCDCTL_WATCH_RANGE_END'] ?? '';
  if (envKey === '' && envRange !== '') {
    throw new ExitError(ExitCode.BadArgs, `ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=${JSON.stringify(envRange)}`);
  }
  if (ctx.flags.bool('interactive')) return runInteractive(ctx, envKey, envRange);
  const split = splitArgs(ctx);
  const execArgs = split.execArgs;
  let watchArgs = split.watchArgs;
  if (envKey !== '') {
    if (watchArgs.length > 0) throw new ExitError(ExitCode.BadArgs, 'bad number of arguments (found conflicting environment key)');
    watchArgs = envRange === '' ? [envKey] : [envKey, envRange];
  }
  const client = ctx.client();
  const req = watchRequest(watchArgs, ctx.flags);
  const stream = client.watch(req, { ...ctx.streamOpts(), requireLeader: true });
  const onAbort = (): void => stream.cancel();
  ctx.signal.addEventListener('abort', onAbort);
  try {
    if (await printWatch(ctx, stream, execArgs)) throw new ExitError(ExitCode.Interrupted, 'watch is canceled by the server');
    return EXIT_SIGINT;
  } catch (e) {
    if (e instanceof ExecFailed) return ExitCode.Error;
    throw e;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    stream.cancel();
  }
}

async function runInteractive(ctx: CommandContext, envKey: string, envRange: string): Promise<number> {
  const client = ctx.client();
  const streams: WatchStream<WatchResponse>[] = [];
  const cancelAll = (): void => streams.forEach((s) => s.cancel());
  ctx.signal.addEventListener('abort', cancelAll);
  let canceledByServer: Promise<void> = new Promise(() => undefined);
  try {
    for (;;) {
      const line = await Promise.race([ctx.stdin.readLine(), canceledByServer.then(() => undefined)]);
      if (line === undefined) throw new ExitError(ExitCode.Interrupted, 'watch is canceled by the server');
      if (line === null) {
        if (ctx.signal.aborted) return EXIT_SIGINT;
        throw new ExitError(ExitCode.InvalidInput, 'Error reading watch request line: EOF');
      }
      const words = argify(line);
      if (words.length < 1) {
        ctx.out.err(`Invalid command: ${line} (watch and progress supported)\n`);
      } else if (words[0] === 'watch') {
        if (words.length < 2 && envKey === '') {
          ctx.out.err(`Invalid command ${line} (command type or key is not provided)\n`);
          continue;
        }
        let req: WatchCreateRequest;
        try {
          const parsed = parseFlags(words.slice(1), ctx.node.flags);
          const args = parsed.args.length === 0 ? (envRange === '' ? [envKey] : [envKey, envRange]) : parsed.args;
          req = watchRequest(args, new FlagValues(parsed, ctx.node.flags));
        } catch (e) {
          if (!(e instanceof ExitError || e instanceof FlagParseError)) throw e;
          ctx.out.err(`Invalid command ${line} (${e.message})\n`);
          continue;
        }
        const stream = client.watch(req, { ...ctx.streamOpts(), requireLeader: true });
        streams.push(stream);
        const done = printWatch(ctx, stream, []);
        const prev = canceledByServer;
        canceledByServer = Promise.race([prev, done.then((c) => (c ? undefined : new Promise<void>(() => undefined)))]);
      } else if (words[0] === 'progress') {
        streams.forEach((s) => s.requestProgress());
      } else {
        ctx.out.err(`Invalid command ${line} (only support watch)\n`);
      }
    }
  } finally {
    ctx.signal.removeEventListener('abort', cancelAll);
    cancelAll();
  }
}
