/**
 * `etcdctl lock <lockname> [exec-command arg1 arg2 ...]` (etcdctl lock_command.go): acquires
 * the lock with a session (TTL `--ttl`, default 10 s), prints the lock key, and holds it until
 * Ctrl-C; with a command, runs it holding the lock and then unlocks.
 */
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';
import { bytesOf } from '../format';
import { Mutex } from '../concurrency/mutex';
import type { Session } from '../concurrency/session';
import { newSession } from '../concurrency/session';
import { whenAborted } from '../io';

/** Runs `lock`. Ctrl-C while holding the lock unlocks and exits 0, as etcdctl does. */
export async function runLock(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0) throw new ExitError(ExitCode.BadArgs, 'lock takes a lock name argument and an optional command to execute');
  const client = ctx.client();
  let session: Session | undefined;
  try {
    session = await newSession(client, ctx.flags.int('ttl'), ctx.streamOpts());
    const m = new Mutex(session, ctx.args[0]!);
    await m.lock(ctx.streamOpts());
    const cmdArgs = ctx.args.slice(1);
    if (cmdArgs.length > 0) {
      const env = { ...ctx.env, ETCD_LOCK_KEY: m.key(), ETCD_LOCK_REV: String(m.revision()) };
      let code: number;
      try {
        code = await ctx.host.exec(cmdArgs, env, ctx.out, ctx.signal);
      } finally {
        await m.unlock({});
      }
      if (code !== 0) throw new ExitError(ExitCode.Error, `exit status ${code}`);
      return 0;
    }
    const k = await client.range({ key: bytesOf(m.key()) }, ctx.streamOpts());
    if (k.kvs.length === 0) throw new Error('lock lost on init');
    ctx.display().get(k);
    const ended = await Promise.race([whenAborted(ctx.signal).then(() => 'signal' as const), session.done.then(() => 'expired' as const)]);
    session.orphan();
    if (ended === 'expired') throw new Error('session expired');
    await m.unlock({});
    return 0;
  } catch (e) {
    if (e instanceof ExitError) throw e;
    throw new ExitError(ExitCode.Error, ctx.signal.aborted ? 'context canceled' : messageOf(e));
  } finally {
    // The session lease is left to expire, as etcdctl leaves it; only its keep-alive stops.
    session?.orphan();
  }
}
