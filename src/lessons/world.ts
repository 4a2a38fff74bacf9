/**
 * What a lesson needs from the page, injected so the lesson engine runs in unit tests without a
 * browser: the cluster (status and faults), the console (type a line, read a tab) and a clock.
 */

/** One member as a lesson sees it (window.etcdscope.status() plus its client endpoint). */
export interface MemberStatus {
  name: string;
  /** etcd member ID in hex, as `member list` prints it. */
  id: string;
  /** leader, follower, candidate, pre-candidate, learner or stopped. */
  state: string;
  term: number;
  /** Name of the leader this member follows ('' when none). */
  leader: string;
  commit: number;
  applied: number;
  revision: number;
  compactRevision: number;
  lastIndex: number;
  /** Index of its last raft snapshot: entries up to it may be gone from its log. */
  snapshotIndex: number;
  /** First index still in its log: a follower that needs an earlier one gets a snapshot. */
  firstIndex: number;
  /** Client endpoint, `127.0.0.1:22379`. */
  endpoint: string;
}

/** A member's backend (its bbolt-like B+tree file), as the B+tree tab shows it. */
export interface BackendStats {
  /** Bytes of the file (high-water page × page size), as `endpoint status` reports DB SIZE. */
  dbSize: number;
  /** Bytes of the pages in use (the rest are free pages a defrag gives back). */
  dbSizeInUse: number;
  /** Levels of the `key` bucket's tree (1: the root is a leaf). */
  depth: number;
  /** Revision keys in the `key` bucket. */
  keys: number;
  /** Leaf and branch pages, all buckets. */
  leafPages: number;
  branchPages: number;
  freePages: number;
}

/** The world a lesson acts on and checks. Every method may be slow; none may throw for a normal cluster. */
export interface LessonWorld {
  /**
   * Wipes every member and starts a new cluster; resolves once it has a leader. `snapshotCount`
   * is etcd's `--snapshot-count` (the page's default when absent).
   */
  reset(members: number, seed: number, opts?: { snapshotCount?: number }): Promise<void>;
  status(): Promise<MemberStatus[]>;
  /** A running member's backend; undefined when it is not running. */
  backend(name: string): Promise<BackendStats | undefined>;
  /** Raft messages delivered since the cluster started, by type (`MsgSnap`: 2). */
  delivered(): Promise<Record<string, number>>;
  kill(name: string): Promise<void>;
  restart(name: string): Promise<void>;
  wipe(name: string): Promise<void>;
  partition(groups: string[][]): Promise<void>;
  heal(): Promise<void>;
  link(a: string, b: string, up: boolean): Promise<void>;
  speed(factor: number): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Runs an etcdctl line out of sight. */
  etcdctl(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** Types a line into console tab `tab` (1-based, opened if needed) and enters it; resolves once entered. */
  type(tab: number, line: string): Promise<void>;
  /** Ctrl-C in console tab `tab`. */
  interrupt(tab: number): Promise<void>;
  /** The text of each console tab, in tab order. */
  consoles(): string[];
  /**
   * A key's value read at `member` (serializably), or linearizably through any member when
   * undefined; null when the key does not exist. Rejects when the read fails (no quorum, a
   * stopped member), so an unanswered read is never mistaken for a missing key.
   */
  get(key: string, member?: string): Promise<string | null>;
  /** Waits `ms` of wall time. */
  sleep(ms: number): Promise<void>;
}
