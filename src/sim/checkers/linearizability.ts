/**
 * The linearizability checker: Porcupine's search run per partition
 * (P-compositionality: a history is linearizable iff every per-key
 * sub-history is), with a step budget so a hard history yields `unknown`
 * instead of hanging, and an annotated excerpt for the first failure.
 */
import { assert } from './assert';
import { failureDetail, refutationDetail, renderExcerpt, renderRefutation } from './excerpt';
import type { FailureDetail } from './excerpt';
import { buildOperations, parseHistory } from './history';
import type { BuiltOperations, HistoryEvent, KvOperation, Operation } from './history';
import { kvModel, partitionByKey } from './kv-model';
import type { Model } from './model';
import { dropUnobservedInfoWrites } from './prune';
import { kvRevisionModel } from './revision-model';
import { searchLinearization } from './search';
import type { Verdict } from './search';

/** Default model steps per partition before giving up with `unknown`. */
export const DEFAULT_STEP_BUDGET = 500_000;

/** CheckOptions tunes a linearizability check. */
export interface CheckOptions {
  /** Model steps allowed per partition (default DEFAULT_STEP_BUDGET). */
  budget?: number;
  /** Stop at the first illegal partition (the rest report `unknown`). */
  stopOnFailure?: boolean;
  /** Try the model's fast refutation before searching (default true). */
  refute?: boolean;

}

/** PartitionResult is the verdict on one partition (one key for KV). */
export interface PartitionResult {
  /** The partition's name: the key, for KV models. */
  name: string;
  verdict: Verdict;
  ops: number;
  steps: number;
  /** On `illegal`: which operations, by id. */
  failure?: FailureDetail;
  /** On `illegal`: the annotated excerpt, ready to print. */
  excerpt?: string;
}

/** LinearizabilityResult is the verdict on a whole history. */
export interface LinearizabilityResult {
  /** `illegal` if any partition is, else `unknown` if any is, else `ok`. */
  verdict: Verdict;
  /** Shorthand for verdict === 'ok'. */
  ok: boolean;
  perKey: PartitionResult[];
  opsChecked: number;
  steps: number;
  /** The excerpt of the first illegal partition, when there is one. */
  excerpt?: string;
  /** Indeterminate writes removed before the search as unobservable (see prune.ts). */
  pruned?: number;
}

/**
 * checkOperations checks operations against a model. Operation ids must be
 * unique (they name operations in failure details).
 */
export function checkOperations<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly Operation<I, O>[],
  options: CheckOptions = {},
): LinearizabilityResult {
  const budget = options.budget ?? DEFAULT_STEP_BUDGET;
  assert(new Set(ops.map((op) => op.id)).size === ops.length, 'operation ids must be unique');
  for (const op of ops) assert(op.call <= op.return, `operation ${op.id} returns before it is called`);
  const parts = model.partition ? model.partition(ops) : [{ name: 'history', ops: [...ops] }];
  const result: LinearizabilityResult = { verdict: 'ok', ok: true, perKey: [], opsChecked: 0, steps: 0 };
  let stopped = false;
  for (const part of parts) {
    if (stopped) {
      result.perKey.push({ name: part.name, verdict: 'unknown', ops: part.ops.length, steps: 0 });
      continue;
    }
    const refuted = options.refute === false ? null : (model.refute?.(part.ops) ?? null);
    if (refuted !== null) {
      const failure = refutationDetail(part.ops, refuted);
      const excerpt = renderRefutation(model, part.name, part.ops, failure);
      result.perKey.push({ name: part.name, verdict: 'illegal', ops: part.ops.length, steps: 0, failure, excerpt });
      result.excerpt ??= excerpt;
      stopped = options.stopOnFailure === true;
      continue;
    }
    const res = searchLinearization(model, part.ops, budget);
    const pr: PartitionResult = { name: part.name, verdict: res.verdict, ops: part.ops.length, steps: res.steps };
    if (res.verdict === 'illegal') {
      pr.failure = failureDetail(model, part.ops, res);
      pr.excerpt = renderExcerpt(model, part.name, part.ops, res, pr.failure);
      result.excerpt ??= pr.excerpt;
      stopped = options.stopOnFailure === true;
    }
    result.perKey.push(pr);
    result.steps += res.steps;
    if (res.verdict === 'ok') result.opsChecked += part.ops.length;
  }
  const verdicts = result.perKey.map((p) => p.verdict);
  result.verdict = verdicts.includes('illegal') ? 'illegal' : verdicts.includes('unknown') ? 'unknown' : 'ok';
  result.ok = result.verdict === 'ok';
  return result;
}

/** KvCheckOptions picks the KV model on top of CheckOptions. */
export interface KvCheckOptions extends CheckOptions {
  /** 'kv' checks values only; 'revision' (default) also checks etcd revision order. */
  model?: 'kv' | 'revision';
  /** Drop indeterminate writes nobody can have observed first (default true; sound). */
  prune?: boolean;
}

/** KvCheckResult is a LinearizabilityResult plus how the history was read. */
export interface KvCheckResult extends LinearizabilityResult {
  history: Omit<BuiltOperations, 'operations'> & { operations: number };
}

/**
 * checkKvHistory checks a Jepsen-style history (the text of a history file,
 * or its events) against the register/CAS model, per key. Throws a
 * HistoryError when the history is malformed.
 */
export function checkKvHistory(history: string | readonly HistoryEvent[], options: KvCheckOptions = {}): KvCheckResult {
  const events = typeof history === 'string' ? parseHistory(history).events : history;
  const built = buildOperations(events);
  const res = checkKvOperations(built.operations, options);
  const { operations, ...counts } = built;
  return { ...res, history: { ...counts, operations: operations.length } };
}

/** checkKvOperations checks built KV operations with the chosen KV model. */
export function checkKvOperations(ops: readonly KvOperation[], options: KvCheckOptions = {}): LinearizabilityResult {
  let pruned = 0;
  let kept: readonly KvOperation[] = ops;
  if (options.prune !== false) {
    kept = partitionByKey(ops).flatMap((part) => {
      const res = dropUnobservedInfoWrites(part.ops);
      pruned += res.dropped;
      return res.ops;
    });
  }
  const res = options.model === 'kv' ? checkOperations(kvModel, kept, options) : checkOperations(kvRevisionModel, kept, options);
  return { ...res, pruned };
}
