/**
 * Lockstep: drives a paused WorkerCluster one tick at a time and waits, after each step, until a
 * member has handled the last tick the bus posted to it. The member's clock (etcd's time.Now on
 * the member: the time of the last tick it handled) then equals cluster time exactly, however
 * late a loaded machine runs timers and port messages, so a test can measure the member's own
 * timeouts in cluster time.
 *
 * ```
 *   step ──► bus posts due ticks {nowMs} ──port──► member ticks ──► tickClocks records nowMs
 *   wait until the member's clock == the last nowMs posted ──► next step
 * ```
 */
import type { ClusterHost, WorkerCluster } from '../cluster';
import type { MemberHandle } from '../member-handle';

const macrotask = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

/** A host that records, per member name, the `nowMs` of the last tick the member received. */
export type ClockedHost<H extends ClusterHost> = H & { memberClock(name: string): number | undefined };

/**
 * Wraps `host` so the member side of every port records the ticks it receives (after the member
 * itself handled them: both listeners run in the same dispatch, and waits resume after it).
 */
export function tickClocks<H extends ClusterHost>(host: H): ClockedHost<H> {
  const clocks = new Map<string, number>();
  const spawn = host.spawn.bind(host);
  return Object.assign(host, {
    spawn: (name: string) => {
      const proc = spawn(name);
      return {
        ...proc,
        start: (req: Parameters<typeof proc.start>[0], p: MessagePort) => {
          const started = proc.start(req, p);
          p.addEventListener('message', (ev: MessageEvent<{ t?: string; nowMs?: number }>) => {
            if (ev.data.t === 'tick' && ev.data.nowMs !== undefined) clocks.set(req.config.name, ev.data.nowMs);
          });
          return started;
        },
      };
    },
    memberClock: (name: string) => clocks.get(name),
  });
}

/** A paused cluster stepped in lockstep with one member. */
export interface Lockstep {
  /** Advances cluster time to the next tick and waits until the member has handled it. */
  step(): Promise<void>;
  /** Steps until `call` settles or `maxMs` of cluster time pass. */
  until(call: Promise<unknown>, maxMs?: number): Promise<void>;
}

/**
 * Pauses `c` (opened on `host`) and catches `member` up with cluster time: the first step also
 * delivers the ticks a late bus had not posted yet. Requires a running member.
 */
export async function lockstep(c: WorkerCluster, host: ClockedHost<ClusterHost>, member: MemberHandle): Promise<Lockstep> {
  const port = member.port;
  if (!port || !member.running) throw new Error(`lockstep: ${member.name} is not running`);
  let lastPosted: number | undefined;
  const post = port.postMessage.bind(port);
  port.postMessage = (msg: unknown, ...rest: never[]): void => {
    const m = msg as { t?: string; nowMs?: number };
    if (m.t === 'tick') lastPosted = m.nowMs;
    post(msg, ...rest);
  };
  c.pause();
  const step = async (): Promise<void> => {
    c.step();
    while (lastPosted !== undefined && host.memberClock(member.name) !== lastPosted) await macrotask();
  };
  await step();
  return {
    step,
    async until(call, maxMs = 60_000) {
      let settled = false;
      call.then(
        () => (settled = true),
        () => (settled = true),
      );
      const t0 = c.now();
      while (!settled && c.now() - t0 < maxMs) {
        await step();
        // The member's answer settles through port messages and promise jobs: let them run.
        await macrotask();
      }
    },
  };
}
