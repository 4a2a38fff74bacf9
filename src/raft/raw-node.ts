import { assert } from './assert';
import { encodeConfChange } from './confchange-codec';
import type { Config } from './config';
import { ErrStepLocalMsg, ErrStepPeerNotFound } from './errors';
import { entsSize, isEmptyHardState, isHardStateEqual, isLocalMsg, isResponseMsg, mustSync, newEntry, newMessage, None } from './messages';
import type { ConfChange, ConfState, HardState, Message, ReadState, SoftState, Snapshot, Entry, StateType } from './messages';
import type { ProgressStateType } from './progress';
import { Raft } from './raft';
import { hup } from './raft-campaign';
import { applyConfChange } from './raft-conf';

/**
 * Ready is what the host must do next (etcd's Ready), in this order: persist hardState,
 * entries and snapshot; then send messages; then apply snapshot and committedEntries; then call
 * advance().
 */
export interface Ready {
  /** softState is set when the leader or role changed (not persisted). */
  softState?: SoftState;
  /** hardState is set when term, vote or commit changed: persist before sending. */
  hardState?: HardState;
  /** readStates answer ReadIndex requests. */
  readStates: ReadState[];
  /** entries to append to stable storage (overwriting entries at the same indexes). */
  entries: Entry[];
  /** snapshot to persist (and apply) if set. */
  snapshot?: Snapshot;
  /** committedEntries to apply to the state machine (already persisted or in `entries`). */
  committedEntries: Entry[];
  /** messages to send after persisting. */
  messages: Message[];
  /** mustSync: the writes must be fsynced (new entries, or term/vote changed). */
  mustSync: boolean;
}

/** ProgressStatus is the leader's view of one follower, as shown in Status. */
export interface ProgressStatus {
  match: number;
  next: number;
  state: ProgressStateType;
  recentActive: boolean;
  pendingSnapshot: number;
  inflights: number;
  isLearner: boolean;
}

/** Status is a snapshot of a node's Raft state for the UI (etcd's Status). */
export interface Status {
  id: number;
  term: number;
  vote: number;
  commit: number;
  applied: number;
  lead: number;
  raftState: StateType;
  leadTransferee: number;
  config: ConfState;
  /** progress of every member, only on the leader (empty map otherwise). */
  progress: Map<number, ProgressStatus>;
  /**
   * Ticks since the election timer last reset, and the randomized timeout it runs towards
   * (not in etcd's Status: etcdscope draws the timer draining around each member).
   */
  electionElapsed: number;
  randomizedElectionTimeout: number;
  /**
   * The votes a (pre-)candidate has received in its current election, one per voter that
   * answered (its own included); empty in any other state. Not in etcd's Status: etcdscope
   * draws the tally ("2/3 votes") on candidates.
   */
  votes: { id: number; granted: boolean }[];
}

/** A member of a new cluster for `bootstrap` (etcd-raft's Peer). */
export interface Peer {
  id: number;
  /** Opaque to raft; carried in the bootstrap conf change entry (etcd: the member record). */
  context?: Uint8Array;
}

/**
 * RawNode is the thread-unsafe node API (etcd's RawNode): the host drives it with tick(),
 * step() and the ready()/advance() loop. Storage writes are synchronous: every message that
 * depends on durability is released in Ready.messages, to be sent after persisting.
 */
export class RawNode {
  /** raft is the wrapped state machine (exposed for tests and debugging views). */
  readonly raft: Raft;
  private prevSoftState: SoftState;
  private prevHardState: HardState;
  /** stepsOnAdvance are self-addressed messages (self-acks, self-votes) stepped on advance(). */
  private stepsOnAdvance: Message[] = [];
  /** pendingReady is the last Ready handed out and not yet advanced. */
  private pendingReady: Ready | undefined = undefined;

  constructor(config: Config) {
    this.raft = new Raft(config);
    this.prevSoftState = this.raft.softState();
    this.prevHardState = this.raft.hardState();
  }

  /**
   * bootstrap initializes an empty node of a new cluster with `peers` as voters (etcd's
   * RawNode.Bootstrap): it fakes ConfChangeAddNode entries 1..n at term 1, committed and applied
   * to the configuration. The first Ready carries them for the host to persist and apply
   * (applying them again is harmless). A peer may carry a context (etcd's Peer.Context: the
   * member record), so a member that joins later and replays these entries learns who they are.
   */
  bootstrap(peers: (number | Peer)[]): void {
    assert(peers.length > 0, 'must provide at least one peer to Bootstrap');
    const r = this.raft;
    assert(r.raftLog.storage.lastIndex() === 0, "can't bootstrap a nonempty Storage");
    this.prevHardState = { term: 0, vote: 0, commit: 0 };
    r.becomeFollower(1, None);
    const ps: Peer[] = peers.map((p) => (typeof p === 'number' ? { id: p } : p));
    const ents = ps.map((p, i) =>
      newEntry({
        type: 'EntryConfChange',
        term: 1,
        index: i + 1,
        data: encodeConfChange({ type: 'ConfChangeAddNode', nodeId: p.id, context: p.context }),
      }),
    );
    r.raftLog.append(ents);
    r.raftLog.committed = ents.length;
    for (const p of ps) applyConfChange(r, { type: 'ConfChangeAddNode', nodeId: p.id });
  }

  /** tick advances the logical clock by one tick. */
  tick(): void {
    this.raft.tick();
  }

  /** campaign makes this node start an election now (pre-election if preVote). */
  campaign(): void {
    this.raft.step(newMessage({ type: 'MsgHup', from: this.raft.id }));
  }

  /**
   * forceCampaign makes this node campaign now as if the leader had sent it MsgTimeoutNow: no
   * pre-vote, a MsgVote for term+1 that carries the leader-transfer context, so voters holding
   * a leader lease (check-quorum) still answer. etcd exposes no such call: this is etcdscope's
   * teaching action "Force campaign". The usual guards apply (not leader, promotable).
   */
  forceCampaign(): void {
    hup(this.raft, 'CampaignTransfer');
  }

  /** propose proposes data to be appended to the log; throws ErrProposalDropped if dropped. */
  propose(data: Uint8Array): void {
    this.raft.step(newMessage({ type: 'MsgProp', from: this.raft.id, entries: [newEntry({ data })] }));
  }

  /** proposeConfChange proposes a membership change (v1). */
  proposeConfChange(cc: ConfChange): void {
    const e = newEntry({ type: 'EntryConfChange', data: encodeConfChange(cc) });
    this.raft.step(newMessage({ type: 'MsgProp', from: this.raft.id, entries: [e] }));
  }

  /** applyConfChange applies a committed conf change entry; returns the new ConfState. */
  applyConfChange(cc: ConfChange): ConfState {
    return applyConfChange(this.raft, cc);
  }

  /**
   * step feeds a message received from the network. Local message types throw ErrStepLocalMsg;
   * responses from unknown peers throw ErrStepPeerNotFound.
   */
  step(m: Message): void {
    if (isLocalMsg(m.type)) throw new ErrStepLocalMsg();
    if (isResponseMsg(m.type) && !this.raft.trk.progress.has(m.from)) throw new ErrStepPeerNotFound();
    this.raft.step(m);
  }

  /** readIndex requests a linearizable read point; the answer comes as a ReadState. */
  readIndex(rctx: Uint8Array): void {
    this.raft.step(newMessage({ type: 'MsgReadIndex', from: this.raft.id, entries: [newEntry({ data: rctx })] }));
  }

  /** transferLeader asks the leader to hand leadership to transferee. */
  transferLeader(transferee: number): void {
    this.raft.step(newMessage({ type: 'MsgTransferLeader', from: transferee }));
  }

  /** reportUnreachable tells the leader that a message to id was probably lost. */
  reportUnreachable(id: number): void {
    this.raft.step(newMessage({ type: 'MsgUnreachable', from: id }));
  }

  /** reportSnapshot tells the leader whether the MsgSnap to id was applied. */
  reportSnapshot(id: number, status: 'finish' | 'failure'): void {
    this.raft.step(newMessage({ type: 'MsgSnapStatus', from: id, reject: status === 'failure' }));
  }

  /** hasReady reports whether ready() would return something to do. */
  hasReady(): boolean {
    const r = this.raft;
    const ss = r.softState();
    if (ss.lead !== this.prevSoftState.lead || ss.raftState !== this.prevSoftState.raftState) return true;
    const hs = r.hardState();
    if (!isEmptyHardState(hs) && !isHardStateEqual(hs, this.prevHardState)) return true;
    if (r.raftLog.hasNextUnstableSnapshot()) return true;
    if (r.msgs.length > 0 || r.msgsAfterAppend.length > 0) return true;
    if (r.raftLog.hasNextUnstableEnts() || r.raftLog.hasNextCommittedEnts(true)) return true;
    return r.readStates.length !== 0;
  }

  /**
   * ready returns the work to do and marks it as handed out. The host must process it and call
   * advance() before the next ready().
   */
  ready(): Ready {
    const r = this.raft;
    const rd: Ready = {
      readStates: r.readStates,
      entries: r.raftLog.nextUnstableEnts(),
      committedEntries: r.raftLog.nextCommittedEnts(true),
      messages: [...r.msgs],
      mustSync: false,
    };
    const ss = r.softState();
    if (ss.lead !== this.prevSoftState.lead || ss.raftState !== this.prevSoftState.raftState) rd.softState = ss;
    const hs = r.hardState();
    if (!isHardStateEqual(hs, this.prevHardState)) rd.hardState = hs;
    const snap = r.raftLog.nextUnstableSnapshot();
    if (snap !== undefined) rd.snapshot = snap;
    rd.mustSync = mustSync(hs, this.prevHardState, rd.entries.length);
    for (const m of r.msgsAfterAppend) {
      if (m.to !== r.id) rd.messages.push(m);
      else this.stepsOnAdvance.push(m);
    }
    // Accept the Ready.
    if (rd.softState) this.prevSoftState = rd.softState;
    if (rd.hardState) this.prevHardState = rd.hardState;
    r.readStates = [];
    r.msgs = [];
    r.msgsAfterAppend = [];
    r.raftLog.acceptUnstable();
    if (rd.committedEntries.length > 0) {
      r.raftLog.acceptApplying(rd.committedEntries[rd.committedEntries.length - 1].index);
    }
    this.pendingReady = rd;
    return rd;
  }

  /**
   * advance tells the node that the last Ready was persisted, sent and applied: entries become
   * stable, applied moves forward, and self-addressed acks/votes are stepped.
   */
  advance(rd?: Ready): void {
    const ready = rd ?? this.pendingReady;
    this.pendingReady = undefined;
    const r = this.raft;
    const steps = this.stepsOnAdvance;
    this.stepsOnAdvance = [];
    for (const m of steps) r.step(m);
    if (ready === undefined) return;
    if (ready.entries.length > 0) {
      const last = ready.entries[ready.entries.length - 1];
      r.raftLog.stableTo(last.index, last.term);
    }
    if (ready.snapshot) {
      // The host persisted and applied the snapshot.
      r.raftLog.stableSnapTo(ready.snapshot.metadata.index);
      r.raftLog.appliedTo(Math.max(r.raftLog.applied, ready.snapshot.metadata.index));
    }
    if (ready.committedEntries.length > 0) {
      const ents = ready.committedEntries;
      r.raftLog.appliedTo(ents[ents.length - 1].index);
      r.reduceUncommittedSize(entsSize(ents));
    }
  }

  /** status returns the node's state for the UI; progress only on the leader. */
  status(): Status {
    const r = this.raft;
    const progress = new Map<number, ProgressStatus>();
    if (r.state === 'StateLeader') {
      r.trk.visit((id, pr) => {
        progress.set(id, {
          match: pr.match,
          next: pr.next,
          state: pr.state,
          recentActive: pr.recentActive,
          pendingSnapshot: pr.pendingSnapshot,
          inflights: pr.inflights.count(),
          isLearner: pr.isLearner,
        });
      });
    }
    return {
      id: r.id,
      term: r.term,
      vote: r.vote,
      commit: r.raftLog.committed,
      applied: r.raftLog.applied,
      lead: r.lead,
      raftState: r.state,
      leadTransferee: r.leadTransferee,
      config: r.trk.confState(),
      progress,
      electionElapsed: r.electionElapsed,
      randomizedElectionTimeout: r.randomizedElectionTimeout,
      votes: r.state === 'StateCandidate' || r.state === 'StatePreCandidate' ? [...r.trk.votes].map(([id, granted]) => ({ id, granted })) : [],
    };
  }
}
