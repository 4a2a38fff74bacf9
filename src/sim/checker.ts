/**
 * RaftChecker asserts the Raft safety invariants of raft-tests.md §5a on a
 * simulated cluster, incrementally, as each node persists, applies and
 * changes role. It keeps ghost history that no node can see (every leader
 * per term, every committed and every appended entry ever) so that "never"
 * properties hold across crashes. A broken invariant becomes a string in
 * `violations`; the checker never throws.
 *
 * Invariants (paper Fig. 3, thesis §3, etcd-raft tla/etcdraft.tla):
 *  - Election Safety: at most one leader per term, over all time.
 *  - Leader Append-Only: a leader never truncates its own log in its term.
 *  - Log Matching: same (index, term) => same entry and same previous term
 *    (by induction: identical prefixes).
 *  - Leader Completeness: a new leader holds every entry committed so far.
 *  - Committed prefixes agree / State Machine Safety: one entry per index,
 *    whoever commits or applies it; applies are in order without gaps.
 *  - Commit, term never regress; one vote per term (persisted, across restarts).
 *  - Committed is durable: persisted commit <= persisted last index.
 *  - Message terms: a message's term <= its sender's term (pre-votes excepted).
 *  - One vote per (node, term), judged from the vote grants it sends.
 *  - Durable before send: a vote grant or append ack is backed by the disk.
 *  - No node holds an entry of term T beyond T's leader's last entry.
 */

/** CheckedLog is the read-only view of a node's durable log the checker needs. */
export interface CheckedLog {
  firstIndex(): number;
  lastIndex(): number;
  /** term returns the term at i, for firstIndex-1 <= i <= lastIndex. */
  term(i: number): number;
}

/** PersistedHardState is the durable part of a node's vote state. */
export interface PersistedHardState {
  term: number;
  vote: number;
  commit: number;
}

/** PersistRecord describes one Ready's durable writes, after they were made. */
export interface PersistRecord {
  hardState?: PersistedHardState;
  /** entries appended (in order) with their identity hashes. */
  entries: { index: number; term: number; hash: string }[];
  snapshot?: { index: number; term: number };
  /** leaderTerm is the node's term if it was leader before this Ready and still is, else 0. */
  leaderTerm: number;
  /** leadsTerm is the node's term if it is leader after this Ready (new leaders included), else 0. */
  leadsTerm: number;
  lastIndexBefore: number;
  log: CheckedLog;
}

/** DurableState is what a node has on disk when it sends a message. */
export interface DurableState {
  term: number;
  vote: number;
  lastIndex: number;
}

/** SentMessage is the part of a sent message the checker reads. */
export interface SentMessage {
  type: string;
  to: number;
  term: number;
  index: number;
  reject: boolean;
}

/** CommittedEntry is the ghost record of the entry committed at an index. */
export interface CommittedEntry {
  term: number;
  /** hash is the entry identity hash, or '' when only known from a snapshot. */
  hash: string;
}

/** MAX_VIOLATIONS caps the stored violations; later ones are only counted. */
export const MAX_VIOLATIONS = 50;

interface NodeGhost {
  persistedTerm: number;
  persistedVote: number;
  persistedCommit: number;
  /** applied is the in-memory applied index (reset on restart). */
  applied: number;
}

/** RaftChecker: see the file comment. */
export class RaftChecker {
  /** violations lists broken invariants, first MAX_VIOLATIONS only. */
  readonly violations: string[] = [];
  /** violationCount counts all broken invariants. */
  violationCount = 0;
  /** leaders maps term -> the one node that became leader in it. */
  readonly leaders = new Map<number, number>();
  private readonly committed = new Map<number, CommittedEntry>();
  private maxCommitted = 0;
  /** logGhost maps "index:term" -> entry hash and previous entry's term. */
  private readonly logGhost = new Map<string, { hash: string; prevTerm: number }>();
  private readonly nodes = new Map<number, NodeGhost>();
  /** leaderMaxIndex maps term -> the last index its leader appended in it. */
  private readonly leaderMaxIndex = new Map<number, number>();
  /** votes maps "voter:term" -> the candidate it granted its vote to. */
  private readonly votes = new Map<string, number>();

  /** now is the current tick, used to stamp violations. */
  constructor(private readonly now: () => number) {}

  /** committedIndex is the highest index any node has persisted as committed. */
  get committedIndex(): number {
    return this.maxCommitted;
  }

  /** committedEntry returns the ghost record at `index`, if any node committed it. */
  committedEntry(index: number): CommittedEntry | undefined {
    return this.committed.get(index);
  }

  /** fail records a violation. */
  fail(msg: string): void {
    this.violationCount++;
    if (this.violations.length < MAX_VIOLATIONS) this.violations.push(`t=${this.now()}: ${msg}`);
  }

  private ghost(node: number): NodeGhost {
    let g = this.nodes.get(node);
    if (g === undefined) {
      g = { persistedTerm: 0, persistedVote: 0, persistedCommit: 0, applied: 0 };
      this.nodes.set(node, g);
    }
    return g;
  }

  /** onPersist checks one Ready's durable writes (called right after persisting). */
  onPersist(node: number, p: PersistRecord): void {
    const g = this.ghost(node);
    if (p.snapshot !== undefined) this.checkSnapshot(node, p.snapshot.index, p.snapshot.term, 'persisted');
    if (p.leaderTerm > 0 && p.snapshot !== undefined) {
      this.fail(`leader append-only: leader ${node} (term ${p.leaderTerm}) installed a snapshot at ${p.snapshot.index}`);
    }
    const first = p.entries[0];
    if (p.leaderTerm > 0 && first !== undefined && first.index <= p.lastIndexBefore) {
      this.fail(`leader append-only: leader ${node} (term ${p.leaderTerm}) overwrote from index ${first.index} (last was ${p.lastIndexBefore})`);
    }
    for (const e of p.entries) {
      this.checkLogMatching(node, e, p.log);
      this.checkLeaderMaxIndex(node, e, p.leadsTerm);
    }
    const hs = p.hardState;
    if (hs !== undefined) {
      if (hs.term < g.persistedTerm) this.fail(`persisted term regressed on ${node}: ${g.persistedTerm} -> ${hs.term}`);
      if (hs.term === g.persistedTerm && g.persistedVote !== 0 && hs.vote !== g.persistedVote) {
        this.fail(`persisted vote changed on ${node} in term ${hs.term}: ${g.persistedVote} -> ${hs.vote}`);
      }
      if (hs.commit < g.persistedCommit) this.fail(`persisted commit regressed on ${node}: ${g.persistedCommit} -> ${hs.commit}`);
      const last = p.log.lastIndex();
      if (hs.commit > last) this.fail(`committed is not durable on ${node}: commit ${hs.commit} > last index ${last}`);
      if (hs.commit > g.persistedCommit) this.recordCommits(node, g.persistedCommit, hs.commit, p.log);
      g.persistedTerm = hs.term;
      g.persistedVote = hs.vote;
      g.persistedCommit = Math.max(g.persistedCommit, hs.commit);
    }
  }

  private checkLogMatching(node: number, e: { index: number; term: number; hash: string }, log: CheckedLog): void {
    let prevTerm: number;
    try {
      prevTerm = log.term(e.index - 1);
    } catch {
      this.fail(`log on ${node}: cannot read term of index ${e.index - 1} after appending ${e.index}`);
      return;
    }
    if (prevTerm > e.term) this.fail(`log on ${node}: term decreases at ${e.index} (${prevTerm} -> ${e.term})`);
    const key = `${e.index}:${e.term}`;
    const seen = this.logGhost.get(key);
    if (seen === undefined) {
      this.logGhost.set(key, { hash: e.hash, prevTerm });
      return;
    }
    if (seen.hash !== e.hash) this.fail(`log matching: node ${node} has a different entry at index ${e.index} term ${e.term}`);
    if (seen.prevTerm !== prevTerm) {
      this.fail(`log matching: node ${node} entry ${e.index}@${e.term} follows term ${prevTerm}, elsewhere ${seen.prevTerm}`);
    }
  }

  /**
   * checkLeaderMaxIndex: entries of term T come only from T's leader, which
   * persists them before sending, so no node holds an entry of term T beyond
   * the leader's last entry of T (TLA+ ElectionSafetyInv).
   */
  private checkLeaderMaxIndex(node: number, e: { index: number; term: number }, leadsTerm: number): void {
    const max = this.leaderMaxIndex.get(e.term);
    if (leadsTerm === e.term) {
      if (max === undefined || e.index > max) this.leaderMaxIndex.set(e.term, e.index);
      return;
    }
    if (max === undefined || e.index > max) {
      this.fail(`node ${node} holds ${e.index}@${e.term}, beyond the last entry (${max ?? 'none'}) of term ${e.term}'s leader`);
    }
  }

  /** recordCommits checks/records the entries (from, to] a node now holds as committed. */
  private recordCommits(node: number, from: number, to: number, log: CheckedLog): void {
    const lo = Math.max(from + 1, log.firstIndex());
    for (let i = lo; i <= to; i++) {
      const term = log.term(i);
      const ghost = this.logGhost.get(`${i}:${term}`);
      this.recordCommitted(node, i, term, ghost === undefined ? '' : ghost.hash, 'committed');
    }
  }

  private recordCommitted(node: number, index: number, term: number, hash: string, verb: string): void {
    const c = this.committed.get(index);
    if (c === undefined) {
      this.committed.set(index, { term, hash });
      if (index > this.maxCommitted) this.maxCommitted = index;
      return;
    }
    if (c.term !== term || (c.hash !== '' && hash !== '' && c.hash !== hash)) {
      this.fail(`state machine safety: node ${node} ${verb} ${index}@${term} but ${index}@${c.term} was committed`);
    } else if (c.hash === '' && hash !== '') {
      c.hash = hash;
    }
  }

  private checkSnapshot(node: number, index: number, term: number, verb: string): void {
    if (index === 0) return;
    this.recordCommitted(node, index, term, '', `${verb} a snapshot at`);
  }

  /** onApply checks an entry applied to a node's state machine. */
  onApply(node: number, index: number, term: number, hash: string): void {
    const g = this.ghost(node);
    if (index !== g.applied + 1) this.fail(`apply order on ${node}: applied ${index} after ${g.applied}`);
    if (index > g.persistedCommit) this.fail(`node ${node} applied ${index} beyond its persisted commit ${g.persistedCommit}`);
    this.recordCommitted(node, index, term, hash, 'applied');
    g.applied = index;
  }

  /** onSnapshotRestore records that a node's state machine jumped to a snapshot. */
  onSnapshotRestore(node: number, index: number, term: number): void {
    const g = this.ghost(node);
    if (index < g.applied) this.fail(`node ${node} restored snapshot ${index} below applied ${g.applied}`);
    this.checkSnapshot(node, index, term, 'restored');
    g.applied = index;
  }

  /**
   * onBecomeLeader checks Election Safety and Leader Completeness for a node
   * that just became leader of `term` (after persisting that Ready).
   */
  onBecomeLeader(node: number, term: number, log: CheckedLog): void {
    const prev = this.leaders.get(term);
    if (prev !== undefined && prev !== node) this.fail(`election safety: nodes ${prev} and ${node} both leader in term ${term}`);
    this.leaders.set(term, node);
    const first = log.firstIndex();
    const last = log.lastIndex();
    if (this.maxCommitted > last) {
      this.fail(`leader completeness: leader ${node} (term ${term}) has last index ${last} < committed ${this.maxCommitted}`);
    }
    for (let i = Math.max(first - 1, 1); i <= Math.min(this.maxCommitted, last); i++) {
      const c = this.committed.get(i);
      if (c === undefined) continue;
      const t = log.term(i);
      if (t !== c.term) this.fail(`leader completeness: leader ${node} (term ${term}) has ${i}@${t}, committed ${i}@${c.term}`);
    }
  }

  /**
   * onSend checks a message against its sender: its term is at most the
   * sender's (pre-votes excepted), and a node grants its (real) vote to at
   * most one candidate per term, even across crashes.
   */
  onSend(node: number, m: SentMessage, nodeTerm: number, durable: () => DurableState): void {
    if (m.type === 'MsgPreVote' || m.type === 'MsgPreVoteResp') return;
    if (m.term > nodeTerm) this.fail(`node ${node} (term ${nodeTerm}) sent ${m.type} with term ${m.term}`);
    if (m.type === 'MsgAppResp' && !m.reject) {
      const d = durable();
      if (m.index > d.lastIndex) this.fail(`durable before send: node ${node} acked ${m.index} with ${d.lastIndex} entries on disk`);
    }
    if (m.type !== 'MsgVoteResp' || m.reject) return;
    const d = durable();
    if (d.term !== m.term || d.vote !== m.to) {
      this.fail(`durable before send: node ${node} granted its term-${m.term} vote to ${m.to} with (term ${d.term}, vote ${d.vote}) on disk`);
    }
    const key = `${node}:${m.term}`;
    const prev = this.votes.get(key);
    if (prev !== undefined && prev !== m.to) this.fail(`double vote: node ${node} voted for ${prev} and ${m.to} in term ${m.term}`);
    this.votes.set(key, m.to);
  }

  /** onIndexes checks snapshotIndex <= applied <= commit <= lastIndex on a node. */
  onIndexes(node: number, snapshotIndex: number, applied: number, commit: number, lastIndex: number): void {
    if (!(snapshotIndex <= applied && applied <= commit && commit <= lastIndex)) {
      this.fail(`index order on ${node}: snapshot ${snapshotIndex}, applied ${applied}, commit ${commit}, last ${lastIndex}`);
    }
  }

  /**
   * onRestart resets a node's in-memory ghost (applied) after a crash and
   * checks its disk against what it persisted before.
   */
  onRestart(node: number, hs: PersistedHardState, snapshotIndex: number): void {
    const g = this.ghost(node);
    if (hs.term < g.persistedTerm) this.fail(`term lost over restart on ${node}: ${g.persistedTerm} -> ${hs.term}`);
    if (hs.commit < g.persistedCommit) this.fail(`commit lost over restart on ${node}: ${g.persistedCommit} -> ${hs.commit}`);
    g.applied = snapshotIndex;
  }
}
