/**
 * `etcdctl snapshot save|status` (etcdctl snapshot_command.go). Files live in the console's
 * in-memory file table; `save` also hands the image to the page for download.
 */
import type { CommandContext } from '../context';
import { ExitCode, ExitError, messageOf } from '../errors';

/** `snapshot save <filename>`: exactly one endpoint; failures exit 5. */
export async function runSnapshotSave(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'snapshot save expects one argument');
  const eps = ctx.global.endpoints;
  if (eps.length !== 1) {
    throw new ExitError(ExitCode.BadFeature, `snapshot must be requested to one selected node, not multiple [${eps.join(' ')}]`);
  }
  const path = ctx.args[0]!;
  const client = ctx.client();
  let image: Uint8Array;
  try {
    image = await client.snapshot(eps[0]!, { dialTimeoutMs: ctx.global.dialTimeoutMs, signal: ctx.signal });
  } catch (e) {
    throw new ExitError(ExitCode.Interrupted, messageOf(e));
  }
  ctx.host.files.set(path, image);
  ctx.host.onSnapshotSaved?.(path, image);
  ctx.out.out(`Snapshot saved at ${path}\n`);
}

/** `snapshot status <filename>`. */
export async function runSnapshotStatus(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'snapshot status requires exactly one argument');
  const display = ctx.display();
  const path = ctx.args[0]!;
  const image = ctx.host.files.get(path);
  if (!image) throw new ExitError(ExitCode.Error, `stat ${path}: no such file or directory`);
  display.dbStatus(await ctx.client().snapshotStatus(image));
}
