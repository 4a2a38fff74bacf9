/**
 * The register/CAS key-value model: each key is an independent register
 * holding a value or nothing, with put, get, cas (compare value, then put)
 * and delete. Partitioned by key (P-compositionality), so a state is one
 * key's value.
 *
 * An indeterminate (info) write is open until +infinity: linearizing it at
 * the very end is the same as "it never took effect", so `step` just applies
 * it; a cas applies only when its compare holds in that state.
 */
import { assertNever } from './assert';
import { describeInput, describeOutput } from './history';
import type { KvInput, KvOperation, KvOutput } from './history';
import type { Model } from './model';
import { refuteKv } from './refute';
import { hashString } from './model';

/** RegisterState is one key's value; null when the key is absent. */
export type RegisterState = string | null;

/** casMatches reports whether a cas compare holds: expect null means "absent". */
export function casMatches(value: string | null, expect: string | null): boolean {
  return expect === null ? value === null : value === expect;
}

/** partitionByKey splits KV operations per key, keys in first-seen order. */
export function partitionByKey(ops: readonly KvOperation[]): Array<{ name: string; ops: KvOperation[] }> {
  const byKey = new Map<string, KvOperation[]>();
  for (const op of ops) {
    let list = byKey.get(op.input.key);
    if (list === undefined) byKey.set(op.input.key, (list = []));
    list.push(op);
  }
  return [...byKey].map(([name, list]) => ({ name, ops: list }));
}

function stepRegister(state: RegisterState, input: KvInput, output: KvOutput): [boolean, RegisterState] {
  switch (input.f) {
    case 'put':
      return [true, input.value];
    case 'get':
      return [output.known && (output.value ?? null) === state, state];
    case 'cas': {
      const holds = casMatches(state, input.expect);
      if (!output.known) return [true, holds ? input.value : state];
      if (output.succeeded) return [holds, holds ? input.value : state];
      return [!holds, state];
    }
    case 'delete':
      if (output.known && output.deleted !== undefined && output.deleted > 0 !== (state !== null)) {
        return [false, state];
      }
      return [true, null];
    default:
      return assertNever(input);
  }
}

/** explainRegister says why a KV operation cannot follow a register state. */
export function explainRegister(state: RegisterState, input: KvInput, output: KvOutput): string {
  const holds = JSON.stringify(state);
  switch (input.f) {
    case 'get':
      return `read ${JSON.stringify(output.known ? (output.value ?? null) : null)} but ${input.key} holds ${holds}`;
    case 'cas':
      return output.known && output.succeeded
        ? `cas succeeded expecting ${JSON.stringify(input.expect)} but ${input.key} holds ${holds}`
        : `cas failed although ${input.key} holds the expected ${holds}`;
    case 'delete':
      return `delete reported ${output.known ? output.deleted : '?'} deleted but ${input.key} holds ${holds}`;
    case 'put':
      return `put rejected in state ${holds}`;
    default:
      return assertNever(input);
  }
}

/** kvModel is the register/CAS model, partitioned by key. */
export const kvModel: Model<RegisterState, KvInput, KvOutput> = {
  init: () => null,
  step: stepRegister,
  equal: (a, b) => a === b,
  hash: (s) => (s === null ? 0 : hashString(s)),
  describeState: (s) => (s === null ? '<absent>' : JSON.stringify(s)),
  describeOperation: (input, output) => describeInput(input) + describeOutput(input, output),
  partition: partitionByKey,
  refute: refuteKv,
  explain: explainRegister,
};
