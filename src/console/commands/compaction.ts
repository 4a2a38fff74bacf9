/** `etcdctl compaction [options] <revision>` (etcdctl compaction_command.go). */
import type { CommandContext } from '../context';
import { ExitCode, ExitError } from '../errors';
import { FlagParseError, parseGoInt } from '../flags';

/** Runs `compaction`: prints `compacted revision N` whatever `-w` says. */
export async function runCompaction(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'compaction command needs 1 argument');
  let rev: number;
  try {
    rev = Number(parseGoInt(ctx.args[0]!, 10));
  } catch (e) {
    throw new ExitError(ExitCode.Error, (e as FlagParseError).message);
  }
  const physical = ctx.flags.bool('physical');
  await ctx.client().compact(physical ? { revision: rev, physical } : { revision: rev }, ctx.callOpts());
  ctx.out.out(`compacted revision ${rev}\n`);
}
