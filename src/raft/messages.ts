/**
 * The plain-data vocabulary of Raft (etcd's raftpb): messages, entries, states, snapshots.
 * Everything here is structured-clonable (no class instances) because messages cross
 * MessageChannels between Web Workers.
 */

/** MessageType names every Raft message, local ones (MsgHup, MsgBeat...) included. */
export type MessageType =
  | 'MsgHup'
  | 'MsgBeat'
  | 'MsgProp'
  | 'MsgApp'
  | 'MsgAppResp'
  | 'MsgVote'
  | 'MsgVoteResp'
  | 'MsgSnap'
  | 'MsgHeartbeat'
  | 'MsgHeartbeatResp'
  | 'MsgUnreachable'
  | 'MsgSnapStatus'
  | 'MsgCheckQuorum'
  | 'MsgTransferLeader'
  | 'MsgTimeoutNow'
  | 'MsgReadIndex'
  | 'MsgReadIndexResp'
  | 'MsgPreVote'
  | 'MsgPreVoteResp';

/** EntryType tells normal entries from configuration changes. */
export type EntryType = 'EntryNormal' | 'EntryConfChange';

/** Entry is one log entry: its position (term, index), its type and its opaque payload. */
export interface Entry {
  term: number;
  index: number;
  type: EntryType;
  data: Uint8Array;
}

/** ConfState is the membership: voters and learners (disjoint sets). */
export interface ConfState {
  voters: number[];
  learners: number[];
}

/** SnapshotMetadata locates a snapshot in the log and records the membership at that point. */
export interface SnapshotMetadata {
  confState: ConfState;
  index: number;
  term: number;
}

/** Snapshot is the state machine image at metadata.index (index 0 means "empty snapshot"). */
export interface Snapshot {
  data: Uint8Array;
  metadata: SnapshotMetadata;
}

/**
 * Message is one Raft message. Field meanings depend on the type, as in etcd's raftpb:
 * for MsgApp `index`/`logTerm` locate the entry preceding `entries`; for MsgAppResp `index` is
 * the acked (or rejected) index and `rejectHint`/`logTerm` the follower's conflict hint.
 */
export interface Message {
  type: MessageType;
  to: number;
  from: number;
  term: number;
  logTerm: number;
  index: number;
  entries: Entry[];
  commit: number;
  snapshot?: Snapshot;
  reject: boolean;
  rejectHint: number;
  context?: Uint8Array;
}

/** HardState is what must be persisted before messages are sent: term, vote and commit. */
export interface HardState {
  term: number;
  vote: number;
  commit: number;
}

/** StateType is the role of a node. */
export type StateType = 'StateFollower' | 'StateCandidate' | 'StateLeader' | 'StatePreCandidate';

/** SoftState is volatile state worth showing (never persisted): the leader and the role. */
export interface SoftState {
  lead: number;
  raftState: StateType;
}

/** ConfChangeType is the kind of a single-node membership change (etcd's ConfChange v1). */
export type ConfChangeType =
  | 'ConfChangeAddNode'
  | 'ConfChangeRemoveNode'
  | 'ConfChangeUpdateNode'
  | 'ConfChangeAddLearnerNode';

/** ConfChange is a v1 membership change. Promote a learner with ConfChangeAddNode. */
export interface ConfChange {
  type: ConfChangeType;
  nodeId: number;
  context?: Uint8Array;
}

/** ReadState answers a ReadIndex request: serve the read once applied >= index. */
export interface ReadState {
  index: number;
  requestCtx: Uint8Array;
}

/** None is the "no node" id (no leader, no vote). */
export const None = 0;

/** newMessage builds a Message with etcd's zero values for every field not given. */
export function newMessage(m: Partial<Message> & { type: MessageType }): Message {
  const out: Message = {
    type: m.type,
    to: m.to ?? None,
    from: m.from ?? None,
    term: m.term ?? 0,
    logTerm: m.logTerm ?? 0,
    index: m.index ?? 0,
    entries: m.entries ?? [],
    commit: m.commit ?? 0,
    reject: m.reject ?? false,
    rejectHint: m.rejectHint ?? 0,
  };
  if (m.snapshot !== undefined) out.snapshot = m.snapshot;
  if (m.context !== undefined) out.context = m.context;
  return out;
}

/** newEntry builds an Entry; data defaults to empty and type to EntryNormal. */
export function newEntry(e: Partial<Entry>): Entry {
  return {
    term: e.term ?? 0,
    index: e.index ?? 0,
    type: e.type ?? 'EntryNormal',
    data: e.data ?? new Uint8Array(0),
  };
}

/** emptySnapshot returns the zero snapshot (index 0, no members). */
export function emptySnapshot(): Snapshot {
  return { data: new Uint8Array(0), metadata: { index: 0, term: 0, confState: { voters: [], learners: [] } } };
}

/** isEmptySnap reports whether a snapshot is the zero snapshot. */
export function isEmptySnap(s: Snapshot | undefined): boolean {
  return s === undefined || s.metadata.index === 0;
}

/** isEmptyHardState reports whether hs is the zero HardState. */
export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === 0 && hs.commit === 0;
}

/** isHardStateEqual compares two HardStates field by field. */
export function isHardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

/** isLocalMsg reports message types that never travel over the network. */
export function isLocalMsg(t: MessageType): boolean {
  return t === 'MsgHup' || t === 'MsgBeat' || t === 'MsgUnreachable' || t === 'MsgSnapStatus' || t === 'MsgCheckQuorum';
}

/** isResponseMsg reports the reply message types. */
export function isResponseMsg(t: MessageType): boolean {
  return (
    t === 'MsgAppResp' ||
    t === 'MsgVoteResp' ||
    t === 'MsgHeartbeatResp' ||
    t === 'MsgUnreachable' ||
    t === 'MsgReadIndexResp' ||
    t === 'MsgPreVoteResp'
  );
}

/** voteRespMsgType maps MsgVote to MsgVoteResp and MsgPreVote to MsgPreVoteResp. */
export function voteRespMsgType(t: 'MsgVote' | 'MsgPreVote'): 'MsgVoteResp' | 'MsgPreVoteResp' {
  return t === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp';
}

/** entrySize is the byte size used for flow control: the payload length (see README of deviations). */
export function entrySize(e: Entry): number {
  return e.data.length;
}

/** entsSize sums entrySize over entries. */
export function entsSize(ents: readonly Entry[]): number {
  let s = 0;
  for (const e of ents) s += entrySize(e);
  return s;
}

/**
 * limitSize returns the longest prefix of ents whose total size is <= maxSize, but always at
 * least one entry (so a single huge entry still makes progress), as etcd's limitSize.
 */
export function limitSize(ents: Entry[], maxSize: number): Entry[] {
  if (ents.length === 0) return ents;
  let size = entrySize(ents[0]);
  for (let limit = 1; limit < ents.length; limit++) {
    size += entrySize(ents[limit]);
    if (size > maxSize) return ents.slice(0, limit);
  }
  return ents;
}

/** MustSync reports whether a Ready needs a synchronous (fsync) write, as etcd's MustSync. */
export function mustSync(st: HardState, prev: HardState, entsnum: number): boolean {
  return entsnum !== 0 || st.vote !== prev.vote || st.term !== prev.term;
}
