/** `etcdctl get [options] <key> [range_end]` (etcdctl get_command.go). */
import type { CommandContext } from '../context';
import { ExitCode, ExitError } from '../errors';
import { getRequest } from './kv-ops';

/** Runs `get`: a Range, printed with `--print-value-only` honoured for the simple format. */
export async function runGet(ctx: CommandContext): Promise<void> {
  const req = getRequest(ctx.args, ctx.flags);
  const resp = await ctx.client().range(req, ctx.callOpts());
  const valueOnly = ctx.flags.bool('print-value-only');
  if (valueOnly && ctx.global.writeOut !== 'simple') {
    throw new ExitError(ExitCode.BadArgs, 'print-value-only is only for `--write-out=simple`');
  }
  ctx.display(valueOnly).get(resp);
}
