/**
 * EtcdWorkload: everything the clients of an etcd-mode run do, and the checks on what they
 * saw. KV clients (etcd-clients.ts, linearizability), watchers and a compactor
 * (etcd-watchers.ts, the watch checker) and lockers (etcd-locks.ts, the lock checker) share
 * the world's PRNG and clock.
 */
import { buildOperations, checkLocks, checkWatches, writesFromOperations, type LockCheckResult, type WatchCheckResult } from './checkers';
import { EtcdClients, type ClientHost } from './etcd-clients';
import { EtcdLockers } from './etcd-locks';
import { EtcdWatchers } from './etcd-watchers';
import type { SimRand } from './prng';

/** WorkloadOptions size the workload of one run. */
export interface EtcdWorkloadOptions {
  clients: number;
  keys: number;
  clientRate: number;
  deadlineTicks: number;
  rotateTicks: number;
  /** watchers: concurrent watch slots (0: none). */
  watchers: number;
  /** lockers: processes competing for one lock (0: none). */
  lockers: number;
  /** compactRate: per-tick chance of a compaction. */
  compactRate: number;
  tickMs: number;
}

/** WorkloadChecks are the watch and lock verdicts of a run. */
export interface WorkloadChecks {
  watch: WatchCheckResult;
  locks: LockCheckResult;
  violations: string[];
}

/** EtcdWorkload drives KV clients, watchers and lockers each tick. */
export class EtcdWorkload {
  readonly clients: EtcdClients;
  readonly watchers: EtcdWatchers;
  readonly lockers: EtcdLockers;

  constructor(rand: SimRand, host: ClientHost, o: EtcdWorkloadOptions) {
    this.clients = new EtcdClients(rand, host, {
      clients: o.clients, keys: o.keys, rate: o.clientRate, deadlineTicks: o.deadlineTicks, rotateTicks: o.rotateTicks, tickMs: o.tickMs,
    });
    const keys = (): string[] => {
      const g = Math.floor(host.now / o.rotateTicks);
      return Array.from({ length: o.keys }, (_, i) => `k${g * o.keys + i}`);
    };
    this.watchers = new EtcdWatchers(rand, host, { watchers: o.watchers, rate: 0.1, lifetimeTicksMax: 300, compactRate: o.compactRate, keys, tickMs: o.tickMs });
    this.lockers = new EtcdLockers(rand, host, {
      lockers: o.lockers, rate: 0.1, ttlSeconds: 3, holdTicksMax: 30, giveUpTicks: 150, deadlineTicks: o.deadlineTicks, tickMs: o.tickMs,
    });
  }

  /** step runs one tick of every workload; `stopped`: no new operations, lockers let go. */
  step(now: number, stopped: boolean): void {
    void now;
    this.clients.step(stopped);
    this.watchers.step(stopped);
    this.lockers.step(stopped);
  }

  /** busy reports whether a client operation or a locker is still in flight. */
  busy(): boolean {
    return this.clients.busy() || this.lockers.busy();
  }

  /** check runs the watch checker (against the KV history's writes) and the lock checker. */
  check(): WorkloadChecks {
    this.watchers.stop();
    const { writes, indeterminate } = writesFromOperations(buildOperations(this.clients.history).operations);
    const watch = checkWatches({ writes, indeterminate, watches: this.watchers.records, compactedRevisions: this.watchers.compactedRevisions });
    const locks = checkLocks(this.lockers.holds, this.lockers.expiries());
    const request = new Map(this.watchers.records.map((r) => [r.id, JSON.stringify(r.request)]));
    const violations = [
      ...watch.violations.slice(0, 5).map((v) => `watch ${v.watch} ${request.get(v.watch)} ${v.guarantee}@${v.revision}: ${v.message}`),
      ...locks.violations.slice(0, 5).map((v) => `lock ${v.kind}: ${v.message}`),
      ...this.lockers.earlyExpiries().slice(0, 5).map((m) => `lease expired early: ${m}`),
    ];
    if (watch.violations.length > 5) violations.push(`... ${watch.violations.length - 5} more watch violations`);
    return { watch, locks, violations };
  }
}
