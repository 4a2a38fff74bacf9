/**
 * `etcdctl endpoint status|health|hashkv [--cluster]` (etcdctl ep_command.go).
 */
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';
import type { EndpointHashKV, EndpointHealth, EndpointStatus } from '../printers/printer';

/** The endpoints to visit: `--endpoints`, or with `--cluster` every member's client URLs. */
export async function endpointsFromCluster(ctx: CommandContext): Promise<string[]> {
  if (!ctx.flags.bool('cluster')) return ctx.global.endpoints;
  try {
    const resp = await ctx.client().memberList(ctx.callOpts());
    return resp.members.flatMap((m) => m.clientURLs);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    throw new ExitError(ExitCode.Error, `failed to fetch endpoints from etcd cluster member list: ${messageOf(e)}`);
  }
}

async function probe(ctx: CommandContext, ep: string): Promise<EndpointHealth> {
  const client = ctx.client();
  const opts = { ...ctx.callOpts(), endpoints: [ep] };
  const start = ctx.host.now();
  const eh: EndpointHealth = { ep, health: false, tookMs: 0, error: '' };
  try {
    await client.range({ key: new TextEncoder().encode('health') }, opts);
    eh.health = true;
  } catch (e) {
    const msg = messageOf(e);
    eh.health = msg === 'etcdserver: permission denied';
    if (!eh.health) eh.error = msg;
  }
  eh.tookMs = ctx.host.now() - start;
  if (eh.health) {
    try {
      const alarms = await client.alarmList(opts);
      if (alarms.alarms.length > 0) {
        eh.health = false;
        eh.error = 'Active Alarm(s): ' + alarms.alarms.map((a) => (a.alarm === 'NONE' ? 'UNKNOWN' : a.alarm) + ' ').join('');
      }
    } catch {
      eh.health = false;
      eh.error = 'Unable to fetch the alarm list';
    }
  }
  return eh;
}

/** `endpoint health`: probes all endpoints in parallel; results print in completion order. */
export async function runEndpointHealth(ctx: CommandContext): Promise<void> {
  const eps = await endpointsFromCluster(ctx);
  ctx.client();
  const results: EndpointHealth[] = [];
  await Promise.all(eps.map((ep) => probe(ctx, ep).then((h) => void results.push(h))));
  ctx.display().endpointHealth(results);
  if (results.some((h) => !h.health)) throw new ExitError(ExitCode.Error, 'unhealthy cluster');
}

/** `endpoint status`: unreachable endpoints are reported on stderr and make the exit code 1. */
export async function runEndpointStatus(ctx: CommandContext): Promise<number> {
  const eps = await endpointsFromCluster(ctx);
  const client = ctx.client();
  const list: EndpointStatus[] = [];
  let failed = false;
  for (const ep of eps) {
    try {
      list.push({ ep, resp: await client.status(ep, { timeoutMs: ctx.global.commandTimeoutMs, dialTimeoutMs: ctx.global.dialTimeoutMs, signal: ctx.signal }) });
    } catch (e) {
      ctx.out.err(`Failed to get the status of endpoint ${ep} (${messageOf(e)})\n`);
      failed = true;
    }
  }
  ctx.display().endpointStatus(list);
  return failed ? ExitCode.Error : 0;
}

/** `endpoint hashkv [--rev=N]`. */
export async function runEndpointHashKV(ctx: CommandContext): Promise<number> {
  const eps = await endpointsFromCluster(ctx);
  const client = ctx.client();
  const list: EndpointHashKV[] = [];
  let failed = false;
  for (const ep of eps) {
    try {
      const resp = await client.hashKV(ep, ctx.flags.int('rev'), { timeoutMs: ctx.global.commandTimeoutMs, dialTimeoutMs: ctx.global.dialTimeoutMs, signal: ctx.signal });
      list.push({ ep, resp });
    } catch (e) {
      ctx.out.err(`Failed to get the hash of endpoint ${ep} (${messageOf(e)})\n`);
      failed = true;
    }
  }
  ctx.display().endpointHashKV(list);
  return failed ? ExitCode.Error : 0;
}
