/**
 * Performing a lesson's actions on a LessonWorld: placeholders are filled from a fresh snapshot
 * just before each action, so `kill {leader}` kills whoever leads at that moment.
 */
import { holds, snapshot } from './conditions';
import { placeholders, resolvePath, substitute, type WorldSnapshot } from './paths';
import type { Action, Capture, Condition } from './scenario';
import type { LessonWorld } from './world';

/** How long a `wait` action waits before the lesson reports it stuck, in ms of wall time. */
export const WAIT_LIMIT_MS = 60_000;
/** How often a `wait` action looks again, in ms. */
export const WAIT_POLL_MS = 200;

/** An action could not be performed (a wait that timed out, an etcdctl line that failed). */
export class LessonActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LessonActionError';
  }
}

/** A placeholder of an action names nothing right now (retried for a while, then reported). */
class UnfilledError extends LessonActionError {}

/** The context actions run in: captures and the step's recorded `start.` values. */
export interface ActionContext {
  world: LessonWorld;
  captures: readonly Capture[];
  start: Map<string, string>;
  /** What `remember` stored; shared by every step of the lesson. */
  vars: Map<string, string>;
}

/** Waits until `c` holds, looking every WAIT_POLL_MS; throws LessonActionError after `limitMs`. */
export async function waitFor(ctx: ActionContext, c: Condition, limitMs = WAIT_LIMIT_MS): Promise<void> {
  for (let waited = 0; ; waited += WAIT_POLL_MS) {
    const s = await snapshot(ctx.world, ctx.captures, ctx.start, [c], ctx.vars);
    if (holds(c, s)) return;
    if (waited >= limitMs) throw new LessonActionError(`gave up waiting for "${c.text}" (line ${c.line})`);
    await ctx.world.sleep(WAIT_POLL_MS);
  }
}

/** Fills the placeholders of an action's argument; a placeholder that names nothing (none) is an error. */
function fill(text: string, s: WorldSnapshot, line: number): string {
  for (const p of placeholders(text)) {
    if (resolvePath(p, s) === 'none') throw new UnfilledError(`line ${line}: {${p}} names nothing right now (is there a ${p.replace(/^start\./, '')}?)`);
  }
  return substitute(text, s);
}

/** How long an action waits for its placeholders to name something (a leader mid-election), in ms. */
export const FILL_LIMIT_MS = 15_000;

/** Performs one action; placeholders that name nothing yet (no leader this instant) are waited for. */
export async function perform(ctx: ActionContext, a: Action): Promise<void> {
  if (a.kind === 'wait') return waitFor(ctx, a.condition);
  for (let waited = 0; ; waited += WAIT_POLL_MS) {
    const s = await snapshot(ctx.world, ctx.captures, ctx.start, [], ctx.vars);
    try {
      return await performIn(ctx, a, s);
    } catch (e) {
      if (!(e instanceof UnfilledError) || waited >= FILL_LIMIT_MS) throw e;
    }
    await ctx.world.sleep(WAIT_POLL_MS);
  }
}

async function performIn(ctx: ActionContext, a: Exclude<Action, { kind: 'wait' }>, s: WorldSnapshot): Promise<void> {
  const w = ctx.world;
  switch (a.kind) {
    case 'kill':
      return w.kill(fill(a.member, s, a.line));
    case 'restart':
      return w.restart(fill(a.member, s, a.line));
    case 'wipe':
      return w.wipe(fill(a.member, s, a.line));
    case 'partition':
      return w.partition(a.groups.map((g) => g.map((m) => fill(m, s, a.line))));
    case 'heal':
      return w.heal();
    case 'pause':
      return w.pause();
    case 'resume':
      return w.resume();
    case 'link':
      return w.link(fill(a.a, s, a.line), fill(a.b, s, a.line), a.up);
    case 'speed':
      return w.speed(a.factor);
    case 'console':
      return w.type(a.tab, fill(a.command, s, a.line));
    case 'interrupt':
      return w.interrupt(a.tab);
    case 'remember':
      ctx.vars.set(a.name, fill(a.value, s, a.line));
      return;
    case 'etcdctl': {
      const r = await w.etcdctl(fill(a.command, s, a.line));
      if (r.exitCode !== 0) throw new LessonActionError(`line ${a.line}: etcdctl ${a.command}: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
      return;
    }
  }
}

/** Performs actions in order. */
export async function performAll(ctx: ActionContext, actions: readonly Action[]): Promise<void> {
  for (const a of actions) await perform(ctx, a);
}
