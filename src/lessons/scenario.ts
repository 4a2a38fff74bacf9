/**
 * The shape of a lesson once its script (public/scenarios/*.txt) is parsed: metadata, setup
 * actions, then steps. See README.md in this folder for the grammar.
 *
 * ```
 *   Scenario ── takeaway (shown first) ── setup actions ── Step 1 ... Step n ── aha (shown last)
 *   Step ─ say (caption) ─ task (what to do) ─ do (Do it for me) ─ until (lights Next) ─ explain
 * ```
 */

/** A comparison in an `until` or `wait` line: `<path> <op> <value>`. */
export type CompareOp = '==' | '!=' | '>=' | '>' | '<=' | '<' | 'contains' | '!contains';

/** A condition: `leader != none`, `min.applied >= start.commit`, `console contains OK`. */
export interface Condition {
  /** A path into the world (see paths.ts): `leader`, `infra1.state`, `key:greeting@infra3`. */
  path: string;
  op: CompareOp;
  /** The right-hand side; `{path}` placeholders are substituted when it is checked. */
  value: string;
  /** The source text, for captions and error messages. */
  text: string;
  line: number;
}

/** One thing a lesson does to the cluster, the network or the console. */
export type Action =
  | { kind: 'kill' | 'restart' | 'wipe'; member: string; line: number }
  | { kind: 'partition'; groups: string[][]; line: number }
  | { kind: 'heal' | 'pause' | 'resume'; line: number }
  | { kind: 'link'; a: string; b: string; up: boolean; line: number }
  | { kind: 'speed'; factor: number; line: number }
  /** Typed visibly into console tab `tab` (1-based), as the learner would (`enter`: an empty line). */
  | { kind: 'console'; tab: number; command: string; line: number }
  /** Ctrl-C in console tab `tab`. */
  | { kind: 'interrupt'; tab: number; line: number }
  /** Runs an etcdctl line out of sight (setup: seeding keys). */
  | { kind: 'etcdctl'; command: string; line: number }
  /** Waits until a condition holds. */
  | { kind: 'wait'; condition: Condition; line: number }
  /** Remembers a value for the rest of the lesson: `remember old {leader}` makes `{old}` the leader of now. */
  | { kind: 'remember'; name: string; value: string; line: number };

/** One step of a lesson. */
export interface Step {
  title: string;
  /** Caption paragraphs: what is happening and why. */
  say: string[];
  /** Where the rule comes from: "Raft §5.2", "etcd docs: Leases". */
  cite: string[];
  /** What the learner should do (or watch), in one or two sentences. */
  task?: string;
  /** Performed by "Do it for me", in order. */
  act: Action[];
  /** Performed when the step is entered (the lesson itself moves the world). */
  auto: Action[];
  /** Every one must hold before Next lights up; none means Next is always lit. */
  until: Condition[];
  /** Shown once the conditions hold: what the learner just saw. */
  explain?: string;
  line: number;
}

/** A named value read from console output: the last match of `pattern`, group 1. */
export interface Capture {
  name: string;
  pattern: RegExp;
  line: number;
}

/** A parsed lesson. */
export interface Scenario {
  /** The file name without `.txt`: `01-leader-election`. */
  id: string;
  title: string;
  takeaway: string;
  aha: string;
  members: number;
  seed: number;
  /** Cluster speed the lesson starts at (1 = real time). */
  speed: number;
  /** etcd's `--snapshot-count` for the lesson's cluster (undefined: the page's default, 1,000). */
  snapshotCount?: number;
  captures: Capture[];
  setup: Action[];
  steps: Step[];
}
