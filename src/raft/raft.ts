import { assert, AssertionError } from './assert';
import { resolveConfig } from './config';
import type { Config } from './config';
import { RaftLog } from './log';
import { isEmptyHardState, newEntry, newMessage, None } from './messages';
import type { Entry, HardState, Message, ReadState, SoftState, StateType } from './messages';
import type { Rand } from './rand';
import { bcastAppend, appendEntry } from './raft-replicate';
import { restoreConfState } from './confchange';
import { switchToConfig } from './raft-conf';
import { stepRaft } from './raft-step';
import { ReadOnly } from './read-only';
import type { ReadOnlyOption } from './read-only';
import type { Tracer, TraceEvent } from './trace';
import { ProgressTracker } from './tracker';

/** CampaignType is why a node campaigns (etcd's campaignPreElection / Election / Transfer). */
export type CampaignType = 'CampaignPreElection' | 'CampaignElection' | 'CampaignTransfer';

/**
 * Raft is the protocol state machine of one node (etcd's raft struct). It is driven by tick()
 * and step(m); it queues outgoing messages in msgs / msgsAfterAppend. RawNode wraps it with
 * the Ready/Advance handshake; tests may drive it directly.
 *
 *                 timeout               pre-vote quorum          vote quorum
 *   Follower ----------------> PreCandidate ------> Candidate -----------> Leader
 *      ^  ^                        |                   |                     |
 *      |  +------ higher term / leader's message ------+---------------------+
 */
export class Raft {
  /** id of this node (never None). */
  readonly id: number;
  /** term is the current term (persisted in HardState). */
  term = 0;
  /** vote is who we voted for in `term`, or None (persisted). */
  vote = None;
  /** readStates are ReadIndex answers waiting to go out in a Ready. */
  readStates: ReadState[] = [];
  /** raftLog is the log. */
  readonly raftLog: RaftLog;
  /** maxMsgSize caps the entry bytes of one MsgApp (at least one entry is always sent). */
  readonly maxMsgSize: number;
  /** maxUncommittedSize caps the leader's uncommitted payload bytes (proposals beyond are dropped). */
  readonly maxUncommittedSize: number;
  /** trk holds membership, progress and votes. */
  trk: ProgressTracker;
  /** state is the node's role. */
  state: StateType = 'StateFollower';
  /** isLearner: this node is a learner in the current configuration. */
  isLearner = false;
  /** msgs are outgoing messages that do not depend on this Ready's writes being durable. */
  msgs: Message[] = [];
  /** msgsAfterAppend must only be sent after the Ready's entries/HardState are durable
   *  (MsgAppResp, MsgVoteResp, MsgPreVoteResp). Self-addressed ones are stepped on advance. */
  msgsAfterAppend: Message[] = [];
  /** lead is the leader of the current term, or None. */
  lead = None;
  /** leadTransferee is the target of an ongoing leader transfer, or None. */
  leadTransferee = None;
  /** pendingConfIndex: a conf change may only be proposed once applied >= this index. */
  pendingConfIndex = 0;
  /** uncommittedSize is the payload bytes of uncommitted entries (leader only). */
  uncommittedSize = 0;
  /** readOnly queues ReadIndex requests until a heartbeat quorum confirms leadership. */
  readOnly: ReadOnly;
  /** electionElapsed: ticks since the last election timeout reset (or leader contact). */
  electionElapsed = 0;
  /** heartbeatElapsed: ticks since the last heartbeat (leader only). */
  heartbeatElapsed = 0;
  /** checkQuorum (mutable so tests can flip it, as etcd's tests do). */
  checkQuorum: boolean;
  /** preVote (mutable so tests can flip it). */
  preVote: boolean;
  /** heartbeatTimeout is Config.heartbeatTick. */
  readonly heartbeatTimeout: number;
  /** electionTimeout is Config.electionTick (the base of the randomized timeout). */
  readonly electionTimeout: number;
  /** randomizedElectionTimeout is in [electionTimeout, 2*electionTimeout), reset on term change. */
  randomizedElectionTimeout = 0;
  /** disableProposalForwarding: followers drop proposals instead of forwarding them. */
  readonly disableProposalForwarding: boolean;
  /** stepDownOnRemoval: a leader removed or demoted by a conf change becomes follower. */
  readonly stepDownOnRemoval: boolean;
  /** pendingReadIndexMessages wait until the leader committed an entry of its term. */
  pendingReadIndexMessages: Message[] = [];
  private readonly rand: Rand;
  /** tracer is the optional trace sink. */
  readonly tracer: Tracer | undefined;
  private readonly readOnlyOption: ReadOnlyOption;

  constructor(config: Config) {
    const c = resolveConfig(config);
    this.id = c.id;
    this.raftLog = new RaftLog(c.storage, c.maxCommittedSizePerReady);
    this.maxMsgSize = c.maxSizePerMsg;
    this.maxUncommittedSize = c.maxUncommittedEntriesSize;
    this.trk = new ProgressTracker(c.maxInflightMsgs);
    this.electionTimeout = c.electionTick;
    this.heartbeatTimeout = c.heartbeatTick;
    this.checkQuorum = c.checkQuorum;
    this.preVote = c.preVote;
    this.readOnlyOption = c.readOnlyOption;
    this.readOnly = new ReadOnly(c.readOnlyOption);
    this.disableProposalForwarding = c.disableProposalForwarding;
    this.stepDownOnRemoval = c.stepDownOnRemoval;
    this.rand = c.rand;
    this.tracer = c.trace;

    const { hardState, confState } = c.storage.initialState();
    switchToConfig(this, restoreConfState(this.trk, this.raftLog.lastIndex(), confState));
    if (!isEmptyHardState(hardState)) this.loadState(hardState);
    if (c.applied > 0) this.raftLog.appliedTo(c.applied);
    this.becomeFollower(this.term, None);
  }

  /** emit sends a trace event if tracing is on (build the event lazily: pass a thunk). */
  emit(ev: () => TraceEvent): void {
    if (this.tracer) this.tracer(ev());
  }

  /** softState returns the volatile state shown in Ready. */
  softState(): SoftState {
    return { lead: this.lead, raftState: this.state };
  }

  /** hardState returns the state to persist. */
  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  private loadState(hs: HardState): void {
    if (hs.commit < this.raftLog.committed || hs.commit > this.raftLog.lastIndex()) {
      throw new AssertionError(`${this.id} state.commit ${hs.commit} is out of range [${this.raftLog.committed}, ${this.raftLog.lastIndex()}]`);
    }
    this.raftLog.committed = hs.commit;
    this.term = hs.term;
    this.vote = hs.vote;
  }

  /**
   * send queues m, stamping from and term (vote messages carry their own term; MsgProp and
   * MsgReadIndex carry none because they are forwarded like local messages).
   */
  send(m: Message): void {
    if (m.from === None) m.from = this.id;
    if (m.type === 'MsgVote' || m.type === 'MsgVoteResp' || m.type === 'MsgPreVote' || m.type === 'MsgPreVoteResp') {
      assert(m.term !== 0, `term should be set when sending ${m.type}`);
    } else {
      assert(m.term === 0, `term should not be set when sending ${m.type} (was ${m.term})`);
      if (m.type !== 'MsgProp' && m.type !== 'MsgReadIndex') m.term = this.term;
    }
    if (m.type === 'MsgAppResp' || m.type === 'MsgVoteResp' || m.type === 'MsgPreVoteResp') {
      this.msgsAfterAppend.push(m);
    } else {
      assert(m.to !== this.id, `message should not be self-addressed when sending ${m.type}`);
      this.msgs.push(m);
    }
    this.emit(() => ({ type: 'send', node: this.id, term: this.term, msg: m }));
  }

  /** tick advances the logical clock by one tick. */
  tick(): void {
    if (this.state === 'StateLeader') this.tickHeartbeat();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.pastElectionTimeout()) {
      this.electionElapsed = 0;
      this.step(newMessage({ type: 'MsgHup', from: this.id }));
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.checkQuorum) this.step(newMessage({ type: 'MsgCheckQuorum', from: this.id }));
      // A transfer that did not finish within an election timeout is aborted (thesis §3.10).
      if (this.state === 'StateLeader' && this.leadTransferee !== None) this.abortLeaderTransfer();
    }
    if (this.state !== 'StateLeader') return;
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      this.step(newMessage({ type: 'MsgBeat', from: this.id }));
    }
  }

  /** step processes one message (see raft-step.ts). Throws ErrProposalDropped on dropped proposals. */
  step(m: Message): void {
    stepRaft(this, m);
  }

  /** becomeFollower moves to follower at `term` following `lead` (may be None). */
  becomeFollower(term: number, lead: number): void {
    this.reset(term);
    this.lead = lead;
    this.state = 'StateFollower';
    this.emit(() => ({ type: 'become-follower', node: this.id, term: this.term, lead }));
  }

  /** becomeCandidate starts a real election: term+1, vote for self. */
  becomeCandidate(): void {
    assert(this.state !== 'StateLeader', 'invalid transition [leader -> candidate]');
    this.reset(this.term + 1);
    this.vote = this.id;
    this.state = 'StateCandidate';
    this.emit(() => ({ type: 'become-candidate', node: this.id, term: this.term, lead: None }));
  }

  /** becomePreCandidate starts a pre-election; term, vote and election timer are unchanged. */
  becomePreCandidate(): void {
    assert(this.state !== 'StateLeader', 'invalid transition [leader -> pre-candidate]');
    this.trk.resetVotes();
    this.lead = None;
    this.state = 'StatePreCandidate';
    this.emit(() => ({ type: 'become-pre-candidate', node: this.id, term: this.term, lead: None }));
  }

  /** becomeLeader takes leadership and appends the empty entry of the new term (§5.4.2). */
  becomeLeader(): void {
    assert(this.state !== 'StateFollower', 'invalid transition [follower -> leader]');
    this.reset(this.term);
    this.lead = this.id;
    this.state = 'StateLeader';
    const pr = this.trk.progress.get(this.id);
    if (pr) {
      pr.becomeReplicate();
      pr.recentActive = true;
    }
    // Conservatively assume any uncommitted entry may be a conf change (TestNewLeaderPendingConfig).
    this.pendingConfIndex = this.raftLog.lastIndex();
    this.emit(() => ({ type: 'become-leader', node: this.id, term: this.term, lead: this.id }));
    const ok = appendEntry(this, [newEntry({})]);
    assert(ok, 'empty entry was dropped');
  }

  /** reset moves to `term` (clearing the vote if the term changes) and resets volatile state. */
  reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = None;
    }
    this.lead = None;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.abortLeaderTransfer();
    this.trk.resetVotes();
    const last = this.raftLog.lastIndex();
    this.trk.visit((id, pr) => {
      pr.resetState('StateProbe');
      pr.match = id === this.id ? last : 0;
      pr.next = last + 1;
      pr.sentCommit = 0;
      pr.recentActive = false;
    });
    this.pendingConfIndex = 0;
    this.uncommittedSize = 0;
    this.readOnly = new ReadOnly(this.readOnlyOption);
  }

  /** resetRandomizedElectionTimeout draws a new timeout in [electionTimeout, 2*electionTimeout). */
  resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.rand.intn(this.electionTimeout);
    this.emit(() => ({ type: 'election-timeout-reset', node: this.id, term: this.term, timeoutTicks: this.randomizedElectionTimeout }));
  }

  /** pastElectionTimeout reports whether the randomized election timeout elapsed. */
  pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  /** promotable reports whether this node may campaign: a voter with no pending snapshot. */
  promotable(): boolean {
    const pr = this.trk.progress.get(this.id);
    return pr !== undefined && !pr.isLearner && !this.raftLog.hasNextOrInProgressSnapshot();
  }

  /** abortLeaderTransfer cancels an ongoing leader transfer. */
  abortLeaderTransfer(): void {
    if (this.leadTransferee === None) return;
    const transferee = this.leadTransferee;
    this.leadTransferee = None;
    this.emit(() => ({ type: 'transfer-leader', node: this.id, term: this.term, transferee, action: 'abort' }));
  }

  /** committedEntryInCurrentTerm reports whether the leader committed an entry of its term. */
  committedEntryInCurrentTerm(): boolean {
    return (this.raftLog.termOrUndefined(this.raftLog.committed) ?? 0) === this.term;
  }

  /** hasUnappliedConfChanges reports a committed but unapplied conf change entry. */
  hasUnappliedConfChanges(): boolean {
    const log = this.raftLog;
    if (log.applied >= log.committed) return false;
    const lo = log.applied + 1;
    const hi = log.committed + 1;
    let ents: Entry[];
    try {
      ents = log.slice(lo, hi);
    } catch (e) {
      throw new AssertionError(`error scanning unapplied entries [${lo}, ${hi}): ${String(e)}`);
    }
    return ents.some((e) => e.type === 'EntryConfChange');
  }

  /** increaseUncommittedSize accounts new proposals; false if over maxUncommittedEntriesSize. */
  increaseUncommittedSize(ents: Entry[]): boolean {
    let s = 0;
    for (const e of ents) s += e.data.length;
    if (this.uncommittedSize > 0 && s > 0 && this.uncommittedSize + s > this.maxUncommittedSize) return false;
    this.uncommittedSize += s;
    return true;
  }

  /** reduceUncommittedSize forgets the payload of entries now committed and applied. */
  reduceUncommittedSize(s: number): void {
    this.uncommittedSize = s > this.uncommittedSize ? 0 : this.uncommittedSize - s;
  }

  /** advanceMessagesAfterAppend steps self-addressed after-append messages and moves the rest
   *  to msgs, as if the Ready's writes were durable (used by tests driving Raft directly). */
  advanceMessagesAfterAppend(): void {
    for (;;) {
      const msgs = this.msgsAfterAppend;
      if (msgs.length === 0) break;
      this.msgsAfterAppend = [];
      for (const m of msgs) {
        if (m.to === this.id) this.step(m);
        else this.msgs.push(m);
      }
    }
  }

  /** readMessages returns and clears the outgoing messages, after advanceMessagesAfterAppend. */
  readMessages(): Message[] {
    this.advanceMessagesAfterAppend();
    const msgs = this.msgs;
    this.msgs = [];
    return msgs;
  }

  /** bcastAppend sends MsgApp (or heartbeats-of-commit) to every follower. */
  bcastAppend(): void {
    bcastAppend(this);
  }
}
