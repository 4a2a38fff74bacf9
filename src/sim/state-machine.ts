import { assert } from './assert';
import { chainHash } from './hash';

/**
 * SimStateMachine is the tiny replicated state machine each simulated node
 * applies committed entries to: the ordered list of applied entry hashes,
 * summarised as a running hash, plus the last few client payloads for
 * display. Two nodes that applied the same entries have the same `hash`.
 */
export interface SimStateMachineState {
  /** appliedIndex is the Raft index of the last applied entry (0 = none). */
  appliedIndex: number;
  /** hash chains every applied entry's hash, in index order. */
  hash: string;
  /** clientEntries counts applied entries that carried client data. */
  clientEntries: number;
  /** recent holds the last RECENT_MAX client payloads, oldest first. */
  recent: string[];
}

/** RECENT_MAX bounds SimStateMachineState.recent. */
export const RECENT_MAX = 8;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** SimStateMachine applies entries in order and snapshots/restores itself. */
export class SimStateMachine {
  private s: SimStateMachineState = { appliedIndex: 0, hash: '0', clientEntries: 0, recent: [] };

  /** state returns a copy of the current state. */
  state(): SimStateMachineState {
    return { ...this.s, recent: this.s.recent.slice() };
  }

  /** appliedIndex is the index of the last applied entry. */
  get appliedIndex(): number {
    return this.s.appliedIndex;
  }

  /**
   * apply folds entry `index` (with identity hash `entryHash` and payload
   * `data`) into the state. Entries must arrive in index order without gaps;
   * the caller (the checker) reports gaps as violations before calling this.
   */
  apply(index: number, entryHash: string, data: Uint8Array): void {
    assert(index > this.s.appliedIndex, `apply: index ${index} <= applied ${this.s.appliedIndex}`);
    this.s.appliedIndex = index;
    this.s.hash = chainHash(this.s.hash, entryHash);
    if (data.length > 0) {
      this.s.clientEntries++;
      this.s.recent.push(decoder.decode(data));
      if (this.s.recent.length > RECENT_MAX) this.s.recent.shift();
    }
  }

  /** snapshotData serialises the state into a Raft snapshot payload. */
  snapshotData(): Uint8Array {
    return encoder.encode(JSON.stringify(this.s));
  }

  /** restore replaces the state with a snapshot payload (empty = initial state). */
  restore(data: Uint8Array): void {
    if (data.length === 0) {
      this.s = { appliedIndex: 0, hash: '0', clientEntries: 0, recent: [] };
      return;
    }
    const parsed = JSON.parse(decoder.decode(data)) as SimStateMachineState;
    assert(typeof parsed.appliedIndex === 'number' && typeof parsed.hash === 'string', 'restore: bad snapshot data');
    this.s = parsed;
  }
}
