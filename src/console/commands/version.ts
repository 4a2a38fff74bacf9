/** `etcdctl version` (etcdctl version_command.go). */
import type { CommandContext } from '../context';

/** `version`. */
export function runVersion(ctx: CommandContext): void {
  ctx.out.out('etcdctl version: 3.4.23\nAPI version: 3.4\n');
}
