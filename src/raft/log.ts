import { assert } from './assert';
import { ErrCompacted, ErrUnavailable } from './errors';
import { Unstable } from './log-unstable';
import { entsSize, limitSize } from './messages';
import type { Entry, Snapshot } from './messages';
import type { Storage } from './storage';

/**
 * RaftLog is a node's view of the log: stable entries in Storage followed by unstable ones
 * (etcd's raftLog).
 *
 *   storage: [firstIndex ........ storage.lastIndex]
 *   unstable:                          [offset ......... lastIndex]
 *   applied <= applying <= committed <= lastIndex
 */
export class RaftLog {
  /** storage holds entries persisted by the host. */
  readonly storage: Storage;
  /** unstable holds entries (and a snapshot) not yet persisted. */
  readonly unstable: Unstable;
  /** committed is the highest index known to be stored on a quorum. */
  committed: number;
  /** applying is the highest index handed to the host for application. */
  applying: number;
  /** applied is the highest index the host confirmed applied (applied <= committed). */
  applied: number;
  /** maxApplyingEntsSize caps the committed entries of one Ready (bytes, at least one entry). */
  readonly maxApplyingEntsSize: number;

  constructor(storage: Storage, maxApplyingEntsSize = Infinity) {
    this.storage = storage;
    const firstIndex = storage.firstIndex();
    const lastIndex = storage.lastIndex();
    this.unstable = new Unstable(lastIndex + 1);
    this.committed = firstIndex - 1;
    this.applying = firstIndex - 1;
    this.applied = firstIndex - 1;
    this.maxApplyingEntsSize = maxApplyingEntsSize;
  }

  /** toString summarizes the log positions (for logs and assertion messages). */
  toString(): string {
    return `committed=${this.committed}, applied=${this.applied}, applying=${this.applying}, unstable.offset=${this.unstable.offset}, unstable.offsetInProgress=${this.unstable.offsetInProgress}, len(unstable.Entries)=${this.unstable.entries.length}`;
  }

  /**
   * maybeAppend appends ents after (index, logTerm) if that entry matches, then commits up to
   * min(committed, index of the last new entry). Returns the last new index, or undefined when
   * the consistency check fails (Raft paper §5.3).
   */
  maybeAppend(index: number, logTerm: number, committed: number, ents: Entry[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastnewi = index + ents.length;
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      assert(ci > this.committed, `entry ${ci} conflict with committed entry [committed(${this.committed})]`);
      this.append(ents.slice(ci - (index + 1)));
    }
    this.commitTo(Math.min(committed, lastnewi));
    return lastnewi;
  }

  /** append adds entries (truncating a conflicting unstable suffix) and returns the last index. */
  append(ents: Entry[]): number {
    if (ents.length === 0) return this.lastIndex();
    const after = ents[0].index - 1;
    assert(after >= this.committed, `after(${after}) is out of range [committed(${this.committed})]`);
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /**
   * findConflict returns the index of the first entry of ents that conflicts with the log
   * (same index, different term) or is new; 0 if all of ents are already in the log.
   */
  findConflict(ents: Entry[]): number {
    for (const ne of ents) {
      if (!this.matchTerm(ne.index, ne.term)) return ne.index;
    }
    return 0;
  }

  /**
   * findConflictByTerm returns the largest (index, term) with index <= `index` and
   * term <= `term` in this log: the best guess of where it matches a log whose entry at `index`
   * has `term`. An unknown (compacted) term is returned as 0 ("maybe matches").
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    for (; index > 0; index--) {
      const ourTerm = this.termOrUndefined(index);
      if (ourTerm === undefined) return { index, term: 0 };
      if (ourTerm <= term) return { index, term: ourTerm };
    }
    return { index: 0, term: 0 };
  }

  /** nextUnstableEnts returns the unstable entries to hand to the host in the next Ready. */
  nextUnstableEnts(): Entry[] {
    return this.unstable.nextEntries();
  }

  /** hasNextUnstableEnts reports whether there are unstable entries not yet handed out. */
  hasNextUnstableEnts(): boolean {
    return this.nextUnstableEnts().length > 0;
  }

  /** hasNextOrInProgressUnstableEnts reports unstable entries handed out or not. */
  hasNextOrInProgressUnstableEnts(): boolean {
    return this.unstable.entries.length > 0;
  }

  /**
   * nextCommittedEnts returns committed entries ready to apply (none while a snapshot is
   * pending), at most maxApplyingEntsSize bytes.
   */
  nextCommittedEnts(allowUnstable: boolean): Entry[] {
    if (this.hasNextOrInProgressSnapshot()) return [];
    const lo = this.applying + 1;
    const hi = this.maxAppliableIndex(allowUnstable) + 1;
    if (lo >= hi) return [];
    return this.slice(lo, hi, this.maxApplyingEntsSize);
  }

  /** hasNextCommittedEnts reports whether nextCommittedEnts would return something. */
  hasNextCommittedEnts(allowUnstable: boolean): boolean {
    if (this.hasNextOrInProgressSnapshot()) return false;
    return this.applying + 1 < this.maxAppliableIndex(allowUnstable) + 1;
  }

  private maxAppliableIndex(allowUnstable: boolean): number {
    let hi = this.committed;
    if (!allowUnstable) hi = Math.min(hi, this.unstable.offset - 1);
    return hi;
  }

  /** nextUnstableSnapshot returns the unstable snapshot to hand out in the next Ready. */
  nextUnstableSnapshot(): Snapshot | undefined {
    return this.unstable.nextSnapshot();
  }

  /** hasNextUnstableSnapshot reports whether a snapshot is waiting to be handed out. */
  hasNextUnstableSnapshot(): boolean {
    return this.unstable.nextSnapshot() !== undefined;
  }

  /** hasNextOrInProgressSnapshot reports a snapshot handed out or not, but not yet persisted. */
  hasNextOrInProgressSnapshot(): boolean {
    return this.unstable.snapshot !== undefined;
  }

  /** snapshot returns the unstable snapshot if any, else the storage's. */
  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  /** firstIndex is the first index still available (after the snapshot). */
  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  /** lastIndex is the index of the last entry. */
  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  /** commitTo raises committed (never lowers it); committing beyond lastIndex is a bug. */
  commitTo(tocommit: number): void {
    if (this.committed < tocommit) {
      assert(
        this.lastIndex() >= tocommit,
        `tocommit(${tocommit}) is out of range [lastIndex(${this.lastIndex()})]. Was the raft log corrupted, truncated, or lost?`,
      );
      this.committed = tocommit;
    }
  }

  /** appliedTo records that the host applied entries up to i. */
  appliedTo(i: number): void {
    assert(this.committed >= i && i >= this.applied, `applied(${i}) is out of range [prevApplied(${this.applied}), committed(${this.committed})]`);
    this.applied = i;
    this.applying = Math.max(this.applying, i);
  }

  /** acceptApplying records that entries up to i were handed to the host for application. */
  acceptApplying(i: number): void {
    assert(this.committed >= i, `applying(${i}) is out of range [prevApplying(${this.applying}), committed(${this.committed})]`);
    this.applying = i;
  }

  /** stableTo marks unstable entries up to (i, t) as persisted. */
  stableTo(i: number, t: number): void {
    this.unstable.stableTo(i, t);
  }

  /** stableSnapTo marks the unstable snapshot at i as persisted. */
  stableSnapTo(i: number): void {
    this.unstable.stableSnapTo(i);
  }

  /** acceptUnstable marks the handed-out unstable entries/snapshot as in progress. */
  acceptUnstable(): void {
    this.unstable.acceptInProgress();
  }

  /** lastTerm is the term of the last entry. */
  lastTerm(): number {
    return this.term(this.lastIndex());
  }

  /**
   * term returns the term of entry i; throws ErrCompacted below firstIndex-1 and
   * ErrUnavailable beyond lastIndex.
   */
  term(i: number): number {
    const t = this.unstable.maybeTerm(i);
    if (t !== undefined) return t;
    // The valid term range is [firstIndex-1, lastIndex]: the entry at firstIndex-1 is
    // compacted, but its term is kept for the consistency check of appends.
    if (i + 1 < this.firstIndex()) throw new ErrCompacted();
    if (i > this.lastIndex()) throw new ErrUnavailable();
    return this.storage.term(i);
  }

  /** termOrUndefined is term() that returns undefined instead of throwing a log-range error. */
  termOrUndefined(i: number): number | undefined {
    // Hot path (every append and commit check): answer out-of-range indexes without building
    // an Error (with its stack trace) just to catch it; storage errors stay exceptional.
    const t = this.unstable.maybeTerm(i);
    if (t !== undefined) return t;
    if (i + 1 < this.firstIndex() || i > this.lastIndex()) return undefined;
    try {
      return this.storage.term(i);
    } catch (e) {
      if (e instanceof ErrCompacted || e instanceof ErrUnavailable) return undefined;
      throw e;
    }
  }

  /** entries returns entries from i to the end, at most maxSize bytes (at least one). */
  entries(i: number, maxSize = Infinity): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxSize);
  }

  /** allEntries returns every entry still in the log (tests and debugging). */
  allEntries(): Entry[] {
    return this.entries(this.firstIndex());
  }

  /** isUpToDate reports whether a log ending at (lasti, term) is at least as up-to-date (§5.4.1). */
  isUpToDate(lasti: number, term: number): boolean {
    const lastTerm = this.lastTerm();
    return term > lastTerm || (term === lastTerm && lasti >= this.lastIndex());
  }

  /** matchTerm reports whether entry i exists with term t. */
  matchTerm(i: number, t: number): boolean {
    const ours = this.termOrUndefined(i);
    return ours !== undefined && ours === t;
  }

  /** maybeCommit commits up to maxIndex if that entry has term `term` (Figure 8 rule, §5.4.2). */
  maybeCommit(maxIndex: number, term: number): boolean {
    if (maxIndex > this.committed && this.termOrUndefined(maxIndex) === term) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  /** restore resets the log to a snapshot. */
  restore(s: Snapshot): void {
    this.committed = s.metadata.index;
    this.unstable.restore(s);
  }

  /**
   * slice returns entries in [lo, hi), reading Storage then unstable, limited to maxSize bytes
   * (at least one entry). Throws ErrCompacted if lo was compacted.
   */
  slice(lo: number, hi: number, maxSize = Infinity): Entry[] {
    this.mustCheckOutOfBounds(lo, hi);
    if (lo === hi) return [];
    const uoff = this.unstable.offset;
    if (lo >= uoff) return limitSize(this.unstable.slice(lo, hi), maxSize);
    const cut = Math.min(hi, uoff);
    const ents = this.storage.entries(lo, cut, maxSize);
    if (hi <= uoff) return ents;
    // The storage returned fewer entries than asked: size limit reached.
    if (ents.length < cut - lo) return ents;
    const size = entsSize(ents);
    if (size >= maxSize) return ents;
    const unstable = limitSize(this.unstable.slice(uoff, hi), maxSize - size);
    if (unstable.length === 1 && size + entsSize(unstable) > maxSize) return ents;
    return [...ents, ...unstable];
  }

  private mustCheckOutOfBounds(lo: number, hi: number): void {
    assert(lo <= hi, `invalid slice ${lo} > ${hi}`);
    const fi = this.firstIndex();
    if (lo < fi) throw new ErrCompacted();
    const length = this.lastIndex() + 1 - fi;
    assert(hi <= fi + length, `slice[${lo},${hi}) out of bound [${fi},${this.lastIndex()}]`);
  }
}
