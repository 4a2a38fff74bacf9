/**
 * Maintenance verbs: `move-leader`, `defrag`, `alarm list|disarm`, `version`
 * (etcdctl move_leader_command.go, defrag_command.go, alarm_command.go, version_command.go).
 */
import type { AlarmMember } from '../../protocol/rpc';
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';
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

/** `alarm list`. */
export async function runAlarmList(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 0) throw new ExitError(ExitCode.BadArgs, 'alarm list command accepts no arguments');
  const resp = await ctx.client().alarmList(ctx.callOpts());
  ctx.display().alarm(resp);
}

/** `alarm disarm`: deactivates every active alarm and prints those it disarmed. */
export async function runAlarmDisarm(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 0) throw new ExitError(ExitCode.BadArgs, 'alarm disarm command accepts no arguments');
  const client = ctx.client();
  const list = await client.alarmList(ctx.callOpts());
  const disarmed: AlarmMember[] = [];
  let header = list.header;
  for (const a of list.alarms) {
    const r = await client.alarmDisarm(a, ctx.callOpts());
    header = r.header;
    disarmed.push(...r.alarms);
  }
  ctx.display().alarm({ header, alarms: disarmed });
}

/** `version`. */
export function runVersion(ctx: CommandContext): void {
  ctx.out.out('etcdctl version: 3.4.23\nAPI version: 3.4\n');
}
