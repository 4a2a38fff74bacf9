import type { NemesisKind } from './nemesis';
import { BOOTSTRAP_INDEX } from './storage-util';
import type { SimWorld } from './world';

/** SimResult is the summary of a run: the CLI's last stdout line. */
export interface SimResult {
  seed: number;
  members: number;
  ticks: number;
  nemesis: NemesisKind;
  leaderChanges: number;
  committed: number;
  commitIndex: number;
  finalLeader: number;
  finalTerm: number;
  /** healAt is the tick the nemesis healed everything (liveness window start). */
  healAt: number;
  /** committedSinceHeal counts entries committed after healAt (-1 before it). */
  committedSinceHeal: number;
  /** leadersSinceHeal counts leaders elected after healAt. */
  leadersSinceHeal: number;
  proposed: number;
  proposalsDropped: number;
  messagesSent: number;
  messagesDelivered: number;
  messagesDropped: number;
  messagesDuplicated: number;
  crashes: number;
  restarts: number;
  partitions: number;
  transfers: number;
  confChanges: number;
  networkChanges: number;
  snapshots: number;
  snapshotRestores: number;
  violations: string[];
  ok: boolean;
}

/** summarize builds the SimResult of a world's run so far. */
export function summarize(w: SimWorld): SimResult {
  const o = w.opts;
  const ns = w.net.stats;
  const leader = w.leader();
  return {
    seed: o.seed,
    members: o.members,
    ticks: w.now,
    nemesis: o.nemesis,
    leaderChanges: w.leaderChanges,
    committed: Math.max(0, w.checker.committedIndex - BOOTSTRAP_INDEX),
    commitIndex: w.checker.committedIndex,
    finalLeader: leader,
    finalTerm: leader === 0 ? 0 : w.member(leader).currentTerm(),
    healAt: w.nemesis.healAt,
    committedSinceHeal: w.commitAtHeal < 0 ? -1 : w.checker.committedIndex - w.commitAtHeal,
    leadersSinceHeal: w.commitAtHeal < 0 ? 0 : w.leaderChanges - w.leaderChangesAtHeal,
    proposed: w.workload.stats.proposed,
    proposalsDropped: w.workload.stats.dropped,
    messagesSent: ns.sent,
    messagesDelivered: ns.delivered,
    messagesDropped: ns.droppedLoss + ns.droppedPartition + ns.droppedCrash,
    messagesDuplicated: ns.duplicated,
    crashes: w.crashes,
    restarts: w.restarts,
    partitions: w.nemesis.stats.partitions,
    transfers: w.nemesis.stats.transfers,
    confChanges: w.nemesis.stats.confChanges,
    networkChanges: w.nemesis.stats.profileChanges,
    snapshots: w.snapshots,
    snapshotRestores: w.snapshotRestores,
    violations: w.checker.violations.slice(),
    ok: w.checker.violationCount === 0,
  };
}

/** replayCommand returns the CLI command that replays a run with these options. */
export function replayCommand(o: { seed: number; members: number; ticks?: number; nemesis?: NemesisKind; mode?: 'raft' | 'etcd'; clients?: number }): string {
  const etcd = o.mode === 'etcd' ? ` --mode etcd --clients ${o.clients ?? 5}` : '';
  return `npm run sim -- --seed ${o.seed} --members ${o.members} --ticks ${o.ticks ?? 10_000} --nemesis ${o.nemesis ?? 'none'}${etcd}`;
}
