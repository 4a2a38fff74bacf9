import type { ConfChange, ConfState, Message, Rand } from '../raft';
import type { RaftChecker } from './checker';
import type { SimEvent } from './events';
import type { CrashPoint } from './nemesis';
import type { Routable } from './network';

/**
 * MemberStatus is what a simulated member shows about itself (for the
 * browser API, tests and the CLI). A crashed member reports its durable
 * state with `up: false` and role 'StateDown'.
 */
export interface MemberStatus {
  id: number;
  up: boolean;
  raftState: 'StateFollower' | 'StateCandidate' | 'StateLeader' | 'StatePreCandidate' | 'StateDown';
  term: number;
  vote: number;
  lead: number;
  commit: number;
  applied: number;
  firstIndex: number;
  lastIndex: number;
  /** snapshotIndex is the index of the last durable snapshot (0 = none). */
  snapshotIndex: number;
  /** smHash is the running hash of the applied state machine. */
  smHash: string;
  /** recent are the last few client payloads applied. */
  recent: string[];
  /** Election timer: ticks since its last reset and the randomized timeout (0 when down). */
  electionElapsed: number;
  electionTimeout: number;
}

/**
 * SimMember is one member of a simulated cluster, as the world drives it.
 * The world only ever calls these methods, so a bare RawNode host
 * (RaftMember) can later be swapped for a full etcd member (server + MVCC)
 * without touching the network, nemesis or CLI.
 *
 * Contract: after `tick`, `step` or `propose`, the world calls
 * `processReady` until `hasReady` is false; processReady persists, then
 * returns the messages to send (the world sends them before anything else
 * happens), applies, and advances.
 */
export interface SimMember<M extends Routable> {
  readonly id: number;
  /** isUp reports whether the member is running (not crashed). */
  isUp(): boolean;
  /** tick advances the member's logical clock by one tick. */
  tick(): void;
  /** step delivers a message from the network. */
  step(msg: M): void;
  /** hasReady reports whether processReady has work. */
  hasReady(): boolean;
  /** processReady runs one Ready cycle and returns the messages to send. */
  processReady(): M[];
  /** onSendResult tells the member whether the network accepted a message it sent. */
  onSendResult(msg: M, accepted: boolean): void;
  /** propose submits client data; returns false when the member dropped it. */
  propose(data: Uint8Array): boolean;
  /** transferLeader asks a leader to hand leadership to `to`. */
  transferLeader(to: number): void;
  /** proposeConfChange proposes a membership change; false when dropped. */
  proposeConfChange(cc: ConfChange): boolean;
  /** confState is the membership this member has applied. */
  confState(): ConfState;
  /** crash loses everything not on disk. */
  crash(): void;
  /** restart recovers from disk. */
  restart(): void;
  /** isLeader reports whether the member is up and believes it leads. */
  isLeader(): boolean;
  /** currentTerm is the member's current (persisted) term. */
  currentTerm(): number;
  /** status describes the member. */
  status(): MemberStatus;
  /**
   * crashMidReady (asynchronous members) kills the member inside its next Ready, after the
   * WAL save (`afterPersist`) or during it; the crash completes at the next `settled`.
   */
  crashMidReady?(afterPersist: boolean): void;
  /**
   * crashAt (etcd members) crashes at a CrashPoint (see nemesis.ts); returns false when it
   * only armed a crash that lands later (mid-compaction, mid-snapshot).
   */
  crashAt?(point: CrashPoint): boolean;
  /** settled (asynchronous members) is called after each settle point of SimWorld.stepAsync. */
  settled?(): void;
  /** quiet (asynchronous members) reports that no Ready is in flight. */
  quiet?(): boolean;
}

/**
 * MemberConfig is what a world hands a member factory: identity, cluster,
 * timing, the world's PRNG, storage policy, the checker to report to, and
 * the event sink and clock of the world.
 */
export interface MemberConfig {
  id: number;
  /** peers are all voter ids of the initial cluster. */
  peers: number[];
  electionTick: number;
  heartbeatTick: number;
  /** rand is the world's PRNG (election timeout randomisation). */
  rand: Rand;
  /** snapshotEvery: take a snapshot and compact after this many applied entries. */
  snapshotEvery: number;
  /** catchUpEntries are kept in the log behind a snapshot (etcd's SnapshotCatchUpEntries). */
  catchUpEntries: number;
  maxSizePerMsg: number;
  maxInflightMsgs: number;
  checker: RaftChecker;
  emit: (e: SimEvent) => void;
  now: () => number;
}

/**
 * MemberFactory builds the members of a world. The default builds bare
 * RawNode hosts (RaftMember); a full etcd member (server + MVCC) plugs in here.
 */
export type MemberFactory = (cfg: MemberConfig) => SimMember<Message>;
