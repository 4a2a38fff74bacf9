/** `etcdctl put [options] <key> <value>` (etcdctl put_command.go). */
import type { CommandContext } from '../context';
import { putRequest } from './kv-ops';

/** Runs `put`: stores a key, the value from the second argument or from stdin. */
export async function runPut(ctx: CommandContext): Promise<void> {
  const req = await putRequest(ctx.args, ctx.flags, () => ctx.stdin.readAll());
  const resp = await ctx.client().put(req, ctx.callOpts());
  ctx.display().put(resp);
}
