/**
 * `etcdctl txn [options]`: reads compares, success ops and failure ops from stdin, each section
 * ended by an empty line; `-i` prints a prompt before each section (etcdctl txn_command.go).
 */
import type { Compare, RequestOp } from '../../protocol/rpc';
import type { CommandNode } from '../command-tree';
import type { CommandContext } from '../context';
import { ExitCode, ExitError } from '../errors';
import type { StdinReader } from '../io';
import { parseCompare, parseRequestOp } from './txn-parse';

async function readSection<T>(stdin: StdinReader, parse: (line: string) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const raw = await stdin.readLine();
    if (raw === null) throw new ExitError(ExitCode.InvalidInput, 'EOF');
    const line = raw.trim();
    if (line === '') return out;
    out.push(await parse(line));
  }
}

/** Runs `txn` against the command tree `tree` (op lines are parsed as put/get/del commands). */
export async function runTxn(ctx: CommandContext, tree: CommandNode): Promise<void> {
  if (ctx.args.length !== 0) throw new ExitError(ExitCode.BadArgs, 'txn command does not accept argument');
  const client = ctx.client();
  const interactive = ctx.flags.bool('interactive');
  const prompt = (s: string): void => {
    if (interactive) ctx.out.out(s + '\n');
  };
  prompt('compares:');
  const compare: Compare[] = await readSection(ctx.stdin, parseCompare);
  prompt('success requests (get, put, del):');
  const success: RequestOp[] = await readSection(ctx.stdin, (l) => parseRequestOp(l, tree));
  prompt('failure requests (get, put, del):');
  const failure: RequestOp[] = await readSection(ctx.stdin, (l) => parseRequestOp(l, tree));
  const resp = await client.txn({ compare, success, failure }, ctx.streamOpts());
  ctx.display().txn(resp);
}
