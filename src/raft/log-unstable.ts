import { assert } from './assert';
import type { Entry, Snapshot } from './messages';

/**
 * Unstable holds log entries (and maybe a snapshot) not yet written to Storage (etcd's unstable).
 *
 *   snapshot?   entries[0]          entries[len-1]
 *   [.. idx]    offset ............ offset+len-1
 *                       ^ offsetInProgress: entries below it were handed out in a Ready
 */
export class Unstable {
  /** snapshot is the incoming unstable snapshot, if any. */
  snapshot: Snapshot | undefined = undefined;
  /** entries not yet written to storage; entries[i] has index offset + i. */
  entries: Entry[] = [];
  /** offset is the index of entries[0]. */
  offset: number;
  /** snapshotInProgress: the snapshot was handed to the host in a Ready. */
  snapshotInProgress = false;
  /** offsetInProgress: entries in [offset, offsetInProgress) are being written by the host. */
  offsetInProgress: number;

  constructor(offset: number) {
    this.offset = offset;
    this.offsetInProgress = offset;
  }

  /** maybeFirstIndex returns the first index if there is an unstable snapshot. */
  maybeFirstIndex(): number | undefined {
    return this.snapshot ? this.snapshot.metadata.index + 1 : undefined;
  }

  /** maybeLastIndex returns the last index if there are unstable entries or a snapshot. */
  maybeLastIndex(): number | undefined {
    if (this.entries.length !== 0) return this.offset + this.entries.length - 1;
    return this.snapshot ? this.snapshot.metadata.index : undefined;
  }

  /** maybeTerm returns the term of entry i if this unstable log knows it. */
  maybeTerm(i: number): number | undefined {
    if (i < this.offset) {
      if (this.snapshot && this.snapshot.metadata.index === i) return this.snapshot.metadata.term;
      return undefined;
    }
    const last = this.maybeLastIndex();
    if (last === undefined || i > last) return undefined;
    return this.entries[i - this.offset].term;
  }

  /** nextEntries returns the unstable entries not yet handed to the host. */
  nextEntries(): Entry[] {
    const inProgress = this.offsetInProgress - this.offset;
    if (this.entries.length === inProgress) return [];
    return this.entries.slice(inProgress);
  }

  /** nextSnapshot returns the unstable snapshot if not yet handed to the host. */
  nextSnapshot(): Snapshot | undefined {
    if (!this.snapshot || this.snapshotInProgress) return undefined;
    return this.snapshot;
  }

  /** acceptInProgress marks everything handed out in a Ready as being written. */
  acceptInProgress(): void {
    if (this.entries.length > 0) this.offsetInProgress = this.entries[this.entries.length - 1].index + 1;
    if (this.snapshot) this.snapshotInProgress = true;
  }

  /**
   * stableTo drops entries up to (index, term) once the host has persisted them. A term
   * mismatch means the entry was overwritten since; then nothing is dropped.
   */
  stableTo(index: number, term: number): void {
    const gt = this.maybeTerm(index);
    if (gt === undefined || index < this.offset || gt !== term) return;
    const num = index + 1 - this.offset;
    this.entries = this.entries.slice(num);
    this.offset = index + 1;
    this.offsetInProgress = Math.max(this.offsetInProgress, this.offset);
  }

  /** stableSnapTo drops the snapshot at index i once persisted. */
  stableSnapTo(i: number): void {
    if (this.snapshot && this.snapshot.metadata.index === i) {
      this.snapshot = undefined;
      this.snapshotInProgress = false;
    }
  }

  /** restore replaces everything with a snapshot. */
  restore(s: Snapshot): void {
    this.offset = s.metadata.index + 1;
    this.offsetInProgress = this.offset;
    this.entries = [];
    this.snapshot = s;
    this.snapshotInProgress = false;
  }

  /** truncateAndAppend appends ents, first truncating any conflicting suffix at ents[0].index. */
  truncateAndAppend(ents: Entry[]): void {
    const fromIndex = ents[0].index;
    if (fromIndex === this.offset + this.entries.length) {
      // Append in place (handed-out slices are copies, so nobody aliases this array).
      for (const e of ents) this.entries.push(e);
    } else if (fromIndex <= this.offset) {
      // The log is being truncated to before our current offset: replace everything.
      this.entries = [...ents];
      this.offset = fromIndex;
      this.offsetInProgress = this.offset;
    } else {
      // Truncate to fromIndex (exclusive) and append.
      this.entries = [...this.slice(this.offset, fromIndex), ...ents];
      this.offsetInProgress = Math.min(this.offsetInProgress, fromIndex);
    }
  }

  /** slice returns entries in [lo, hi) (must be within the unstable range). */
  slice(lo: number, hi: number): Entry[] {
    assert(lo <= hi, `invalid unstable.slice ${lo} > ${hi}`);
    const upper = this.offset + this.entries.length;
    assert(lo >= this.offset && hi <= upper, `unstable.slice[${lo},${hi}) out of bound [${this.offset},${upper}]`);
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }
}
