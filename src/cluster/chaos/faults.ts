/**
 * Executes a chaos schedule (src/sim/chaos-schedule.ts) against the live WorkerCluster: resolves
 * targets named by role ("the leader") at the moment a fault begins, applies it, undoes it when
 * it ends, and keeps a log of what was actually done, in cluster time, for the timeline.
 */
import { describeAction, type ChaosFault, type ChaosStep, type ChaosTarget } from '../../sim/chaos-schedule';
import type { SimRand } from '../../sim/prng';
import type { WorkerCluster } from '../cluster';

/** One fault as it happened. */
export interface AppliedFault {
  id: number;
  kind: ChaosFault['kind'];
  /** Plain words with the members resolved: `kill infra2 (the leader)`. */
  label: string;
  /** Cluster ms when it began and ended (undefined while it lasts). */
  start: number;
  end?: number;
  /** Members it hit. */
  members: string[];
  /** Why it could not be applied (e.g. no leader to isolate). */
  error?: string;
}

/** Applies schedule steps to a cluster. */
export class FaultExecutor {
  readonly log: AppliedFault[] = [];
  /** Member each kill fault stopped, to restart when it ends. */
  private readonly killed = new Map<number, string>();
  private readonly byId = new Map<number, AppliedFault>();
  /** Background work (wipes, transfer storms) that must finish before the checks. */
  private readonly background: Promise<void>[] = [];
  private stormsStopped = false;

  constructor(
    private readonly cluster: WorkerCluster,
    private readonly rand: SimRand,
    private readonly onChange: (f: AppliedFault) => void = () => {},
    /** Whether a client write is in flight at a member (a kill waits briefly for one). */
    private readonly writeInFlight: (member: string) => boolean = () => false,
  ) {}

  /** Runs one step. Errors are logged on the fault, never thrown. */
  async step(s: ChaosStep): Promise<void> {
    switch (s.op) {
      case 'begin':
        return this.begin(s.fault);
      case 'end':
        return this.end(s.fault);
      case 'heal-all':
        return this.healAll();
    }
  }

  /** Waits for background work (a wipe, a storm) to finish. */
  async settle(): Promise<void> {
    this.stormsStopped = true;
    await Promise.allSettled(this.background);
  }

  private resolve(t: ChaosTarget): string | undefined {
    if ('name' in t) return t.name;
    const leader = this.cluster.leader();
    if (t.role === 'leader') return leader?.name;
    const followers = this.cluster.handles.filter((h) => h.running && h !== leader);
    return followers.length > 0 ? this.rand.pick(followers).name : undefined;
  }

  private async begin(f: ChaosFault): Promise<void> {
    const applied: AppliedFault = { id: f.id, kind: f.kind, label: describeAction(f.action), start: this.cluster.now(), members: [] };
    this.log.push(applied);
    this.byId.set(f.id, applied);
    try {
      if (f.action.type === 'kill') await this.kill(f.id, f.action.target, applied);
      else this.apply(f, applied);
    } catch (e) {
      applied.error = e instanceof Error ? e.message : String(e);
    }
    this.onChange(applied);
  }

  private target(t: ChaosTarget, applied: AppliedFault): string {
    const name = this.resolve(t);
    if (name === undefined) throw new Error(`no ${'role' in t ? t.role : 'member'} to hit`);
    applied.members.push(name);
    if ('role' in t) applied.label = applied.label.replace(t.role === 'leader' ? 'the leader' : 'a follower', `${name} (${t.role})`);
    return name;
  }

  private apply(f: ChaosFault, applied: AppliedFault): void {
    const c = this.cluster;
    const a = f.action;
    switch (a.type) {
      case 'split':
        c.partition(a.groups);
        applied.members.push(...a.groups.flat());
        return;
      case 'isolate': {
        const name = this.target(a.target, applied);
        c.partition([[name], c.handles.filter((h) => h.name !== name).map((h) => h.name)]);
        return;
      }
      case 'bridge':
        for (const x of a.sides[0]) for (const y of a.sides[1]) c.link(x, y, { up: false });
        applied.members.push(a.bridge);
        return;
      case 'one-way': {
        const from = this.target(a.from, applied);
        for (const t of a.to) {
          const to = this.resolve(t);
          if (to !== undefined && to !== from) c.network.links.setDirected(c.member(from).raftId, c.member(to).raftId, { up: false });
        }
        return;
      }
      case 'link-faults':
        for (const l of a.links) c.link(l.a, l.b, { dropRate: l.dropRate, duplicateRate: l.duplicateRate, delayMs: l.delayMs });
        applied.members.push(...new Set(a.links.flatMap((l) => [l.a, l.b])));
        return;
      case 'slow': {
        const name = this.target(a.target, applied);
        for (const h of c.handles) if (h.name !== name) c.link(name, h.name, { delayMs: a.delayMs });
        return;
      }
      case 'kill':
        return; // see kill()
      case 'wipe': {
        const name = this.target(a.target, applied);
        this.background.push(c.wipe(name).catch((e: unknown) => {
          applied.error = e instanceof Error ? e.message : String(e);
        }));
        return;
      }
      case 'transfer-storm':
        this.background.push(this.storm(a.count, a.intervalMs, applied));
        return;
    }
  }

  /**
   * Kills a member in the middle of a write when one comes along within 300 ms of cluster time
   * (with a few clients, one nearly always does): the write's outcome becomes unknown.
   */
  private async kill(id: number, target: ChaosTarget, applied: AppliedFault): Promise<void> {
    const name = this.target(target, applied);
    const until = this.cluster.now() + 300;
    while (!this.writeInFlight(name) && this.cluster.now() < until) await this.cluster.sleep(5);
    if (this.writeInFlight(name)) applied.label += ', mid-write';
    applied.start = this.cluster.now();
    this.cluster.kill(name);
    this.killed.set(id, name);
  }

  private async storm(count: number, intervalMs: number, applied: AppliedFault): Promise<void> {
    for (let i = 0; i < count && !this.stormsStopped; i++) {
      const leader = this.cluster.leader();
      const others = this.cluster.handles.filter((h) => h.running && h !== leader && h.summary);
      if (leader && others.length > 0) {
        const to = this.rand.pick(others);
        applied.members.push(to.name);
        await Promise.race([leader.call('moveLeader', [to.summary!.memberId]), this.cluster.sleep(intervalMs)]);
      }
      await this.cluster.sleep(intervalMs);
    }
  }

  private async end(f: ChaosFault): Promise<void> {
    const applied = this.byId.get(f.id);
    if (f.lane === 'network') this.cluster.heal();
    const name = this.killed.get(f.id);
    if (name !== undefined) {
      this.killed.delete(f.id);
      await this.cluster.restart(name).catch(() => undefined);
    }
    if (applied) {
      applied.end = this.cluster.now();
      this.onChange(applied);
    }
  }

  /** Heals every link and restarts every stopped member. */
  private async healAll(): Promise<void> {
    this.cluster.heal();
    await this.settle();
    await Promise.all(this.cluster.handles.filter((h) => !h.running && h.lifecycle !== 'starting').map((h) => this.cluster.restart(h.name).catch(() => undefined)));
    const now = this.cluster.now();
    for (const f of this.log) {
      if (f.end === undefined) {
        f.end = now;
        this.onChange(f);
      }
    }
  }
}
