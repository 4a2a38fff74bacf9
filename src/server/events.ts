/**
 * Events a member reports to its host: the raft trace plus what the server layer adds. The UI
 * store and the checkers consume these; each carries the member's raft id.
 */
import type { TraceEvent } from '../raft';

/** Everything one member reports. The server layer adds mvcc, lease and backend events here. */
export type MemberEvent =
  | { kind: 'raft'; member: number; ev: TraceEvent }
  | { kind: 'apply'; member: number; index: number; term: number; revision: number };
