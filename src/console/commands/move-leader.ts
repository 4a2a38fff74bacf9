/** `etcdctl move-leader <transferee-member-id>` (etcdctl move_leader_command.go). */
import type { CommandContext } from '../context';
import { ExitCode, ExitError } from '../errors';
import { FlagParseError, parseGoInt } from '../flags';

/** `move-leader <transferee-member-id>`: finds the leader among --endpoints and asks it to step down. */
export async function runMoveLeader(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'move-leader command needs 1 argument');
  let target: bigint;
  try {
    target = parseGoInt(ctx.args[0]!, 16, 'ParseUint');
  } catch (e) {
    throw new ExitError(ExitCode.BadArgs, (e as FlagParseError).message);
  }
  const client = ctx.client();
  const opts = { timeoutMs: ctx.global.commandTimeoutMs, dialTimeoutMs: ctx.global.dialTimeoutMs, signal: ctx.signal };
  let leaderEp: string | undefined;
  let leaderID = 0n;
  for (const ep of ctx.global.endpoints) {
    const st = await client.status(ep, opts);
    if (st.header.memberId === st.leader) {
      leaderEp = ep;
      leaderID = st.leader;
      break;
    }
  }
  if (leaderEp === undefined) throw new ExitError(ExitCode.BadArgs, `no leader endpoint given at [${ctx.global.endpoints.join(' ')}]`);
  const resp = await client.moveLeader(leaderEp, target, opts);
  ctx.display().moveLeader(leaderID, target, resp);
}
