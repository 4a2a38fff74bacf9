import {
  ErrProposalDropped,
  ErrStepPeerNotFound,
  MemoryStorage,
  RawNode,
  decodeConfChange,
  isEmptySnap,
  type ConfChange,
  type ConfState,
  type Entry,
  type Message,
  type Ready,
  type StateType,
} from '../raft';
import { hashEntry } from './hash';
import type { DurableState } from './checker';
import type { MemberConfig, MemberStatus, SimMember } from './member';
import { SimStateMachine } from './state-machine';
import { bootstrapStorage, copyStorage } from './storage-util';

/** RaftMemberConfig configures one RawNode host in the simulator. */
export type RaftMemberConfig = MemberConfig;

const decoder = new TextDecoder();

const ROLE_EVENT: Record<StateType, 'become-leader' | 'become-follower' | 'become-candidate' | 'become-pre-candidate'> = {
  StateLeader: 'become-leader',
  StateFollower: 'become-follower',
  StateCandidate: 'become-candidate',
  StatePreCandidate: 'become-pre-candidate',
};

/**
 * RaftMember hosts one RawNode over a MemoryStorage "disk", following the
 * Ready contract (etcd doc.go): persist hardState/entries/snapshot, then
 * hand messages to the network, then apply the snapshot and committed
 * entries to a SimStateMachine, then advance. The disk survives crash();
 * the RawNode, the state machine and any unpersisted Ready do not.
 */
export class RaftMember implements SimMember<Message> {
  readonly id: number;
  private disk: MemoryStorage;
  private node: RawNode | null = null;
  private readonly sm = new SimStateMachine();
  private raftState: StateType = 'StateFollower';
  private lead = 0;
  private term = 0;
  private vote = 0;
  private commit = 0;
  private conf: ConfState;
  /** maxCommitEmitted: highest index reported as a `commit` event (survives crashes, like a log). */
  private maxCommitEmitted = 0;

  constructor(private readonly cfg: RaftMemberConfig) {
    this.id = cfg.id;
    this.conf = { voters: cfg.peers.slice(), learners: [] };
    this.disk = bootstrapStorage(cfg.peers);
    this.start();
  }

  private start(): void {
    const snap = this.disk.snapshot();
    this.sm.restore(snap.data);
    const { hardState, confState } = this.disk.initialState();
    this.conf = confState;
    this.term = hardState.term;
    this.vote = hardState.vote;
    this.commit = hardState.commit;
    this.cfg.checker.onRestart(this.id, hardState, snap.metadata.index);
    this.raftState = 'StateFollower';
    this.lead = 0;
    this.node = new RawNode({
      id: this.id,
      electionTick: this.cfg.electionTick,
      heartbeatTick: this.cfg.heartbeatTick,
      storage: this.disk,
      applied: snap.metadata.index,
      maxSizePerMsg: this.cfg.maxSizePerMsg,
      maxInflightMsgs: this.cfg.maxInflightMsgs,
      checkQuorum: true,
      preVote: true,
      // A leader that applies its own removal steps down (etcd's server stops a removed member
      // instead; the simulator keeps it running so the nemesis can add it back).
      stepDownOnRemoval: true,
      rand: this.cfg.rand,
    });
  }

  /** isUp reports whether the RawNode is running. */
  isUp(): boolean {
    return this.node !== null;
  }

  /** isLeader reports whether this member is up and leading. */
  isLeader(): boolean {
    return this.node !== null && this.raftState === 'StateLeader';
  }

  /** currentTerm is the member's last persisted term. */
  currentTerm(): number {
    return this.term;
  }

  /** storage exposes the durable log (read-only use: tests and checks). */
  storage(): MemoryStorage {
    return this.disk;
  }

  /** rawNode exposes the running RawNode (tests), or null when crashed. */
  rawNode(): RawNode | null {
    return this.node;
  }

  /** tick advances the RawNode's clock. */
  tick(): void {
    this.node?.tick();
  }

  /**
   * step delivers a network message. Like etcd's server, it ignores the
   * errors Raft returns for messages it refuses (a forwarded proposal that
   * arrives at a node without a leader, a response from an unknown peer).
   */
  step(msg: Message): void {
    if (this.node === null) return;
    try {
      this.node.step(msg);
    } catch (e) {
      if (!(e instanceof ErrProposalDropped) && !(e instanceof ErrStepPeerNotFound)) throw e;
    }
  }

  /** hasReady reports whether the RawNode has a Ready to process. */
  hasReady(): boolean {
    return this.node !== null && this.node.hasReady();
  }

  /** processReady runs one Ready cycle: persist, (return to) send, apply, advance. */
  processReady(): Message[] {
    const node = this.node;
    if (node === null || !node.hasReady()) return [];
    const rd = node.ready();
    const leaderTermBefore = this.raftState === 'StateLeader' ? this.term : 0;
    this.persist(rd, leaderTermBefore);
    const durable = (): DurableState => {
      const hs = this.disk.initialState().hardState;
      return { term: hs.term, vote: hs.vote, lastIndex: this.disk.lastIndex() };
    };
    for (const m of rd.messages) {
      this.cfg.checker.onSend(this.id, m, this.term, durable);
      if (m.type === 'MsgSnap') this.mergeSnapshot(m);
    }
    this.apply(rd);
    node.advance(rd);
    this.maybeSnapshot();
    const snapIndex = this.disk.snapshot().metadata.index;
    this.cfg.checker.onIndexes(this.id, snapIndex, this.sm.appliedIndex, this.commit, this.disk.lastIndex());
    return rd.messages;
  }

  /**
   * mergeSnapshot replaces an outgoing MsgSnap's snapshot by one of the
   * current applied state, as etcd's server does (createMergedSnapshotMessage):
   * the stored snapshot may predate a conf change that added the recipient,
   * and a follower ignores a snapshot whose ConfState does not list it.
   */
  private mergeSnapshot(m: Message): void {
    const applied = this.sm.appliedIndex;
    if (m.snapshot === undefined || applied <= m.snapshot.metadata.index) return;
    m.snapshot = {
      data: this.sm.snapshotData(),
      metadata: { index: applied, term: this.disk.term(applied), confState: this.confState() },
    };
  }

  private persist(rd: Ready, leaderTermBefore: number): void {
    const lastIndexBefore = this.disk.lastIndex();
    const snapshot = rd.snapshot !== undefined && !isEmptySnap(rd.snapshot) ? rd.snapshot : undefined;
    if (snapshot !== undefined) this.disk.applySnapshot(snapshot);
    if (rd.entries.length > 0) this.disk.append(rd.entries);
    if (rd.hardState !== undefined) {
      this.disk.setHardState(rd.hardState);
      this.term = rd.hardState.term;
      this.vote = rd.hardState.vote;
      this.commit = rd.hardState.commit;
    }
    const stillLeader = rd.softState === undefined || rd.softState.raftState === 'StateLeader';
    const leadsNow = (rd.softState?.raftState ?? this.raftState) === 'StateLeader';
    this.cfg.checker.onPersist(this.id, {
      hardState: rd.hardState === undefined ? undefined : this.disk.initialState().hardState,
      entries: rd.entries.map((e) => ({ index: e.index, term: e.term, hash: hashEntry(e) })),
      snapshot: snapshot === undefined ? undefined : { index: snapshot.metadata.index, term: snapshot.metadata.term },
      leaderTerm: stillLeader && leaderTermBefore === this.term ? leaderTermBefore : 0,
      leadsTerm: leadsNow ? this.term : 0,
      lastIndexBefore,
      log: this.disk,
    });
    if (rd.softState !== undefined) this.changeRole(rd.softState.raftState, rd.softState.lead);
  }

  private changeRole(state: StateType, lead: number): void {
    const changed = state !== this.raftState || lead !== this.lead;
    const roleChanged = state !== this.raftState;
    this.raftState = state;
    this.lead = lead;
    if (!changed) return;
    if (roleChanged || state === 'StateFollower') {
      this.cfg.emit({ t: this.cfg.now(), node: this.id, ev: ROLE_EVENT[state], term: this.term, lead });
    }
    if (roleChanged && state === 'StateLeader') this.cfg.checker.onBecomeLeader(this.id, this.term, this.disk);
  }

  private apply(rd: Ready): void {
    if (rd.snapshot !== undefined && !isEmptySnap(rd.snapshot)) {
      const md = rd.snapshot.metadata;
      this.sm.restore(rd.snapshot.data);
      this.conf = md.confState;
      this.cfg.checker.onSnapshotRestore(this.id, md.index, md.term);
      this.cfg.emit({ t: this.cfg.now(), node: this.id, ev: 'snapshot-restore', index: md.index, term: md.term });
      if (md.index > this.maxCommitEmitted) this.maxCommitEmitted = md.index;
    }
    for (const e of rd.committedEntries) this.applyEntry(e);
  }

  private applyEntry(e: Entry): void {
    const h = hashEntry(e);
    this.cfg.checker.onApply(this.id, e.index, e.term, h);
    if (e.index <= this.sm.appliedIndex) return;
    this.sm.apply(e.index, h, e.type === 'EntryNormal' ? e.data : new Uint8Array(0));
    if (e.type === 'EntryConfChange' && this.node !== null) {
      this.conf = this.node.applyConfChange(decodeConfChange(e.data));
    }
    if (e.index > this.maxCommitEmitted) {
      this.maxCommitEmitted = e.index;
      this.cfg.emit({ t: this.cfg.now(), node: this.id, ev: 'commit', index: e.index, term: e.term, hash: h, data: e.type === 'EntryNormal' ? decoder.decode(e.data) : '(conf change)' });
    }
  }

  private maybeSnapshot(): void {
    const applied = this.sm.appliedIndex;
    const snapIndex = this.disk.snapshot().metadata.index;
    if (applied - snapIndex < this.cfg.snapshotEvery) return;
    const snap = this.disk.createSnapshot(applied, this.conf, this.sm.snapshotData());
    this.cfg.emit({ t: this.cfg.now(), node: this.id, ev: 'snapshot', index: applied, term: snap.metadata.term });
    const compactTo = applied - this.cfg.catchUpEntries;
    if (compactTo > this.disk.firstIndex()) this.disk.compact(compactTo);
  }

  /** onSendResult reports unreachable peers and MsgSnap outcomes to the RawNode. */
  onSendResult(msg: Message, accepted: boolean): void {
    const node = this.node;
    if (node === null) return;
    if (msg.type === 'MsgSnap') node.reportSnapshot(msg.to, accepted ? 'finish' : 'failure');
    if (!accepted) node.reportUnreachable(msg.to);
  }

  /** propose submits client data; false when Raft dropped it. */
  propose(data: Uint8Array): boolean {
    if (this.node === null) return false;
    try {
      this.node.propose(data);
      return true;
    } catch (e) {
      if (e instanceof ErrProposalDropped) return false;
      throw e;
    }
  }

  /** proposeConfChange proposes a membership change; false when Raft dropped it. */
  proposeConfChange(cc: ConfChange): boolean {
    if (this.node === null) return false;
    try {
      this.node.proposeConfChange(cc);
      return true;
    } catch (e) {
      if (e instanceof ErrProposalDropped) return false;
      throw e;
    }
  }

  /** confState is the membership this member has applied (durable view when crashed). */
  confState(): ConfState {
    return { voters: this.conf.voters.slice(), learners: this.conf.learners.slice() };
  }

  /** transferLeader asks the RawNode (a leader) to transfer leadership to `to`. */
  transferLeader(to: number): void {
    this.node?.transferLeader(to);
  }

  /** crash drops the RawNode and the in-memory state machine; the disk stays. */
  crash(): void {
    this.node = null;
    this.raftState = 'StateFollower';
    this.lead = 0;
  }

  /** restart rebuilds storage from the disk (a fresh copy, like replaying a WAL) and a new RawNode. */
  restart(): void {
    if (this.node !== null) return;
    this.disk = copyStorage(this.disk);
    const hs = this.disk.initialState().hardState;
    this.start();
    this.cfg.emit({ t: this.cfg.now(), node: this.id, ev: 'restart', term: hs.term, commit: hs.commit });
  }

  /** status describes the member (durable state when crashed). */
  status(): MemberStatus {
    const up = this.node !== null;
    const st = this.sm.state();
    const timer = this.node?.status();
    return {
      id: this.id,
      up,
      raftState: up ? this.raftState : 'StateDown',
      term: this.term,
      vote: this.vote,
      lead: up ? this.lead : 0,
      commit: this.commit,
      applied: up ? st.appliedIndex : 0,
      firstIndex: this.disk.firstIndex(),
      lastIndex: this.disk.lastIndex(),
      snapshotIndex: this.disk.snapshot().metadata.index,
      smHash: st.hash,
      recent: st.recent,
      electionElapsed: timer?.electionElapsed ?? 0,
      electionTimeout: timer?.randomizedElectionTimeout ?? 0,
    };
  }
}
