/** `etcdctl alarm list|disarm` (etcdctl alarm_command.go). */
import type { AlarmMember } from '../../protocol/rpc';
import type { CommandContext } from '../context';
import { ExitCode, ExitError } from '../errors';

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
