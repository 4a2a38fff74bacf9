/**
 * `etcdctl elect <election-name> [proposal]` and `elect -l <election-name>` (etcdctl
 * elect_command.go): campaign until leader, print the leader key and value, hold until Ctrl-C,
 * then resign; or observe and print every leadership change. Session TTL: 60 s.
 */
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';
import { bytesOf } from '../format';
import { Election, observeElection } from '../concurrency/election';
import { DEFAULT_SESSION_TTL, newSession } from '../concurrency/session';
import { whenAborted } from '../io';

async function campaign(ctx: CommandContext, name: string, proposal: string): Promise<void> {
  const client = ctx.client();
  const session = await newSession(client, DEFAULT_SESSION_TTL, ctx.streamOpts());
  try {
    const e = new Election(session, name);
    await e.campaign(proposal, ctx.streamOpts());
    const resp = await client.range({ key: bytesOf(e.key()) }, ctx.streamOpts());
    ctx.display().get(resp);
    const ended = await Promise.race([whenAborted(ctx.signal).then(() => 'signal' as const), session.done.then(() => 'expired' as const)]);
    if (ended === 'expired') throw new Error('elect: session expired');
    await e.resign({});
  } finally {
    session.orphan();
  }
}

async function observe(ctx: CommandContext, name: string): Promise<void> {
  const client = ctx.client();
  const session = await newSession(client, DEFAULT_SESSION_TTL, ctx.streamOpts());
  try {
    for await (const resp of observeElection(client, name, ctx.streamOpts())) ctx.display().get(resp);
  } finally {
    session.orphan();
  }
  if (!ctx.signal.aborted) throw new Error('elect: observer lost');
}

/** Runs `elect`. */
export async function runElect(ctx: CommandContext): Promise<number> {
  const args = ctx.args;
  if (args.length !== 1 && args.length !== 2) {
    throw new ExitError(ExitCode.BadArgs, 'elect takes one election name argument and an optional proposal argument');
  }
  const listen = ctx.flags.bool('listen');
  if (listen && args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'proposal given but -l is set');
  if (!listen && args.length !== 2) throw new ExitError(ExitCode.BadArgs, 'no proposal argument but -l not set');
  try {
    if (listen) await observe(ctx, args[0]!);
    else await campaign(ctx, args[0]!, args[1]!);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    if (listen && ctx.signal.aborted) return 0;
    throw new ExitError(ExitCode.Error, ctx.signal.aborted ? 'context canceled' : messageOf(e));
  }
  return 0;
}
