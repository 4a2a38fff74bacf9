/**
 * The Jepsen-style client history of issue 4 §4, and the operations the
 * checkers search over.
 *
 * One JSON object per line, an invocation then its completion per process:
 *
 *   {"process":3,"type":"invoke","f":"put","key":"k1","value":"v17","time":1200}
 *   {"process":3,"type":"ok","f":"put","key":"k1","value":"v17","time":1350,"rev":42}
 *
 * type:  invoke  the client sent the request
 *        ok      it happened, with this result
 *        fail    it certainly did not happen        -> the operation is dropped
 *        info    unknown (timeout, crash)           -> open until +infinity
 *
 * An invocation with no completion by the end of the history is an `info`.
 * A get that is `info` or `fail` has no effect and is dropped.
 */
import { assertNever } from './assert';

/** OpFunction is the client operation an event belongs to. */
export type OpFunction = 'put' | 'get' | 'cas' | 'delete';

/** EventType is the Jepsen event type: invocation or one of three completions. */
export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

/** HistoryEvent is one line of a history file. */
export interface HistoryEvent {
  process: number;
  type: EventType;
  f: OpFunction;
  key: string;
  /** put/cas: the value written; get ok: the value read, null when absent. */
  value?: string | null;
  /** cas: the value compared against; null means "the key is absent". */
  expect?: string | null;
  /** cas ok: whether the compare held and the write happened. */
  succeeded?: boolean;
  /** Simulated time on the one clock of the whole history. */
  time: number;
  /** ok: the revision of the write, or the header revision of a read. */
  rev?: number;
  /** delete ok (optional): how many keys the delete removed. */
  deleted?: number;
  /** fail/info: the error text, for display only. */
  error?: string;
}

/** KvInput is what a client asked for. */
export type KvInput =
  | { f: 'put'; key: string; value: string }
  | { f: 'get'; key: string }
  | { f: 'cas'; key: string; expect: string | null; value: string }
  | { f: 'delete'; key: string };

/**
 * KvOutput is what the client saw: `known: false` for an indeterminate
 * (info) operation that may or may not have taken effect.
 */
export type KvOutput =
  | { known: false }
  | { known: true; value?: string | null; succeeded?: boolean; rev?: number; deleted?: number };

/**
 * Operation is one invocation paired with its completion: a closed real-time
 * interval [call, return] (endpoints that touch count as concurrent).
 * `return` is +Infinity for an operation whose outcome is unknown.
 */
export interface Operation<I, O> {
  /** Dense index in the operation list, used for bitsets. */
  id: number;
  process: number;
  call: number;
  return: number;
  input: I;
  output: O;
}

/** KvOperation is an Operation over the register/CAS key-value model. */
export type KvOperation = Operation<KvInput, KvOutput>;

/** HistoryError is a malformed history: what is wrong and on which line. */
export class HistoryError extends Error {
  override name = 'HistoryError';
}

/** ParsedHistory is a history file split into events and its trailer. */
export interface ParsedHistory {
  events: HistoryEvent[];
  /** The `hashes` object of the final line (member -> hashKV), when present. */
  hashes?: Record<string, unknown>;
}

const FUNCTIONS: readonly string[] = ['put', 'get', 'cas', 'delete'];
const TYPES: readonly string[] = ['invoke', 'ok', 'fail', 'info'];

/** parseHistory reads a history file (one JSON object per line). */
export function parseHistory(text: string): ParsedHistory {
  const events: HistoryEvent[] = [];
  let hashes: Record<string, unknown> | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new HistoryError(`line ${i + 1}: not JSON: ${line.slice(0, 80)}`);
    }
    if (typeof obj !== 'object' || obj === null) throw new HistoryError(`line ${i + 1}: not an object`);
    const rec = obj as Record<string, unknown>;
    if (typeof rec.hashes === 'object' && rec.hashes !== null) hashes = rec.hashes as Record<string, unknown>;
    if (rec.type === undefined && rec.hashes !== undefined) continue;
    events.push(validateEvent(rec, `line ${i + 1}`));
  }
  return hashes === undefined ? { events } : { events, hashes };
}

/** validateEvent checks one decoded object against the history format. */
export function validateEvent(rec: Record<string, unknown>, where: string): HistoryEvent {
  const bad = (msg: string): never => {
    throw new HistoryError(`${where}: ${msg}`);
  };
  if (typeof rec.process !== 'number' || !Number.isInteger(rec.process)) bad('process must be an integer');
  if (typeof rec.type !== 'string' || !TYPES.includes(rec.type)) bad(`bad type ${JSON.stringify(rec.type)}`);
  if (typeof rec.f !== 'string' || !FUNCTIONS.includes(rec.f)) bad(`bad f ${JSON.stringify(rec.f)}`);
  if (typeof rec.key !== 'string') bad('key must be a string');
  if (typeof rec.time !== 'number' || !Number.isFinite(rec.time)) bad('time must be a finite number');
  const ev: HistoryEvent = {
    process: rec.process as number,
    type: rec.type as EventType,
    f: rec.f as OpFunction,
    key: rec.key as string,
    time: rec.time as number,
  };
  if (rec.value !== undefined) {
    if (rec.value !== null && typeof rec.value !== 'string') bad('value must be a string or null');
    ev.value = rec.value as string | null;
  }
  if (rec.expect !== undefined) {
    if (rec.expect !== null && typeof rec.expect !== 'string') bad('expect must be a string or null');
    ev.expect = rec.expect as string | null;
  }
  if (rec.succeeded !== undefined) {
    if (typeof rec.succeeded !== 'boolean') bad('succeeded must be a boolean');
    ev.succeeded = rec.succeeded as boolean;
  }
  if (rec.rev !== undefined && rec.rev !== null) {
    if (typeof rec.rev !== 'number' || !Number.isInteger(rec.rev)) bad('rev must be an integer');
    ev.rev = rec.rev as number;
  }
  if (rec.deleted !== undefined) {
    if (typeof rec.deleted !== 'number') bad('deleted must be a number');
    ev.deleted = rec.deleted as number;
  }
  if (typeof rec.error === 'string') ev.error = rec.error;
  return ev;
}

/** BuiltOperations is the result of pairing a history's events. */
export interface BuiltOperations {
  operations: KvOperation[];
  /** Completed `fail`: certainly did not happen, dropped. */
  failed: number;
  /** `info` or never completed: open until +infinity (reads among them dropped). */
  indeterminate: number;
  /** Reads dropped because their outcome was unknown. */
  droppedReads: number;
}

/**
 * buildOperations pairs each invocation with its process's next completion
 * and returns the operations sorted by call time. It throws a HistoryError
 * when a process invokes twice without a completion in between, completes
 * nothing, or completes a different operation than it invoked.
 */
export function buildOperations(events: readonly HistoryEvent[]): BuiltOperations {
  const open = new Map<number, HistoryEvent>();
  const out: BuiltOperations = { operations: [], failed: 0, indeterminate: 0, droppedReads: 0 };
  const pending: Array<{ inv: HistoryEvent; done: HistoryEvent | null }> = [];
  events.forEach((ev, i) => {
    const where = `event ${i + 1} (process ${ev.process})`;
    if (ev.type === 'invoke') {
      if (open.has(ev.process)) throw new HistoryError(`${where}: invoke while an operation is open`);
      open.set(ev.process, ev);
      return;
    }
    const inv = open.get(ev.process);
    if (inv === undefined) throw new HistoryError(`${where}: ${ev.type} without an invoke`);
    if (inv.f !== ev.f || inv.key !== ev.key) {
      throw new HistoryError(`${where}: ${ev.type} ${ev.f} ${ev.key} completes invoke ${inv.f} ${inv.key}`);
    }
    if (ev.time < inv.time) throw new HistoryError(`${where}: completes at ${ev.time} before its invoke at ${inv.time}`);
    open.delete(ev.process);
    pending.push({ inv, done: ev });
  });
  for (const inv of open.values()) pending.push({ inv, done: null });
  for (const { inv, done } of pending) {
    const type = done === null ? 'info' : done.type;
    if (type === 'fail') {
      out.failed++;
      continue;
    }
    if (type === 'info') {
      out.indeterminate++;
      if (inv.f === 'get') {
        out.droppedReads++;
        continue;
      }
    }
    const input = toInput(inv);
    const output = type === 'ok' ? toOutput(inv, done!) : ({ known: false } as const);
    const ret = type === 'ok' ? done!.time : Infinity;
    out.operations.push({ id: 0, process: inv.process, call: inv.time, return: ret, input, output });
  }
  out.operations.sort((a, b) => a.call - b.call || a.return - b.return || a.process - b.process);
  out.operations.forEach((op, i) => (op.id = i));
  return out;
}

function toInput(inv: HistoryEvent): KvInput {
  const where = `invoke ${inv.f} ${inv.key} at ${inv.time} (process ${inv.process})`;
  switch (inv.f) {
    case 'put':
      if (typeof inv.value !== 'string') throw new HistoryError(`${where}: put needs a string value`);
      return { f: 'put', key: inv.key, value: inv.value };
    case 'get':
      return { f: 'get', key: inv.key };
    case 'cas':
      if (typeof inv.value !== 'string') throw new HistoryError(`${where}: cas needs a string value`);
      if (inv.expect === undefined) throw new HistoryError(`${where}: cas needs expect`);
      return { f: 'cas', key: inv.key, expect: inv.expect, value: inv.value };
    case 'delete':
      return { f: 'delete', key: inv.key };
    default:
      return assertNever(inv.f);
  }
}

function toOutput(inv: HistoryEvent, ok: HistoryEvent): KvOutput {
  const where = `ok ${ok.f} ${ok.key} at ${ok.time} (process ${ok.process})`;
  const out: KvOutput = { known: true };
  if (ok.rev !== undefined) out.rev = ok.rev;
  switch (inv.f) {
    case 'get':
      if (ok.value === undefined) throw new HistoryError(`${where}: get ok needs value (null when absent)`);
      out.value = ok.value;
      break;
    case 'cas':
      if (ok.succeeded === undefined) throw new HistoryError(`${where}: cas ok needs succeeded`);
      out.succeeded = ok.succeeded;
      break;
    case 'delete':
      if (ok.deleted !== undefined) out.deleted = ok.deleted;
      break;
    case 'put':
      break;
    default:
      assertNever(inv.f);
  }
  return out;
}

/** describeInput renders an input the way the excerpts print it: `put k1 "v1"`. */
export function describeInput(input: KvInput): string {
  switch (input.f) {
    case 'put':
      return `put ${input.key} ${JSON.stringify(input.value)}`;
    case 'get':
      return `get ${input.key}`;
    case 'cas':
      return `cas ${input.key} ${JSON.stringify(input.expect)}->${JSON.stringify(input.value)}`;
    case 'delete':
      return `delete ${input.key}`;
    default:
      return assertNever(input);
  }
}

/** describeOutput renders an output: ` -> "v1"`, ` -> false`, ` -> ?` (unknown). */
export function describeOutput(input: KvInput, output: KvOutput): string {
  if (!output.known) return ' -> ? (info)';
  const rev = output.rev === undefined ? '' : ` @${output.rev}`;
  switch (input.f) {
    case 'get':
      return ` -> ${JSON.stringify(output.value ?? null)}${rev}`;
    case 'cas':
      return ` -> ${output.succeeded ? 'ok' : 'failed'}${rev}`;
    case 'put':
    case 'delete':
      return rev === '' ? ' -> ok' : ` -> ok${rev}`;
    default:
      return assertNever(input);
  }
}
