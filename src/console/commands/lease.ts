/**
 * `etcdctl lease grant|revoke|timetolive|list|keep-alive` (etcdctl lease_command.go).
 */
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';
import { FlagParseError, parseGoInt } from '../flags';
import { hex16 } from '../format';
import { SimplePrinter } from '../printers/simple';
import { parseLeaseHex } from './kv-ops';
import { EXIT_SIGINT } from './watch';

/** `lease grant <ttl>`. */
export async function runLeaseGrant(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'lease grant command needs TTL argument');
  let ttl: number;
  try {
    ttl = Number(parseGoInt(ctx.args[0]!, 10));
  } catch (e) {
    throw new ExitError(ExitCode.BadArgs, `bad TTL (${(e as FlagParseError).message})`);
  }
  const client = ctx.client();
  let resp;
  try {
    resp = await client.leaseGrant({ TTL: ttl }, ctx.callOpts());
  } catch (e) {
    throw new ExitError(ExitCode.Error, `failed to grant lease (${messageOf(e)})`);
  }
  ctx.display().grant(resp);
}

/** `lease revoke <leaseID>`. */
export async function runLeaseRevoke(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'lease revoke command needs 1 argument');
  const id = parseLeaseHex(ctx.args[0]!, 'arg');
  const client = ctx.client();
  let resp;
  try {
    resp = await client.leaseRevoke(id, ctx.callOpts());
  } catch (e) {
    throw new ExitError(ExitCode.Error, `failed to revoke lease (${messageOf(e)})`);
  }
  ctx.display().revoke(id, resp);
}

/** `lease timetolive <leaseID> [--keys]`. RPC errors exit 2, as etcdctl's do here. */
export async function runLeaseTimeToLive(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'lease timetolive command needs lease ID as argument');
  const id = parseLeaseHex(ctx.args[0]!, 'arg');
  const keys = ctx.flags.bool('keys');
  const client = ctx.client();
  let resp;
  try {
    resp = await client.leaseTimeToLive(keys ? { ID: id, keys } : { ID: id }, ctx.streamOpts());
  } catch (e) {
    throw new ExitError(ExitCode.BadConnection, messageOf(e));
  }
  ctx.display().timeToLive(resp, keys);
}

/** `lease list`. */
export async function runLeaseList(ctx: CommandContext): Promise<void> {
  const client = ctx.client();
  let resp;
  try {
    resp = await client.leaseLeases(ctx.streamOpts());
  } catch (e) {
    throw new ExitError(ExitCode.BadConnection, messageOf(e));
  }
  ctx.display().leases(resp);
}

/** `lease keep-alive [--once] <leaseID>`: renews until Ctrl-C or until the lease is gone. */
export async function runLeaseKeepAlive(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'lease keep-alive command needs lease ID as argument');
  const id = parseLeaseHex(ctx.args[0]!, 'arg');
  const client = ctx.client();
  if (ctx.flags.bool('once')) {
    try {
      ctx.display().keepAlive(await client.leaseKeepAliveOnce(id, ctx.streamOpts()));
    } catch (e) {
      if (e instanceof ExitError) throw e;
      throw new ExitError(ExitCode.BadConnection, messageOf(e));
    }
    return 0;
  }
  const stream = client.leaseKeepAlive(id, ctx.streamOpts());
  const onAbort = (): void => stream.cancel();
  ctx.signal.addEventListener('abort', onAbort);
  try {
    for await (const resp of stream) ctx.display().keepAlive(resp);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    if (!ctx.signal.aborted) throw new ExitError(ExitCode.BadConnection, messageOf(e));
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    stream.cancel();
  }
  if (ctx.signal.aborted) return EXIT_SIGINT;
  if (ctx.display() instanceof SimplePrinter) ctx.out.out(`lease ${hex16(id)} expired or revoked.\n`);
  return 0;
}
