import { createStore } from 'zustand/vanilla';

/**
 * A member's role as the page draws it (etcd-raft's StateType, plus "stopped" for a killed member
 * and "corrupt" for one that refused to start because its WAL or backend failed a checksum).
 */
export type MemberRole = 'leader' | 'follower' | 'candidate' | 'pre-candidate' | 'learner' | 'stopped' | 'corrupt';

/** What the page knows about one member at one moment. */
export interface MemberView {
  /** Raft node id (1-based). */
  id: number;
  /** etcd's member name, infra1..infraN. */
  name: string;
  role: MemberRole;
  term: number;
  /** Raft id of the leader this member follows, 0 when it knows none. */
  lead: number;
  commit: number;
  applied: number;
  lastIndex: number;
  /** Ticks since the election timer last reset, and the randomized timeout it counts towards. */
  electionElapsed: number;
  electionTimeout: number;
  /** Index of the last entry folded into the snapshot (entries up to it are compacted). */
  snapshotIndex?: number;
  /** Terms of the newest log entries: `terms[i]` is the term of entry `first + i`. */
  logTerms?: { first: number; terms: number[] };
  /** On the leader: its Progress of every member (etcd-raft's tracker). */
  progress?: ProgressView[];
  /**
   * Why its last start failed (`wal: entries record at index 12: crc mismatch`), or, while it
   * runs, why its storage refuses writes (`no space left on device: ...`).
   */
  error?: string;
}

/** The leader's replication state of one follower (raft's Progress). */
export interface ProgressView {
  id: number;
  match: number;
  next: number;
  state: 'probe' | 'replicate' | 'snapshot';
}

/** One undirected link between two members as the bus applies it. */
export interface LinkView {
  /** Raft ids, a < b. */
  a: number;
  b: number;
  /** Cut by hand or by a partition (either direction). */
  cut: boolean;
  /** Probability a message on it is lost, 0..1. */
  dropRate: number;
  /** Upper bound of its delay in ms of cluster time. */
  delayMs: number;
}

/** A raft message in flight, for drawing: position is interpolated between sentAt and deliverAt. */
export interface MessageView {
  key: string;
  from: number;
  to: number;
  type: string;
  sentAt: number;
  deliverAt: number;
  /** When set, the drawn position along the link (0..1) instead of interpolating sentAt..deliverAt. */
  progress?: number;
  /** Drawn opacity (a dropped message fades). */
  opacity?: number;
  /** The bus dropped it. */
  dropped?: boolean;
}

/** How much of the message traffic the ring draws. */
export interface MessageRate {
  /** Messages sent per second of wall time. */
  perSecond: number;
  /** True when only a sample is drawn. */
  sampled: boolean;
}

/** The cluster as the UI sees it: one snapshot per animation frame. */
export interface ClusterState {
  tick: number;
  members: MemberView[];
  messages: MessageView[];
  /** Links between members; absent when the engine does not model them. */
  links?: LinkView[];
  /** Message rate, when the engine reports it. */
  messageRate?: MessageRate;
  leaderChanges: number;
  /** A short log of notable events (elections, kills), newest last. */
  events: { tick: number; text: string }[];
  paused: boolean;
}

/** Actions on the cluster state; the driver calls `publish`, controls call the rest. */
export interface ClusterActions {
  publish(snapshot: Omit<ClusterState, 'paused' | 'events'>, newEvents: { tick: number; text: string }[]): void;
  setPaused(paused: boolean): void;
}

const MAX_EVENTS = 50;

/** Creates the cluster store (zustand vanilla: no React here). */
export function createClusterStore() {
  return createStore<ClusterState & ClusterActions>()((set) => ({
    tick: 0,
    members: [],
    messages: [],
    leaderChanges: 0,
    events: [],
    paused: false,
    publish: (snapshot, newEvents) =>
      set((s) => ({
        ...snapshot,
        events: newEvents.length ? [...s.events, ...newEvents].slice(-MAX_EVENTS) : s.events,
      })),
    setPaused: (paused) => set({ paused }),
  }));
}

/** The store type the UI selects from. */
export type ClusterStore = ReturnType<typeof createClusterStore>;

/** Selects the current leader, if exactly one member is leader of the highest term. */
export function selectLeader(s: ClusterState): MemberView | undefined {
  const leaders = s.members.filter((m) => m.role === 'leader');
  if (leaders.length === 0) return undefined;
  return leaders.reduce((a, b) => (b.term > a.term ? b : a));
}
