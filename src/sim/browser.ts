import type { SimEvent, SimListener } from './events';
import type { MemberStatus } from './member';
import type { NemesisKind } from './nemesis';
import { SimWorld } from './world';

/** SimClusterOptions configures createSimCluster; only seed and members are required. */
export interface SimClusterOptions {
  seed: number;
  members: number;
  electionTick?: number;
  heartbeatTick?: number;
  /** proposeRate is the per-tick chance of a background client proposal (default 0: none). */
  proposeRate?: number;
  /** nemesis injects faults automatically (default 'none'); ticks bounds its schedule. */
  nemesis?: NemesisKind;
  ticks?: number;
  snapshotEvery?: number;
}

/** InFlightMessage is one message on the simulated wire, for drawing it. */
export interface InFlightMessage {
  from: number;
  to: number;
  type: string;
  term: number;
  sentAt: number;
  deliverAt: number;
}

/** ClusterStatus is a snapshot of the whole simulated cluster at one tick. */
export interface ClusterStatus {
  now: number;
  /** leader is the up leader with the highest term (0 = none). */
  leader: number;
  members: MemberStatus[];
  inflight: InFlightMessage[];
  /** cutLinks are the blocked directed links [from, to]. */
  cutLinks: [number, number][];
  /** violations are broken Raft invariants (empty unless there is a bug). */
  violations: string[];
}

/**
 * SimCluster is the browser-safe handle on a simulated Raft cluster (no
 * workers, no I/O, no clock: the page calls `tick()` from its own timer).
 */
export interface SimCluster {
  readonly ids: readonly number[];
  /** tick advances the simulation by n ticks (default 1). */
  tick(n?: number): void;
  status(): ClusterStatus;
  /** kill crashes a member (it keeps its disk); restart brings it back. */
  kill(id: number): void;
  restart(id: number): void;
  /** isolate cuts a member off the network; connect restores its links; heal restores all. */
  isolate(id: number): void;
  connect(id: number): void;
  heal(): void;
  /** propose submits a client payload at `at` (default: the leader, else member 1). */
  propose(data: string, at?: number): boolean;
  /** transferLeader asks the current leader to hand over to `to`. */
  transferLeader(to: number): void;
  /** on subscribes to every SimEvent (elections, commits, sends, deliveries...); returns unsubscribe. */
  on(listener: SimListener): () => void;
}

const encoder = new TextEncoder();

/**
 * createSimCluster builds a deterministic in-page Raft cluster of `members`
 * RawNodes (ids 1..members) seeded by `seed`. Message sends and deliveries
 * are reported as events, so a page can animate them.
 */
export function createSimCluster(opts: SimClusterOptions): SimCluster {
  const world = new SimWorld({
    seed: opts.seed,
    members: opts.members,
    ticks: opts.ticks ?? Number.MAX_SAFE_INTEGER,
    nemesis: opts.nemesis ?? 'none',
    electionTick: opts.electionTick,
    heartbeatTick: opts.heartbeatTick,
    proposeRate: opts.proposeRate ?? 0,
    snapshotEvery: opts.snapshotEvery,
    verbose: true,
  });
  return {
    ids: world.ids,
    tick: (n = 1) => world.run(n),
    status: () => ({
      now: world.now,
      leader: world.leader(),
      members: world.statuses(),
      inflight: world.net.inflight().map((f) => ({
        from: f.msg.from,
        to: f.msg.to,
        type: f.msg.type,
        term: f.msg.term,
        sentAt: f.sentAt,
        deliverAt: f.deliverAt,
      })),
      cutLinks: world.net.blockedLinks(),
      violations: world.checker.violations.slice(),
    }),
    kill: (id) => world.crash(id),
    restart: (id) => world.restart(id),
    isolate: (id) => world.disconnect(id),
    connect: (id) => world.connect(id),
    heal: () => world.heal(),
    propose: (data, at) => world.propose(at ?? (world.leader() || 1), encoder.encode(data)),
    transferLeader: (to) => {
      const l = world.leader();
      if (l !== 0) world.transferLeader(l, to);
    },
    on: (listener: (e: SimEvent) => void) => world.on(listener),
  };
}
