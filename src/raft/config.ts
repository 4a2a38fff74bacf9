import { AssertionError } from './assert';
import type { Rand } from './rand';
import type { ReadOnlyOption } from './read-only';
import type { Storage } from './storage';
import type { Tracer } from './trace';

/** Config holds the parameters of one Raft node (etcd's raft.Config). */
export interface Config {
  /** id of this node; must not be 0 (None). */
  id: number;
  /** electionTick: ticks without leader contact before campaigning (randomized in [e, 2e)). */
  electionTick: number;
  /** heartbeatTick: ticks between leader heartbeats; must be < electionTick. */
  heartbeatTick: number;
  /** storage is where the node reads its persisted log. */
  storage: Storage;
  /** applied is the last applied index when restarting (0 on first boot). */
  applied?: number;
  /** maxSizePerMsg caps the bytes of entries in one MsgApp (at least one entry). Default 1 MiB. */
  maxSizePerMsg?: number;
  /** maxCommittedSizePerReady caps committed entries bytes per Ready. Default maxSizePerMsg. */
  maxCommittedSizePerReady?: number;
  /** maxInflightMsgs is the Inflights window size per follower. Default 256. */
  maxInflightMsgs?: number;
  /** maxUncommittedEntriesSize caps the leader's uncommitted payload bytes. Default no limit. */
  maxUncommittedEntriesSize?: number;
  /** checkQuorum: leader steps down without a recently active quorum; enables the vote lease. */
  checkQuorum?: boolean;
  /** preVote: run a pre-election before bumping the term (thesis §9.6). */
  preVote?: boolean;
  /** readOnlyOption selects how ReadIndex is confirmed (only 'safe'). */
  readOnlyOption?: ReadOnlyOption;
  /** disableProposalForwarding: followers drop proposals instead of forwarding to the leader. */
  disableProposalForwarding?: boolean;
  /** stepDownOnRemoval: a leader removed (or demoted) by a conf change becomes follower. */
  stepDownOnRemoval?: boolean;
  /** rand is the injected randomness for election timeouts. */
  rand: Rand;
  /** trace receives typed trace events; unset = no tracing cost. */
  trace?: Tracer;
}

/** ResolvedConfig is Config with every default filled in. */
export type ResolvedConfig = Required<Omit<Config, 'trace'>> & { trace: Tracer | undefined };

/** resolveConfig validates c and fills defaults (etcd's Config.validate). */
export function resolveConfig(c: Config): ResolvedConfig {
  if (c.id === 0) throw new AssertionError('cannot use none as id');
  if (c.heartbeatTick <= 0) throw new AssertionError('heartbeat tick must be greater than 0');
  if (c.electionTick <= c.heartbeatTick) throw new AssertionError('election tick must be greater than heartbeat tick');
  const maxSizePerMsg = c.maxSizePerMsg ?? 1024 * 1024;
  const maxInflightMsgs = c.maxInflightMsgs ?? 256;
  if (maxInflightMsgs <= 0) throw new AssertionError('max inflight messages must be greater than 0');
  return {
    id: c.id,
    electionTick: c.electionTick,
    heartbeatTick: c.heartbeatTick,
    storage: c.storage,
    applied: c.applied ?? 0,
    maxSizePerMsg,
    maxCommittedSizePerReady: c.maxCommittedSizePerReady ?? maxSizePerMsg,
    maxInflightMsgs,
    maxUncommittedEntriesSize: c.maxUncommittedEntriesSize ?? Infinity,
    checkQuorum: c.checkQuorum ?? true,
    preVote: c.preVote ?? true,
    readOnlyOption: c.readOnlyOption ?? 'safe',
    disableProposalForwarding: c.disableProposalForwarding ?? false,
    stepDownOnRemoval: c.stepDownOnRemoval ?? false,
    rand: c.rand,
    trace: c.trace,
  };
}
