/**
 * etcdscope's history checkers (issue 5): pure TypeScript, no clock, no
 * timers, no Node APIs, so the simulator and the page's Chaos control run
 * the same code.
 *
 * - Linearizability: Porcupine's Wing-Gong/Lowe search with a memo cache
 *   and P-compositionality by key, over a register/CAS model
 *   (`kvModel`) or one that also checks etcd revision order
 *   (`kvRevisionModel`, the default). Before searching, timed-out writes
 *   nobody can have observed are dropped (`dropUnobservedInfoWrites`) and
 *   stale reads / lost writes are refuted directly (`refuteReads`); both
 *   are sound. A step budget turns a hopeless search into `unknown`; a
 *   failure comes with an annotated timeline excerpt.
 * - Revision order: etcd's one revision counter follows real time across
 *   keys (what per-key checking cannot see).
 * - Watch: ordered, unique, atomic, reliable, resumable, bookmarkable,
 *   prev_kv and events-match-history, against the replayed write history.
 * - Lock: no two holders at once, with lease expiry; unsafe holders and
 *   fencing order reported.
 *
 * Typical use:
 *
 *   const rec = new HistoryRecorder();
 *   rec.invoke(3, 'put', 'k1', { value: 'v17' }, now); ... rec.ok(3, now, { rev: 42 });
 *   const v = checkRun({ history: rec.events, watches, locks: { holds, expiries } });
 *   if (!v.ok) console.log(v.summary);
 */
export { Bitset } from './bitset';
export { CheckerAssertionError, assert, assertNever } from './assert';
export { failureDetail, refutationDetail, renderExcerpt, renderRefutation, renderTimeline } from './excerpt';
export type { FailureDetail, TimelineRow } from './excerpt';
export { HistoryError, buildOperations, describeInput, describeOutput, parseHistory, validateEvent } from './history';
export type {
  BuiltOperations, EventType, HistoryEvent, KvInput, KvOperation, KvOutput, OpFunction, Operation, ParsedHistory,
} from './history';
export { casMatches, kvModel, partitionByKey } from './kv-model';
export type { RegisterState } from './kv-model';
export { replayWrites, sortWrites, writesFromOperations } from './kv-truth';
export type { IndeterminateWrite, KeyValueAt, KvWrite, KvWrites, TruthEvent } from './kv-truth';
export { DEFAULT_STEP_BUDGET, checkKvHistory, checkKvOperations, checkOperations } from './linearizability';
export type { CheckOptions, KvCheckOptions, KvCheckResult, LinearizabilityResult, PartitionResult } from './linearizability';
export { LockHistoryError, checkLocks } from './lock-checker';
export type { LeaseExpiry, LockCheckResult, LockHold, LockViolation, UnsafeHold } from './lock-checker';
export { hashString, mixHash } from './model';
export type { Model, Refuted } from './model';
export { dropUnobservedInfoWrites } from './prune';
export { HistoryRecorder } from './recorder';
export type { InvokeArgs, OkArgs } from './recorder';
export { refuteKv, refuteReads } from './refute';
export type { Refutation } from './refute';
export { kvRevisionModel } from './revision-model';
export { checkRevisionOrder, isRevisionWrite } from './revision-order';
export type { RevisionViolation } from './revision-order';
export type { RevisionState } from './revision-model';
export { searchLinearization } from './search';
export type { SearchResult, Verdict } from './search';
export { mulberry32, syntheticHistory } from './synthetic';
export type { SyntheticOptions } from './synthetic';
export { checkRun } from './verdict';
export type { RunInput, RunVerdict } from './verdict';
export { checkWatches, matchesRequest } from './watch-checker';
export type {
  WatchCheckInput, WatchCheckResult, WatchEventRecord, WatchGuarantee, WatchRecord, WatchRequest, WatchResponseRecord,
  WatchViolation,
} from './watch-checker';
