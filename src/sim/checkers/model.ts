/**
 * The model interface of the linearizability checker, shaped like
 * Porcupine's `Model` (model.go): a sequential specification the history
 * must be explainable by.
 */
import type { Operation } from './history';

/**
 * Model is a sequential specification over states S, inputs I and outputs O.
 * `step` must be pure: it returns a new state and never mutates `state`,
 * because the search keeps old states on its backtracking stack.
 */
export interface Model<S, I, O> {
  /** init is the state before any operation. */
  init(): S;
  /**
   * step applies one operation: [true, next] when `output` is a legal result
   * of `input` in `state`, [false, state] otherwise.
   */
  step(state: S, input: I, output: O): [boolean, S];
  /** equal is deep equality of states (the search cache depends on it). */
  equal(a: S, b: S): boolean;
  /** hash is a 32-bit hash that agrees with `equal`. */
  hash(state: S): number;
  /** describeState renders a state for reports. */
  describeState(state: S): string;
  /** describeOperation renders an operation for reports. */
  describeOperation(input: I, output: O): string;
  /**
   * partition splits a history into independently checkable sub-histories
   * (P-compositionality), each with a name. Without it the whole history is
   * one partition.
   */
  partition?(ops: readonly Operation<I, O>[]): Array<{ name: string; ops: Operation<I, O>[] }>;
  /**
   * refute is an optional fast proof of a violation, tried before the
   * search: the operation that cannot be linearized, the operations that
   * prove it (by id, in real-time order) and why. It must be sound: when
   * it returns a proof, no linearization exists.
   */
  refute?(ops: readonly Operation<I, O>[]): Refuted | null;
  /** explain says why `step` rejects an operation, for the failure report. */
  explain?(state: S, input: I, output: O): string;
}

/** Refuted is a proof from Model.refute: ids of the stuck operation and its witnesses. */
export interface Refuted {
  stuck: number;
  witnesses: number[];
  reason: string;
}

/** hashString is a 32-bit FNV-1a hash of a string, for model hash functions. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mixHash combines two 32-bit hashes. */
export function mixHash(a: number, b: number): number {
  return Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b) >>> 0;
}
