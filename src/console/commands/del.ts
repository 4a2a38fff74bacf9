/** `etcdctl del [options] <key> [range_end]` (etcdctl del_command.go). */
import type { CommandContext } from '../context';
import { delRequest } from './kv-ops';

/** Runs `del`: a DeleteRange; prints the count and, with `--prev-kv`, the deleted pairs. */
export async function runDel(ctx: CommandContext): Promise<void> {
  const req = delRequest(ctx.args, ctx.flags);
  const resp = await ctx.client().deleteRange(req, ctx.callOpts());
  ctx.display().del(resp);
}
