/**
 * The etcd revision model: the register/CAS model plus etcd's revision
 * order. Revisions grow along the linearization (etcd applies writes in
 * one order and numbers them), so within one key:
 *
 *   write (put, succeeded cas, delete of a present key) at rev r:  r >  rev
 *   read  (get, failed cas, delete of an absent key)   at rev r:  r >= rev
 *
 * where `rev` is the highest revision this key's linearization has seen so
 * far. A write whose revision is unknown (info, or ok without rev) raises
 * the bound by one: it took some revision above the previous one. This
 * catches stale reads that happen to return a current value, and prunes
 * the search hard (Porcupine's advice: check the server's revision).
 */
import { assertNever } from './assert';
import { describeInput, describeOutput } from './history';
import type { KvInput, KvOutput } from './history';
import { casMatches, explainRegister, kvModel, partitionByKey } from './kv-model';
import type { Model } from './model';
import { refuteKv } from './refute';
import { hashString, mixHash } from './model';

/** RevisionState is one key's value and the highest revision seen on it. */
export interface RevisionState {
  value: string | null;
  rev: number;
}

function write(state: RevisionState, output: KvOutput, value: string | null): [boolean, RevisionState] {
  if (!output.known || output.rev === undefined) return [true, { value, rev: state.rev + 1 }];
  if (output.rev <= state.rev) return [false, state];
  return [true, { value, rev: output.rev }];
}

function read(state: RevisionState, output: KvOutput, legal: boolean): [boolean, RevisionState] {
  if (!legal) return [false, state];
  if (!output.known || output.rev === undefined) return [true, state];
  if (output.rev < state.rev) return [false, state];
  return [true, { value: state.value, rev: output.rev }];
}

function stepRevision(state: RevisionState, input: KvInput, output: KvOutput): [boolean, RevisionState] {
  const [legal] = kvModel.step(state.value, input, output);
  switch (input.f) {
    case 'put':
      return write(state, output, input.value);
    case 'get':
      return read(state, output, legal);
    case 'cas': {
      const holds = casMatches(state.value, input.expect);
      if (!legal) return [false, state];
      return holds && (!output.known || output.succeeded) ? write(state, output, input.value) : read(state, output, true);
    }
    case 'delete':
      if (!legal) return [false, state];
      return state.value === null ? read(state, output, true) : write(state, output, null);
    default:
      return assertNever(input);
  }
}

function explainRevision(state: RevisionState, input: KvInput, output: KvOutput): string {
  const [legal] = kvModel.step(state.value, input, output);
  if (!legal) return explainRegister(state.value, input, output);
  const rev = output.known ? output.rev : undefined;
  return `revision ${rev} is behind revision ${state.rev} already seen on ${input.key}`;
}

/** kvRevisionModel is the register/CAS model that also checks etcd revision order. */
export const kvRevisionModel: Model<RevisionState, KvInput, KvOutput> = {
  init: () => ({ value: null, rev: 0 }),
  step: stepRevision,
  equal: (a, b) => a.value === b.value && a.rev === b.rev,
  hash: (s) => mixHash(s.value === null ? 0 : hashString(s.value), s.rev),
  describeState: (s) => `${s.value === null ? '<absent>' : JSON.stringify(s.value)} (rev ${s.rev})`,
  describeOperation: (input, output) => describeInput(input) + describeOutput(input, output),
  partition: partitionByKey,
  refute: refuteKv,
  explain: explainRevision,
};
