/**
 * The Wing & Gong linearizability search with Lowe's memoisation, the way
 * Porcupine's checker.go does it, over one partition of a history.
 *
 * The history becomes a doubly linked list of call and return entries in
 * real-time order (calls before returns on equal times, so intervals are
 * closed):
 *
 *   head -> call a -> call b -> ret a -> call c -> ret b -> ret c -> null
 *
 * Walking from the head, a call entry is a candidate to be linearized next.
 * If the model accepts it and (linearized set, new state) is not in the cache,
 * push (entry, old state), "lift" its call and return out of the list and
 * restart at the head. Reaching a return entry means that operation had to
 * be linearized before anything later and was not: pop the last choice,
 * "unlift" it back and try the next candidate after it. An empty list is a
 * linearization; an empty stack at a return entry proves there is none.
 */
import { assert } from './assert';
import { Bitset } from './bitset';
import type { Operation } from './history';
import type { Model } from './model';
import { mixHash } from './model';

/** Verdict is the outcome of a check: `unknown` when the step budget ran out. */
export type Verdict = 'ok' | 'illegal' | 'unknown';

/** SearchResult is the outcome of searching one partition. */
export interface SearchResult<S> {
  verdict: Verdict;
  /** Model steps tried. */
  steps: number;
  /**
   * The longest partial linearization found, as indices into the partition's
   * operations in linearization order (on illegal or unknown only). Longest
   * counts operations with a known outcome; among equals the one with fewer
   * indeterminate operations wins, so an excerpt does not blame a read on a
   * timed-out write that may never have happened.
   */
  longest: number[];
  /** States after each operation of `longest` (same length). */
  longestStates: S[];
  /**
   * The operation whose return was reached with `longest` linearized: it
   * could not be placed next (no candidate before its return fits).
   */
  stuck: number | null;
}

interface EntryNode {
  /** Index of the operation in the partition. */
  op: number;
  time: number;
  /** For a call entry: its return entry. For a return entry: null. */
  match: EntryNode | null;
  prev: EntryNode | null;
  next: EntryNode | null;
}

interface Choice<S> {
  entry: EntryNode;
  state: S;
}

interface CacheEntry<S> {
  linearized: Bitset;
  state: S;
}

/** buildList makes the linked list of call/return entries behind a sentinel head. */
function buildList<I, O>(ops: readonly Operation<I, O>[]): EntryNode {
  const entries: Array<{ node: EntryNode; isCall: boolean }> = [];
  ops.forEach((op, i) => {
    const ret: EntryNode = { op: i, time: op.return, match: null, prev: null, next: null };
    const call: EntryNode = { op: i, time: op.call, match: ret, prev: null, next: null };
    entries.push({ node: call, isCall: true }, { node: ret, isCall: false });
  });
  entries.sort(
    (a, b) =>
      a.node.time - b.node.time || (a.isCall === b.isCall ? 0 : a.isCall ? -1 : 1) || a.node.op - b.node.op,
  );
  const head: EntryNode = { op: -1, time: -Infinity, match: null, prev: null, next: null };
  let last = head;
  for (const { node } of entries) {
    last.next = node;
    node.prev = last;
    last = node;
  }
  return head;
}

/** lift unlinks a call entry and its return entry. */
function lift(entry: EntryNode): void {
  entry.prev!.next = entry.next;
  entry.next!.prev = entry.prev;
  const ret = entry.match!;
  ret.prev!.next = ret.next;
  if (ret.next !== null) ret.next.prev = ret.prev;
}

/** unlift links a lifted call entry and its return entry back in place. */
function unlift(entry: EntryNode): void {
  const ret = entry.match!;
  ret.prev!.next = ret;
  if (ret.next !== null) ret.next.prev = ret;
  entry.prev!.next = entry;
  entry.next!.prev = entry;
}

/**
 * cacheInsert adds (linearized + op, state) to the cache unless present;
 * `setHash` is the Zobrist hash of linearized + op. Returns whether it was new.
 */
function cacheInsert<S, I, O>(
  model: Model<S, I, O>,
  cache: Map<number, CacheEntry<S>[]>,
  linearized: Bitset,
  op: number,
  setHash: number,
  state: S,
): boolean {
  const h = mixHash(setHash, model.hash(state));
  const bucket = cache.get(h);
  if (bucket !== undefined) {
    linearized.set(op);
    const found = bucket.some((c) => c.linearized.equals(linearized) && model.equal(c.state, state));
    linearized.clear(op);
    if (found) return false;
  }
  const entry = { linearized: linearized.clone().set(op), state };
  if (bucket === undefined) cache.set(h, [entry]);
  else bucket.push(entry);
  return true;
}

/**
 * searchLinearization checks one partition. It gives up with `unknown`
 * after `budget` model steps (the problem is NP-complete).
 */
export function searchLinearization<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly Operation<I, O>[],
  budget: number,
): SearchResult<S> {
  const head = buildList(ops);
  const linearized = new Bitset(ops.length);
  const cache = new Map<number, CacheEntry<S>[]>();
  const calls: Choice<S>[] = [];
  const result: SearchResult<S> = { verdict: 'ok', steps: 0, longest: [], longestStates: [], stuck: null };
  let state = model.init();
  let entry = head.next;
  let known = 0;
  let setHash = 0;
  let bestKnown = -1;
  while (head.next !== null) {
    assert(entry !== null, 'the entry list always ends with a return entry');
    if (entry.match !== null) {
      const op = ops[entry.op]!;
      if (++result.steps > budget) {
        result.verdict = 'unknown';
        return result;
      }
      const [ok, next] = model.step(state, op.input, op.output);
      const opHash = Bitset.elementHash(entry.op);
      if (ok && cacheInsert(model, cache, linearized, entry.op, (setHash ^ opHash) >>> 0, next)) {
        calls.push({ entry, state });
        if (op.return !== Infinity) known++;
        state = next;
        setHash = (setHash ^ opHash) >>> 0;
        linearized.set(entry.op);
        lift(entry);
        entry = head.next;
      } else {
        entry = entry.next;
      }
      continue;
    }
    // A return entry: its operation could not be linearized in this branch.
    if (known > bestKnown || (known === bestKnown && calls.length < result.longest.length)) {
      bestKnown = known;
      recordLongest(result, calls, state, entry.op);
    }
    const top = calls.pop();
    if (top === undefined) {
      result.verdict = 'illegal';
      return result;
    }
    state = top.state;
    if (ops[top.entry.op]!.return !== Infinity) known--;
    setHash = (setHash ^ Bitset.elementHash(top.entry.op)) >>> 0;
    linearized.clear(top.entry.op);
    unlift(top.entry);
    entry = top.entry.next;
  }
  return result;
}

function recordLongest<S>(result: SearchResult<S>, calls: Choice<S>[], state: S, stuck: number): void {
  result.longest = calls.map((c) => c.entry.op);
  // States after each linearized op: the state pushed with op i+1 is the
  // state after op i; the last one is the current state.
  result.longestStates = calls.slice(1).map((c) => c.state);
  if (calls.length > 0) result.longestStates.push(state);
  result.stuck = stuck;
}
