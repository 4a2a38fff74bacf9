import type { ConfChange, ConfState } from '../raft';
import { assertNever } from './assert';
import { RELIABLE, type NetworkProfile } from './network';
import type { SimRand } from './prng';

/** NemesisKind selects which faults a run injects (the CLI's --nemesis). */
export type NemesisKind = 'none' | 'partition' | 'crash' | 'all' | 'membership';

/** NEMESIS_KINDS lists every NemesisKind, for argument parsing. */
export const NEMESIS_KINDS: readonly NemesisKind[] = ['none', 'partition', 'crash', 'all', 'membership'];

/**
 * CrashPoint is where in a member's work a crash lands. Bare raft members support `now` and
 * `after-persist`; full etcd members (etcd mode) all of them:
 *
 *   now             between two steps of the world (nothing in flight)
 *   after-persist   inside a Ready: the WAL save landed, its messages never went out
 *   mid-save        inside a Ready: the WAL save hangs and the next backend commit fails
 *   torn-commit     inside a Ready: the WAL save lands, the next backend commit tears
 *                   (half its pages and a corrupt meta page reach the disk)
 *   mid-compaction  armed: once a compaction is scheduled, one compaction step runs and is
 *                   committed, then the member dies before the rest
 *   mid-snapshot    crash now; after its restart the member dies installing the first MsgSnap it
 *                   receives (the WAL has the snapshot, the backend commit of the new image
 *                   fails or tears)
 */
export type CrashPoint = 'now' | 'after-persist' | 'mid-save' | 'torn-commit' | 'mid-compaction' | 'mid-snapshot';

/** NemesisHost is what the nemesis may do to a world (implemented by SimWorld). */
export interface NemesisHost {
  readonly ids: readonly number[];
  readonly electionTick: number;
  /** leader returns the id of an up member that believes it leads (highest term), or 0. */
  leader(): number;
  isUp(id: number): boolean;
  /**
   * crash crashes a member; afterPersist: right after persisting a Ready, before sending it;
   * a CrashPoint: there (members that lack it crash now).
   */
  crash(id: number, afterPersist?: boolean | CrashPoint): void;
  /** crashPoints, when set, are the crash points the nemesis draws from (etcd mode). */
  readonly crashPoints?: readonly CrashPoint[] | undefined;
  /**
   * extendedFaults (etcd mode) adds leader-transfer storms and slow members to the `all`
   * nemesis; the raft-mode draws stay as they were (pinned swarm seeds).
   */
  readonly extendedFaults?: boolean;
  /** slowMember delays every message to and from member `id` by `extraTicks` (0: normal again). */
  slowMember?(id: number, extraTicks: number): void;
  restart(id: number): void;
  /** partition cuts links, `kind` names the shape for the trace. */
  partition(kind: string, apply: (net: LinkCutter) => void): void;
  heal(): void;
  setProfile(name: string, profile: NetworkProfile): void;
  transferLeader(from: number, to: number): void;
  /** confState is the membership as the leader (or member 1) has applied it. */
  confState(): ConfState;
  /** proposeConfChange proposes a membership change at member `id`. */
  proposeConfChange(id: number, cc: ConfChange): boolean;
}

/** LinkCutter is the part of SimNetwork a partition shape uses. */
export interface LinkCutter {
  blockLink(from: number, to: number): void;
  isolate(id: number, all: readonly number[]): void;
  partition(groups: readonly (readonly number[])[]): void;
}

/** NemesisStats counts injected faults. */
export interface NemesisStats {
  partitions: number;
  crashes: number;
  restarts: number;
  transfers: number;
  profileChanges: number;
  confChanges: number;
  /** storms and slowMembers: leader-transfer storms and slow members (extendedFaults only). */
  storms: number;
  slowMembers: number;
}

type Action = 'partition' | 'heal' | 'crash' | 'restart' | 'lossy' | 'slow' | 'calm' | 'transfer' | 'remove' | 'add' | 'storm' | 'slow-member';

/**
 * Nemesis injects faults into a world from tick 0 until `healAt`, then heals
 * everything (links, crashed members, network quality) and bounces the
 * leader, so the last part of a run checks liveness: a leader is elected
 * again and commits resume.
 * Faults come every few election timeouts; which ones depends on the kind:
 *
 *   partition: majority/minority splits, isolate the leader, bridge, one-way links
 *   crash:     crash and restart members (any number may be down at once)
 *   all:       both, plus loss/duplication/reordering, long delays, leader transfers
 *              (with extendedFaults, etcd mode: leader-transfer storms, slow members)
 *   membership: all, plus removing voters (the leader too) and adding them back
 *              (as learners, then promoted); after healAt every member is
 *              added back as a voter
 */
export class Nemesis {
  readonly stats: NemesisStats = { partitions: 0, crashes: 0, restarts: 0, transfers: 0, profileChanges: 0, confChanges: 0, storms: 0, slowMembers: 0 };
  private nextAt: number;
  /** stormLeft transfers of the current storm remain, the next at tick stormAt. */
  private stormLeft = 0;
  private stormAt = 0;
  private healed = false;

  constructor(
    readonly kind: NemesisKind,
    private readonly rand: SimRand,
    private readonly host: NemesisHost,
    /** healAt is the tick from which no new fault is injected and everything is healed. */
    readonly healAt: number,
  ) {
    this.nextAt = this.gap();
  }

  private gap(): number {
    const e = this.host.electionTick;
    return this.rand.between(e, e * 15);
  }

  /** step runs the nemesis for tick `now`. */
  step(now: number): void {
    if (this.kind === 'none') return;
    if (now >= this.healAt) {
      if (!this.healed) this.healAll();
      if (this.kind === 'membership' && (now - this.healAt) % this.host.electionTick === 0) this.restoreMembership();
      return;
    }
    if (this.stormLeft > 0 && now >= this.stormAt) {
      this.stormLeft--;
      this.stormAt = now + this.rand.between(2, this.host.electionTick);
      this.transfer();
    }
    if (now < this.nextAt) return;
    this.nextAt = now + this.gap();
    this.act(this.rand.pick(this.actions()));
  }

  private actions(): Action[] {
    switch (this.kind) {
      case 'none':
        return [];
      case 'partition':
        return ['partition', 'partition', 'heal'];
      case 'crash':
        return ['crash', 'restart', 'restart'];
      case 'all': {
        const all: Action[] = ['partition', 'heal', 'crash', 'restart', 'restart', 'lossy', 'slow', 'calm', 'transfer'];
        return this.host.extendedFaults === true ? [...all, 'storm', 'slow-member'] : all;
      }
      case 'membership':
        return ['partition', 'heal', 'crash', 'restart', 'restart', 'lossy', 'calm', 'transfer', 'remove', 'remove', 'add', 'add', 'add'];
      default:
        return assertNever(this.kind);
    }
  }

  private act(a: Action): void {
    switch (a) {
      case 'partition':
        this.partition();
        return;
      case 'heal':
        this.host.heal();
        return;
      case 'crash':
        this.crashOne();
        return;
      case 'restart':
        this.restartOne();
        return;
      case 'lossy':
        this.stats.profileChanges++;
        this.host.setProfile('lossy', {
          dropRate: this.rand.pick([0.05, 0.1, 0.2, 0.3]),
          dupRate: this.rand.pick([0, 0.05, 0.1]),
          delayMinTicks: 1,
          delayMaxTicks: this.rand.between(1, 4),
          reorderRate: this.rand.pick([0, 0.1, 0.3]),
          reorderDelayMaxTicks: this.host.electionTick * 2,
        });
        return;
      case 'slow':
        this.stats.profileChanges++;
        this.host.setProfile('slow', {
          ...RELIABLE,
          delayMinTicks: 1,
          delayMaxTicks: this.rand.between(2, this.host.electionTick),
        });
        return;
      case 'calm':
        this.stats.profileChanges++;
        this.host.setProfile('reliable', { ...RELIABLE });
        return;
      case 'transfer':
        this.transfer();
        return;
      case 'remove':
        this.removeVoter();
        return;
      case 'storm':
        // several leader transfers a few ticks apart (etcd's move-leader in a loop)
        this.stats.storms++;
        this.stormLeft = this.rand.between(3, 6);
        this.stormAt = 0;
        return;
      case 'slow-member': {
        const id = this.rand.pick(this.host.ids);
        this.stats.slowMembers++;
        this.host.slowMember?.(id, this.rand.chance(0.3) ? 0 : this.rand.between(2, this.host.electionTick));
        return;
      }
      case 'add':
        this.addMember();
        return;
      default:
        assertNever(a);
    }
  }

  private partition(): void {
    const ids = this.host.ids;
    const shuffled = this.rand.shuffle(ids);
    const leader = this.host.leader();
    const shapes = ['split', 'isolate-leader', 'isolate', 'bridge', 'one-way'] as const;
    const shape = this.rand.pick(shapes);
    this.host.heal();
    this.stats.partitions++;
    switch (shape) {
      case 'split': {
        const cut = this.rand.between(1, Math.max(1, ids.length - 1));
        this.host.partition(shape, (net) => net.partition([shuffled.slice(0, cut), shuffled.slice(cut)]));
        return;
      }
      case 'isolate-leader':
      case 'isolate': {
        const victim = shape === 'isolate-leader' && leader !== 0 ? leader : (shuffled[0] as number);
        this.host.partition(shape, (net) => net.isolate(victim, ids));
        return;
      }
      case 'bridge': {
        // [a b] - c - [d e]: c (the bridge) talks to both sides, the sides not to each other.
        const rest = shuffled.slice(1);
        const half = Math.floor(rest.length / 2);
        this.host.partition(shape, (net) => net.partition([rest.slice(0, half), rest.slice(half)]));
        return;
      }
      case 'one-way': {
        const from = leader !== 0 && this.rand.chance(0.5) ? leader : (shuffled[0] as number);
        const targets = ids.filter((x) => x !== from && this.rand.chance(0.6));
        this.host.partition(shape, (net) => {
          for (const to of targets) net.blockLink(from, to);
        });
        return;
      }
      default:
        assertNever(shape);
    }
  }

  private crashOne(): void {
    const up = this.host.ids.filter((id) => this.host.isUp(id));
    if (up.length === 0) return;
    const leader = this.host.leader();
    const victim = leader !== 0 && this.rand.chance(0.5) ? leader : this.rand.pick(up);
    this.stats.crashes++;
    const points = this.host.crashPoints;
    this.host.crash(victim, points === undefined ? this.rand.chance(0.5) : this.rand.pick(points));
  }

  private restartOne(): void {
    const down = this.host.ids.filter((id) => !this.host.isUp(id));
    if (down.length === 0) return;
    this.stats.restarts++;
    this.host.restart(this.rand.pick(down));
  }

  private transfer(): void {
    const leader = this.host.leader();
    const others = this.host.ids.filter((id) => id !== leader);
    if (leader === 0 || others.length === 0) return;
    const to = this.rand.pick(others);
    this.stats.transfers++;
    this.host.transferLeader(leader, to);
  }

  private removeVoter(): void {
    const leader = this.host.leader();
    if (leader === 0) return;
    const voters = this.host.confState().voters;
    const minVoters = Math.min(this.host.ids.length, Math.max(2, Math.ceil(this.host.ids.length / 2)));
    if (voters.length <= minVoters) return;
    this.stats.confChanges++;
    this.host.proposeConfChange(leader, { type: 'ConfChangeRemoveNode', nodeId: this.rand.pick(voters) });
  }

  /** addMember adds a removed member back as a learner, or promotes a learner. */
  private addMember(): void {
    const leader = this.host.leader();
    if (leader === 0) return;
    const cs = this.host.confState();
    if (cs.learners.length > 0) {
      this.stats.confChanges++;
      this.host.proposeConfChange(leader, { type: 'ConfChangeAddNode', nodeId: this.rand.pick(cs.learners) });
      return;
    }
    const missing = this.host.ids.filter((id) => !cs.voters.includes(id));
    if (missing.length === 0) return;
    this.stats.confChanges++;
    this.host.proposeConfChange(leader, { type: 'ConfChangeAddLearnerNode', nodeId: this.rand.pick(missing) });
  }

  /** restoreMembership adds back (as voters) members that are not voters, one at a time. */
  private restoreMembership(): void {
    const leader = this.host.leader();
    if (leader === 0) return;
    const missing = this.host.ids.filter((id) => !this.host.confState().voters.includes(id));
    if (missing.length === 0) return;
    this.stats.confChanges++;
    this.host.proposeConfChange(leader, { type: 'ConfChangeAddNode', nodeId: missing[0] as number });
  }

  /**
   * healAll ends the faults: every link back, a reliable network, every
   * crashed member restarted. Then it bounces (restarts) the leader, so
   * the liveness window always has to elect a leader again from a healed
   * cluster, not just keep one that survived the faults.
   */
  private healAll(): void {
    this.healed = true;
    this.stormLeft = 0;
    this.host.heal();
    for (const id of this.host.ids) this.host.slowMember?.(id, 0);
    this.host.setProfile('reliable', { ...RELIABLE });
    for (const id of this.host.ids) {
      if (!this.host.isUp(id)) {
        this.stats.restarts++;
        this.host.restart(id);
      }
    }
    const leader = this.host.leader();
    if (leader !== 0 && this.host.ids.length > 1) {
      this.stats.crashes++;
      this.stats.restarts++;
      this.host.crash(leader);
      this.host.restart(leader);
    }
  }
}
