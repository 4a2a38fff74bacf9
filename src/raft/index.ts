/**
 * etcdscope's pure Raft core, with etcd-raft's semantics and vocabulary. See raw-node.ts for
 * the host API (the Ready loop) and raft.ts for the protocol state machine.
 */
export { assert, assertNever, AssertionError } from './assert';
export type { Config } from './config';
export { ConfChangeError } from './confchange';
export { decodeConfChange, encodeConfChange } from './confchange-codec';
export {
  ErrCompacted,
  ErrProposalDropped,
  ErrSnapOutOfDate,
  ErrSnapshotTemporarilyUnavailable,
  ErrStepLocalMsg,
  ErrStepPeerNotFound,
  ErrUnavailable,
} from './errors';
export { Inflights } from './inflights';
export { RaftLog } from './log';
export {
  None,
  emptySnapshot,
  entrySize,
  isEmptyHardState,
  isEmptySnap,
  isLocalMsg,
  isResponseMsg,
  newEntry,
  newMessage,
} from './messages';
export type {
  ConfChange,
  ConfChangeType,
  ConfState,
  Entry,
  EntryType,
  HardState,
  Message,
  MessageType,
  ReadState,
  Snapshot,
  SnapshotMetadata,
  SoftState,
  StateType,
} from './messages';
export { Progress } from './progress';
export type { ProgressStateType } from './progress';
export { createRand } from './rand';
export type { Rand } from './rand';
export { Raft } from './raft';
export type { CampaignType } from './raft';
export { RawNode } from './raw-node';
export type { Peer, ProgressStatus, Ready, Status } from './raw-node';
export type { ReadOnlyOption } from './read-only';
export { MemoryStorage } from './storage';
export type { Storage } from './storage';
export type { TraceEvent, TraceEventType, Tracer } from './trace';
export { describeMessage, describeEntry } from './describe';
export { describeConfState, describeSnapshot } from './describe';
// The interaction-script engine of testdata/*.txt (pure; reusable for guided lessons).
export { runDataDriven } from './datadriven';
export type { CmdArg, TestData } from './datadriven';
export { InteractionEnv, formatTrace } from './interaction-env';
export { handle as handleInteraction } from './interaction-handler';
