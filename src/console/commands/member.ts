/**
 * `etcdctl member list|add|remove|update|promote` (etcdctl member_command.go).
 */
import type { CommandContext } from '../context';
import { ExitCode, ExitError } from '../errors';
import { FlagParseError, parseGoInt } from '../flags';
import { SimplePrinter } from '../printers/simple';

/** Parses a hex member ID argument (strconv.ParseUint(s, 16, 64)). */
function memberIdArg(ctx: CommandContext): bigint {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'member ID is not provided');
  try {
    return parseGoInt(ctx.args[0]!, 16, 'ParseUint');
  } catch (e) {
    throw new ExitError(ExitCode.BadArgs, `bad member ID arg (${(e as FlagParseError).message}), expecting ID in Hex`);
  }
}

/**
 * Validates peer URLs as etcd's types.NewURLs does (clientv3 checks them before the RPC);
 * errors exit 1 with etcd's text.
 */
export function validateURLs(urls: string[]): void {
  for (const raw of urls) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(raw);
    const scheme = m?.[1]?.toLowerCase() ?? '';
    if (!['http', 'https', 'unix', 'unixs'].includes(scheme)) throw new ExitError(ExitCode.Error, `URL scheme must be http, https, unix, or unixs: ${raw}`);
    if (!/^(\[[^\]]*\]|[^:]*):\d*$/.test(m![2]!)) throw new ExitError(ExitCode.Error, `URL address does not have the form "host:port": ${raw}`);
    if (m![3] !== '') throw new ExitError(ExitCode.Error, `URL must not contain a path: ${raw}`);
  }
}

/** `member list`. */
export async function runMemberList(ctx: CommandContext): Promise<void> {
  const resp = await ctx.client().memberList(ctx.callOpts());
  ctx.display().memberList(resp);
}

/** `member add <name> --peer-urls=<urls> [--learner]`; the simple format adds the ETCD_* lines. */
export async function runMemberAdd(ctx: CommandContext): Promise<void> {
  const args = ctx.args;
  if (args.length < 1) throw new ExitError(ExitCode.BadArgs, 'member name not provided');
  if (args.length > 1) {
    let ev = 'too many arguments';
    for (const s of args.slice(1)) if (s.toLowerCase().startsWith('http')) ev += `, did you mean --peer-urls=${s}`;
    throw new ExitError(ExitCode.BadArgs, ev);
  }
  const name = args[0]!;
  const peerURLs = ctx.flags.string('peer-urls');
  if (peerURLs === '') throw new ExitError(ExitCode.BadArgs, 'member peer urls not provided');
  const urls = peerURLs.split(',');
  const client = ctx.client();
  validateURLs(urls);
  const resp = await client.memberAdd(urls, ctx.flags.bool('learner'), ctx.callOpts());
  const display = ctx.display();
  display.memberAdd(resp);
  if (!(display instanceof SimplePrinter)) return;
  const conf: string[] = [];
  for (const m of resp.members) {
    for (const u of m.peerURLs) conf.push(`${m.ID === resp.member.ID ? name : m.name}=${u}`);
  }
  ctx.out.out(
    '\n' +
      `ETCD_NAME=${JSON.stringify(name)}\n` +
      `ETCD_INITIAL_CLUSTER=${JSON.stringify(conf.join(','))}\n` +
      `ETCD_INITIAL_ADVERTISE_PEER_URLS=${JSON.stringify(peerURLs)}\n` +
      'ETCD_INITIAL_CLUSTER_STATE="existing"\n',
  );
}

/** `member remove <memberID>`. */
export async function runMemberRemove(ctx: CommandContext): Promise<void> {
  const id = memberIdArg(ctx);
  const resp = await ctx.client().memberRemove(id, ctx.callOpts());
  ctx.display().memberRemove(id, resp);
}

/** `member update <memberID> --peer-urls=<urls>`. */
export async function runMemberUpdate(ctx: CommandContext): Promise<void> {
  const id = memberIdArg(ctx);
  const peerURLs = ctx.flags.string('peer-urls');
  if (peerURLs === '') throw new ExitError(ExitCode.BadArgs, 'member peer urls not provided');
  const urls = peerURLs.split(',');
  const client = ctx.client();
  validateURLs(urls);
  const resp = await client.memberUpdate(id, urls, ctx.callOpts());
  ctx.display().memberUpdate(id, resp);
}

/** `member promote <memberID>`. */
export async function runMemberPromote(ctx: CommandContext): Promise<void> {
  const id = memberIdArg(ctx);
  const resp = await ctx.client().memberPromote(id, ctx.callOpts());
  ctx.display().memberPromote(id, resp);
}
