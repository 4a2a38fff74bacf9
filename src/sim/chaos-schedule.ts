/**
 * The chaos schedule: a host-neutral, seeded plan of faults for a Jepsen-style run, used by the
 * page's Chaos control (src/cluster/chaos) and usable by any host that can kill, restart, wipe,
 * partition and degrade links by member name.
 *
 * Faults run on two lanes that may overlap, like Jepsen's composed nemeses:
 *
 * ```
 *   network lane  |--split--|   |-one-way-|  |--lossy--|   |-transfers-|
 *   process lane        |---kill leader---|        |-wipe-|   |--kill--|
 *                 0 ─────────────────────────────────────────── faultEnd ── quiet ── duration
 *                                                                   ▲ heal-all
 * ```
 *
 * A wipe (member remove + add, which needs a quorum) runs alone on both lanes. At `faultEnd`
 * every fault is undone (links healed, stopped members restarted) and the run stays quiet
 * until `duration`, so the checks can ask whether the cluster serves again (liveness).
 *
 * Members the plan cannot know in advance (the leader at that moment, some follower) are named
 * by role and resolved by the host when the step runs.
 */
import { assertNever } from './assert';
import type { SimRand } from './prng';

/** ChaosFaultKind is a family of faults a run may inject (the Chaos panel's checkboxes). */
export type ChaosFaultKind = 'partition' | 'kill' | 'wipe' | 'network' | 'slow' | 'transfer';

/** CHAOS_FAULT_KINDS lists every fault family, in the order the page shows them. */
export const CHAOS_FAULT_KINDS: readonly ChaosFaultKind[] = ['partition', 'kill', 'wipe', 'network', 'slow', 'transfer'];

/** ChaosTarget names a member: by name, or by its role when the step runs. */
export type ChaosTarget = { name: string } | { role: 'leader' } | { role: 'follower' };

/** LinkFault is what a degraded link does: loss, duplication and a delay range (reordering). */
export interface LinkFault {
  a: string;
  b: string;
  dropRate: number;
  duplicateRate: number;
  delayMs: [number, number];
}

/** ChaosAction is what one fault does when it begins. */
export type ChaosAction =
  /** Majority/minority split: messages between the groups are dropped. */
  | { type: 'split'; groups: string[][] }
  /** Cut every link of one member (the leader, usually). */
  | { type: 'isolate'; target: ChaosTarget }
  /** Two sides that cannot talk to each other, and one member that talks to both. */
  | { type: 'bridge'; bridge: string; sides: [string[], string[]] }
  /** Asymmetric: messages from `from` to `to` are dropped, the other direction still flows. */
  | { type: 'one-way'; from: ChaosTarget; to: ChaosTarget[] }
  /** Lossy, duplicating, reordering links. */
  | { type: 'link-faults'; links: LinkFault[] }
  /** Every link of one member gets slow. */
  | { type: 'slow'; target: ChaosTarget; delayMs: [number, number] }
  /** Kill a member (its memory is lost, its disk stays), restarted when the fault ends. */
  | { type: 'kill'; target: ChaosTarget }
  /** Delete a member's disk and rejoin it as a new member (remove + add). */
  | { type: 'wipe'; target: ChaosTarget }
  /** Leadership moves `count` times, every `intervalMs`, to a random other member. */
  | { type: 'transfer-storm'; count: number; intervalMs: number };

/** ChaosFault is one planned fault: what it does, and when it begins and ends (ms from the start). */
export interface ChaosFault {
  /** Dense index in the schedule. */
  id: number;
  kind: ChaosFaultKind;
  lane: 'network' | 'process';
  start: number;
  end: number;
  action: ChaosAction;
}

/** ChaosStep is one timed step a host executes, in order of `at`. */
export type ChaosStep =
  | { at: number; op: 'begin'; fault: ChaosFault }
  /** Undo fault `fault`: heal the network for network faults, restart what a kill stopped. */
  | { at: number; op: 'end'; fault: ChaosFault }
  /** The end of all faults: heal every link, restart every stopped member. */
  | { at: number; op: 'heal-all' };

/** ChaosSchedule is a whole plan. */
export interface ChaosSchedule {
  members: readonly string[];
  durationMs: number;
  /** No fault begins at or after this; heal-all runs here. */
  faultEndMs: number;
  faults: ChaosFault[];
  steps: ChaosStep[];
}

/** ChaosScheduleOptions configure {@link planChaos}. */
export interface ChaosScheduleOptions {
  /** Member names, e.g. infra1..infra3. */
  members: readonly string[];
  /** The whole run, in ms (of cluster time). */
  durationMs: number;
  /** Which fault families to draw from; empty = a run without faults. */
  faults: readonly ChaosFaultKind[];
  /** The quiet window at the end (default: 25% of the run, at least 3 s, at most 10 s). */
  quietMs?: number;
  /** How long a fault lasts, [min, max] ms (default 1.5-4 s: a few election timeouts). */
  faultMs?: [number, number];
  /** Pause between two faults of a lane, [min, max] ms (default 0.3-1.5 s). */
  gapMs?: [number, number];
}

const LANE: Record<ChaosFaultKind, 'network' | 'process'> = {
  partition: 'network', network: 'network', slow: 'network', transfer: 'network', kill: 'process', wipe: 'process',
};

/**
 * planChaos draws a schedule from `rand`: same options and same seed, same plan. Every fault
 * ends by `faultEndMs`, where a heal-all step follows.
 */
export function planChaos(rand: SimRand, opts: ChaosScheduleOptions): ChaosSchedule {
  const { members, durationMs } = opts;
  const quiet = opts.quietMs ?? Math.min(10_000, Math.max(3000, Math.round(durationMs / 4)));
  const faultEndMs = Math.max(0, durationMs - quiet);
  const [fMin, fMax] = opts.faultMs ?? [1500, 4000];
  const [gMin, gMax] = opts.gapMs ?? [300, 1500];
  // Wipe needs a second member to re-add it through; partitions and transfers need two members.
  const kinds = opts.faults.filter((k) => (k === 'kill' || k === 'slow' || k === 'network' ? members.length >= 1 : members.length >= 2));
  const free = { network: Math.min(gMin, faultEndMs), process: Math.min(gMax, faultEndMs) };
  const faults: ChaosFault[] = [];
  let t = free.network;
  while (kinds.length > 0 && t < faultEndMs - fMin / 2) {
    const kind = rand.pick(kinds);
    const lane = LANE[kind];
    const start = kind === 'wipe' ? Math.max(t, free.network, free.process) : Math.max(t, free[lane]);
    const end = Math.min(start + rand.between(fMin, fMax), faultEndMs);
    t += Math.max(1, rand.between(gMin, gMax));
    if (end - start < fMin / 2) continue;
    faults.push({ id: faults.length, kind, lane, start, end, action: drawAction(rand, kind, members, end - start) });
    free[lane] = end + rand.between(gMin, gMax);
    if (kind === 'wipe') free.network = free.process = end + gMin;
  }
  faults.sort((a, b) => a.start - b.start || a.id - b.id);
  faults.forEach((f, i) => (f.id = i));
  const steps: ChaosStep[] = [];
  for (const f of faults) steps.push({ at: f.start, op: 'begin', fault: f }, { at: f.end, op: 'end', fault: f });
  // Ends before begins at the same instant, so a lane is free before its next fault starts.
  steps.sort((a, b) => a.at - b.at || (a.op === 'end' ? 0 : 1) - (b.op === 'end' ? 0 : 1));
  steps.push({ at: faultEndMs, op: 'heal-all' });
  return { members: [...members], durationMs, faultEndMs, faults, steps };
}

/** drawAction picks the concrete shape of a fault of `kind`. */
function drawAction(rand: SimRand, kind: ChaosFaultKind, members: readonly string[], lengthMs: number): ChaosAction {
  const shuffled = rand.shuffle(members);
  switch (kind) {
    case 'partition':
      return drawPartition(rand, shuffled);
    case 'kill':
      return { type: 'kill', target: rand.chance(0.5) ? { role: 'leader' } : { name: rand.pick(members) } };
    case 'wipe':
      return { type: 'wipe', target: { role: 'follower' } };
    case 'network': {
      const links: LinkFault[] = [];
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          if (!rand.chance(0.7)) continue;
          const hi = rand.pick([10, 40, 120, 300]);
          links.push({
            a: members[i]!, b: members[j]!, dropRate: rand.pick([0.05, 0.1, 0.2, 0.3]), duplicateRate: rand.pick([0, 0.05, 0.1, 0.2]), delayMs: [2, hi],
          });
        }
      }
      return { type: 'link-faults', links };
    }
    case 'slow':
      return { type: 'slow', target: rand.chance(0.5) ? { role: 'leader' } : { role: 'follower' }, delayMs: [rand.pick([150, 250, 400]), 600] };
    case 'transfer': {
      const intervalMs = rand.between(300, 700);
      return { type: 'transfer-storm', count: Math.max(1, Math.floor(lengthMs / intervalMs)), intervalMs };
    }
    default:
      return assertNever(kind);
  }
}

function drawPartition(rand: SimRand, shuffled: string[]): ChaosAction {
  const n = shuffled.length;
  const shapes = n >= 3 ? (['split', 'isolate-leader', 'bridge', 'one-way'] as const) : (['split', 'isolate-leader', 'one-way'] as const);
  const shape = rand.pick(shapes);
  switch (shape) {
    case 'split': {
      const minority = rand.between(1, Math.max(1, Math.floor((n - 1) / 2)));
      return { type: 'split', groups: [shuffled.slice(minority), shuffled.slice(0, minority)] };
    }
    case 'isolate-leader':
      return { type: 'isolate', target: { role: 'leader' } };
    case 'bridge': {
      const [bridge, ...rest] = shuffled;
      const half = Math.ceil(rest.length / 2);
      return { type: 'bridge', bridge: bridge!, sides: [rest.slice(0, half), rest.slice(half)] };
    }
    case 'one-way': {
      const to = shuffled.slice(1, 1 + rand.between(1, n - 1)).map((name) => ({ name }));
      return { type: 'one-way', from: rand.chance(0.5) ? { role: 'leader' } : { name: shuffled[0]! }, to };
    }
    default:
      return assertNever(shape);
  }
}

/** describeTarget renders a target for a fault's caption: `the leader`, `infra2`. */
export function describeTarget(t: ChaosTarget): string {
  return 'name' in t ? t.name : t.role === 'leader' ? 'the leader' : 'a follower';
}

/** describeAction renders a fault in plain words, e.g. `split [infra1 infra3] | [infra2]`. */
export function describeAction(a: ChaosAction): string {
  switch (a.type) {
    case 'split':
      return `partition ${a.groups.map((g) => `[${g.join(' ')}]`).join(' | ')}`;
    case 'isolate':
      return `isolate ${describeTarget(a.target)}`;
    case 'bridge':
      return `bridge: ${a.bridge} links [${a.sides[0].join(' ')}] and [${a.sides[1].join(' ')}]`;
    case 'one-way':
      return `one-way cut: ${describeTarget(a.from)} cannot reach ${a.to.map(describeTarget).join(', ')}`;
    case 'link-faults':
      return `lossy links (${a.links.map((l) => `${l.a}-${l.b} ${Math.round(l.dropRate * 100)}% loss`).join(', ') || 'none'})`;
    case 'slow':
      return `slow ${describeTarget(a.target)} (${a.delayMs[0]}-${a.delayMs[1]} ms links)`;
    case 'kill':
      return `kill ${describeTarget(a.target)}`;
    case 'wipe':
      return `wipe ${describeTarget(a.target)}'s disk and rejoin it`;
    case 'transfer-storm':
      return `leader transfer storm (${a.count} moves, every ${a.intervalMs} ms)`;
    default:
      return assertNever(a);
  }
}
