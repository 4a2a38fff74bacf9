import { createStore } from 'zustand/vanilla';
import { SnapshotHistory } from './history';
import { MarkerLog } from './timeline-markers';

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
  /** Its latest election (drawn for a moment after it ends): the votes received, its own included. */
  votes?: { id: number; granted: boolean }[];
  /** Which election `votes` belong to. */
  voteKind?: 'pre-vote' | 'vote';
  /** Number of voters in its configuration (the tally's denominator). */
  voters?: number;
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
  /**
   * Which directions are cut, when only one is (an asymmetric fault): 'ab' means a -> b is cut
   * and b -> a still carries messages. Undefined when both or neither are cut.
   */
  oneWay?: 'ab' | 'ba';
  /** True when the cut comes from a partition (groups), not from cutting this link by hand. */
  partitioned?: boolean;
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
  /** A response that rejects (MsgVoteResp reject=true, MsgAppResp reject=true): drawn with an x. */
  reject?: boolean;
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
  /** Partition groups of raft ids, when the network is partitioned (drawn as hulls). */
  groups?: number[][];
  leaderChanges: number;
  /** A short log of notable events (elections, kills), newest last. */
  events: { tick: number; text: string }[];
  paused: boolean;
  /** Speed factor of cluster time (1 = real time), as the time controls set it. */
  speed: number;
  /**
   * The tick the page shows from the history while the learner looks back (timeline scrubber),
   * or null when it shows the live cluster. While set, `tick`, `members`, `links` and
   * `leaderChanges` are the past picture and `messages` is empty; the live cluster keeps running.
   */
  viewTick: number | null;
  /** Newest tick of the live cluster (equal to `tick` when live). */
  liveTick: number;
  /** One snapshot per tick, bounded (a stable object, mutated by `publish`). */
  history: SnapshotHistory;
  /** Timeline markers and commit counts over the history (a stable object, mutated by `publish`). */
  timeline: MarkerLog;
}

/** Actions on the cluster state; the driver calls `publish`, controls call the rest. */
export interface ClusterActions {
  publish(snapshot: PublishedSnapshot, newEvents: { tick: number; text: string }[]): void;
  setPaused(paused: boolean): void;
  setSpeed(speed: number): void;
  /** Shows the cluster as it was at `tick` (null, or a tick at or past the live one: back to live). */
  viewPast(tick: number | null): void;
  /**
   * The engine rewound the cluster to `tick` (deterministic replay) and runs on from there: the
   * history after it is forgotten and the page is live again.
   */
  rewoundTo(tick: number): void;
  /** Forgets the history and the event log (a new cluster whose clock starts again at 0). */
  clearHistory(): void;
}

/** What a driver publishes each frame. */
export type PublishedSnapshot = Pick<ClusterState, 'tick' | 'members' | 'messages' | 'leaderChanges'> & Partial<Pick<ClusterState, 'links' | 'messageRate' | 'groups'>>;

const MAX_EVENTS = 50;

/** Creates the cluster store (zustand vanilla: no React here). `historyTicks` bounds the rewind. */
export function createClusterStore(historyTicks?: number) {
  const history = new SnapshotHistory(historyTicks);
  const timeline = new MarkerLog();
  return createStore<ClusterState & ClusterActions>()((set, get) => ({
    tick: 0,
    members: [],
    messages: [],
    leaderChanges: 0,
    events: [],
    paused: false,
    speed: 1,
    viewTick: null,
    liveTick: 0,
    history,
    timeline,
    publish: (snapshot, newEvents) => {
      const picture = { tick: snapshot.tick, members: snapshot.members, leaderChanges: snapshot.leaderChanges, ...(snapshot.links ? { links: snapshot.links } : {}) };
      history.push(picture);
      timeline.add(picture);
      timeline.trim(history.firstTick ?? 0);
      set((s) => {
        const events = newEvents.length ? [...s.events, ...newEvents].slice(-MAX_EVENTS) : s.events;
        if (s.viewTick === null) return { ...snapshot, liveTick: snapshot.tick, events };
        if (snapshot.tick < s.viewTick) return { ...snapshot, liveTick: snapshot.tick, events, viewTick: null };
        return { liveTick: snapshot.tick, events, ...(snapshot.messageRate ? { messageRate: snapshot.messageRate } : {}) };
      });
    },
    setPaused: (paused) => set({ paused }),
    setSpeed: (speed) => set({ speed }),
    viewPast: (tick) => {
      const s = get();
      const past = tick === null || tick >= s.liveTick ? undefined : history.lookup(Math.max(0, tick));
      if (!past) {
        const live = history.lookup(s.liveTick);
        set({ viewTick: null, ...(live ? { tick: live.tick, members: live.members, links: live.links, leaderChanges: live.leaderChanges } : {}) });
        return;
      }
      set({ viewTick: Math.max(past.tick, tick!), tick: past.tick, members: past.members, links: past.links, leaderChanges: past.leaderChanges, messages: [] });
    },
    rewoundTo: (tick) => {
      history.truncateAfter(tick);
      timeline.truncateAfter(tick, history.lookup(tick));
      set((s) => ({ viewTick: null, liveTick: tick, events: s.events.filter((e) => e.tick <= tick) }));
    },
    clearHistory: () => {
      history.clear();
      timeline.clear();
      set({ viewTick: null, events: [] });
    },
  }));
}

/** The store type the UI selects from. */
export type ClusterStore = ReturnType<typeof createClusterStore>;

/** Selects the current leader, if exactly one member is leader of the highest term. */
export function selectLeader(s: Pick<ClusterState, 'members'>): MemberView | undefined {
  const leaders = s.members.filter((m) => m.role === 'leader');
  if (leaders.length === 0) return undefined;
  return leaders.reduce((a, b) => (b.term > a.term ? b : a));
}
