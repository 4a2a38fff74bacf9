/**
 * What the timeline scrubber marks: notable changes between two consecutive pictures of the
 * cluster (elections, new leaders, kills, restarts, partitions, heals) and how many entries were
 * committed, tick by tick. Derived by diffing snapshots, so any engine that publishes snapshots
 * gets a timeline.
 */
import type { LinkView, MemberView } from './cluster-store';

/** The kind of a timeline marker. */
export type MarkerKind = 'election' | 'leader' | 'kill' | 'restart' | 'partition' | 'heal';

/** One notable change at one tick. */
export interface TimelineMarker {
  tick: number;
  kind: MarkerKind;
  /** Raft id of the member concerned (none for network changes). */
  member?: number;
  /** One line for the tooltip, e.g. "infra2 became leader of term 3". */
  text: string;
}

/** Entries committed during one tick (the highest commit index among members grew by `count`). */
export interface CommitCount {
  tick: number;
  count: number;
}

interface Picture {
  tick: number;
  members: MemberView[];
  links?: LinkView[];
}

const cutCount = (links: LinkView[] | undefined): number => (links ?? []).filter((l) => l.cut).length;
const maxCommit = (members: MemberView[]): number => members.reduce((m, x) => Math.max(m, x.commit), 0);

/** The markers for the change from `prev` to `next` (none for the very first picture). */
export function diffMarkers(prev: Picture | undefined, next: Picture): TimelineMarker[] {
  if (!prev) return [];
  const out: TimelineMarker[] = [];
  const tick = next.tick;
  for (const m of next.members) {
    const was = prev.members.find((p) => p.id === m.id);
    if (!was) continue;
    if (was.role !== 'stopped' && m.role === 'stopped') out.push({ tick, kind: 'kill', member: m.id, text: `${m.name} stopped` });
    else if (was.role === 'stopped' && m.role !== 'stopped') out.push({ tick, kind: 'restart', member: m.id, text: `${m.name} restarted` });
    else if (m.role === 'leader' && (was.role !== 'leader' || was.term !== m.term)) out.push({ tick, kind: 'leader', member: m.id, text: `${m.name} became leader of term ${m.term}` });
    else if (m.role === 'candidate' && (was.role !== 'candidate' || was.term !== m.term)) out.push({ tick, kind: 'election', member: m.id, text: `${m.name} campaigns in term ${m.term}` });
  }
  const before = cutCount(prev.links);
  const after = cutCount(next.links);
  if (after > before) out.push({ tick, kind: 'partition', text: `${after} link${after === 1 ? '' : 's'} cut` });
  else if (after < before) out.push({ tick, kind: 'heal', text: after === 0 ? 'network healed' : `${before - after} link${before - after === 1 ? '' : 's'} restored` });
  return out;
}

/** Entries newly committed between two pictures (0 when none, or when the log went backwards). */
export function committedBetween(prev: Picture | undefined, next: Picture): number {
  if (!prev) return 0;
  return Math.max(0, maxCommit(next.members) - maxCommit(prev.members));
}

/**
 * The marker and commit log of the timeline, bounded like the snapshot history: `trim(tick)`
 * forgets what is older than the oldest snapshot still held.
 */
export class MarkerLog {
  /** Oldest first. Mutated in place; `version` grows on every change. */
  readonly markers: TimelineMarker[] = [];
  /** Oldest first, at most one per tick. Mutated in place. */
  readonly commits: CommitCount[] = [];
  version = 0;
  private prev: Picture | undefined;
  /** Members seen running: a member that comes up for the first time (a new cluster) did not restart. */
  private readonly seenRunning = new Set<number>();

  /** Diffs `next` against the previous picture and records what changed. */
  add(next: Picture): void {
    if (this.prev && next.tick < this.prev.tick) this.clear();
    const found = diffMarkers(this.prev, next).filter((m) => m.kind !== 'restart' || this.seenRunning.has(m.member!));
    for (const m of next.members) if (m.role !== 'stopped') this.seenRunning.add(m.id);
    this.markers.push(...found);
    const n = committedBetween(this.prev, next);
    if (n > 0) {
      const last = this.commits.at(-1);
      if (last?.tick === next.tick) last.count += n;
      else this.commits.push({ tick: next.tick, count: n });
    }
    if (found.length || n > 0) this.version++;
    this.prev = next;
  }

  /** Drops markers and commit counts before `tick`. */
  trim(tick: number): void {
    const drop = <T extends { tick: number }>(xs: T[]): void => {
      let i = 0;
      while (i < xs.length && xs[i]!.tick < tick) i++;
      if (i > 0) {
        xs.splice(0, i);
        this.version++;
      }
    };
    drop(this.markers);
    drop(this.commits);
  }

  /**
   * Forgets what happened after `tick` and diffs the next picture against `at` (the picture of
   * `tick`): the cluster was rewound there and runs on.
   */
  truncateAfter(tick: number, at: Picture | undefined): void {
    const keep = <T extends { tick: number }>(xs: T[]): void => {
      let n = xs.length;
      while (n > 0 && xs[n - 1]!.tick > tick) n--;
      xs.length = n;
    };
    keep(this.markers);
    keep(this.commits);
    this.prev = at;
    this.version++;
  }

  /** Forgets everything (a new cluster). */
  clear(): void {
    this.markers.length = 0;
    this.commits.length = 0;
    this.seenRunning.clear();
    this.prev = undefined;
    this.version++;
  }
}
