/**
 * Events a member reports to its host: the raft trace plus what the server layer adds. The UI
 * store and the checkers consume these; each carries the member's raft id. Events are built
 * only while a listener is subscribed (`EtcdMember.on`), so an unobserved member pays nothing.
 */
import type { BackendEvent } from '../backend';
import type { LessorEvent } from '../lease';
import type { MvccEvent } from '../mvcc';
import type { StateType, TraceEvent } from '../raft';

/** Everything one member reports. */
export type MemberEvent =
  | { kind: 'raft'; member: number; ev: TraceEvent }
  /** Committed entry `index` was applied; `revision` is the store revision after it. */
  | { kind: 'apply'; member: number; index: number; term: number; revision: number; op: string }
  | { kind: 'mvcc'; member: number; ev: MvccEvent }
  | { kind: 'lease'; member: number; ev: LessorEvent }
  | { kind: 'backend'; member: number; ev: BackendEvent }
  /** The leader or role changed (Ready.softState). */
  | { kind: 'soft-state'; member: number; lead: number; state: StateType; term: number }
  /** A raft snapshot was taken locally (`taken`) or installed from the leader (`installed`). */
  | { kind: 'snapshot'; member: number; index: number; term: number; how: 'taken' | 'installed' }
  /** The raft log was compacted up to `index`. */
  | { kind: 'log-compacted'; member: number; index: number }
  /** Membership changed by a conf change entry. */
  | { kind: 'membership'; member: number; change: 'add' | 'add-learner' | 'remove' | 'promote' | 'update'; raftId: number; memberId: bigint }
  /** The member stopped (closed, removed from the cluster, or failed). */
  | { kind: 'stopped'; member: number; removed: boolean }
  /** The Ready loop failed (e.g. the WAL refused a write after a crash); the member stops. */
  | { kind: 'fatal'; member: number; error: string }
  /** A store refused a write for lack of space (`wal`: raft restarted in place; `backend`: the commit waits). */
  | { kind: 'no-space'; member: number; store: 'wal' | 'backend'; error: string };
