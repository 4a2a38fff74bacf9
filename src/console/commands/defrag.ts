/** `etcdctl defrag [--cluster]` (etcdctl defrag_command.go). */
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';

/** `defrag [--cluster]`: one line per endpoint, failures on stderr and exit 1. */
export async function runDefrag(ctx: CommandContext, endpoints: string[]): Promise<number> {
  if (ctx.flags.string('data-dir') !== '') {
    throw new ExitError(ExitCode.Error, 'offline defragmentation (--data-dir) is not available in etcdscope');
  }
  const client = ctx.client();
  let failures = 0;
  for (const ep of endpoints) {
    try {
      await client.defragment(ep, { timeoutMs: ctx.global.commandTimeoutMs, dialTimeoutMs: ctx.global.dialTimeoutMs, signal: ctx.signal });
      ctx.out.out(`Finished defragmenting etcd member[${ep}]\n`);
    } catch (e) {
      ctx.out.err(`Failed to defragment etcd member[${ep}] (${messageOf(e)})\n`);
      failures++;
    }
  }
  return failures === 0 ? 0 : ExitCode.Error;
}
