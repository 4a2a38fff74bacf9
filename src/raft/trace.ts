import type { ConfChange, ConfState, Message } from './messages';
import type { ProgressStateType } from './progress';

/** TraceBase is what every trace event carries: the node emitting it and its current term. */
interface TraceBase {
  node: number;
  term: number;
}

/**
 * TraceEvent is a typed, plain-data record of something the Raft core did, for the UI's
 * timeline and the simulator's checkers. Emitted only when Config.trace is set (events are built
 * lazily, so tracing costs nothing when off).
 *
 * Notes: `send` also reports the self-addressed acks and votes (to === node) that are stepped
 * locally on advance() and never reach the network; `receive` is only emitted for messages from
 * other nodes. `commit` is emitted whenever the node's commit index moves (leader commit rule,
 * MsgApp/heartbeat on followers, snapshot restore).
 */
export type TraceEvent =
  | (TraceBase & { type: 'become-follower' | 'become-pre-candidate' | 'become-candidate' | 'become-leader'; lead: number })
  | (TraceBase & { type: 'election-timeout-reset'; timeoutTicks: number })
  | (TraceBase & { type: 'send'; msg: Message })
  | (TraceBase & { type: 'receive'; msg: Message })
  | (TraceBase & { type: 'drop'; msg: Message; reason: string })
  | (TraceBase & { type: 'vote'; to: number; pre: boolean; granted: boolean; candidateTerm: number })
  | (TraceBase & { type: 'commit'; commit: number })
  | (TraceBase & { type: 'append'; from: number; to: number })
  | (TraceBase & { type: 'conflict'; index: number })
  | (TraceBase & { type: 'progress'; peer: number; from: ProgressStateType; to: ProgressStateType; match: number; next: number })
  | (TraceBase & { type: 'read-state'; index: number; requestCtx: Uint8Array })
  | (TraceBase & { type: 'conf-change'; change: ConfChange; confState: ConfState })
  | (TraceBase & { type: 'snapshot-restore'; index: number; snapTerm: number; confState: ConfState })
  | (TraceBase & { type: 'transfer-leader'; transferee: number; action: 'start' | 'abort' | 'timeout-now' });

/** TraceEventType is the discriminant of TraceEvent. */
export type TraceEventType = TraceEvent['type'];

/** Tracer receives trace events. */
export type Tracer = (ev: TraceEvent) => void;
