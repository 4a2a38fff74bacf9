/**
 * A RangeRequest served from a store txn (etcd's etcdserver/txn/range.go): revision filters,
 * sort, limit with `more`, count-only and keys-only on top of the store's range.
 *
 * With the default ordering (key ascending) and no revision filter the store is asked for
 * limit + 1 keys, which is how `more` is known; any sort or min/max filter fetches the whole range
 * first, filters, sorts, then cuts at the limit. `count` is the number of keys in the range at the
 * read revision before filters, as in etcd.
 */
import type { KeyValue, RangeRequest, RangeResponse, ResponseHeader, SortOrder, SortTarget } from '../protocol/rpc';
import { assertNever } from './assert';
import { compareBytes } from './bytes';
import { ErrCompacted, ErrFutureRev } from './errors';
import type { TxnRead } from './kv-store-txn';

/** A response header with only the revision set (the server fills the rest). */
export function header(revision: number): ResponseHeader {
  return { clusterId: 0n, memberId: 0n, revision, raftTerm: 0 };
}

/** Whether the store's natural order (key ascending) already satisfies the request. */
export function isDefaultOrdering(target: SortTarget, order: SortOrder): boolean {
  return order === 'NONE' || (target === 'KEY' && order === 'ASCEND');
}

function hasRevisionFilters(r: RangeRequest): boolean {
  return (r.minModRevision ?? 0) !== 0 || (r.maxModRevision ?? 0) !== 0 || (r.minCreateRevision ?? 0) !== 0 || (r.maxCreateRevision ?? 0) !== 0;
}

function rangeLimit(r: RangeRequest): number {
  let limit = r.limit ?? 0;
  if (!isDefaultOrdering(r.sortTarget ?? 'KEY', r.sortOrder ?? 'NONE') || hasRevisionFilters(r)) limit = 0;
  return limit > 0 ? limit + 1 : limit;
}

function filterKVs(kvs: KeyValue[], r: RangeRequest): KeyValue[] {
  const maxMod = r.maxModRevision ?? 0;
  const minMod = r.minModRevision ?? 0;
  const maxCreate = r.maxCreateRevision ?? 0;
  const minCreate = r.minCreateRevision ?? 0;
  return kvs.filter(
    (kv) =>
      (maxMod === 0 || kv.modRevision <= maxMod) &&
      (minMod === 0 || kv.modRevision >= minMod) &&
      (maxCreate === 0 || kv.createRevision <= maxCreate) &&
      (minCreate === 0 || kv.createRevision >= minCreate),
  );
}

function sortKey(target: SortTarget): (a: KeyValue, b: KeyValue) => number {
  switch (target) {
    case 'KEY': return (a, b) => compareBytes(a.key, b.key);
    case 'VERSION': return (a, b) => a.version - b.version;
    case 'CREATE': return (a, b) => a.createRevision - b.createRevision;
    case 'MOD': return (a, b) => a.modRevision - b.modRevision;
    case 'VALUE': return (a, b) => compareBytes(a.value, b.value);
    default: return assertNever(target, 'sort target');
  }
}

function sortKVs(kvs: KeyValue[], r: RangeRequest): void {
  const target = r.sortTarget ?? 'KEY';
  let order = r.sortOrder ?? 'NONE';
  if (target !== 'KEY' && order === 'NONE') order = 'ASCEND';
  if (isDefaultOrdering(target, order)) return;
  const cmp = sortKey(target);
  // Array.prototype.sort is stable; Go's sort.Sort on the small slices etcdctl shows is an
  // insertion sort, also stable, so ties keep key order in both directions as in etcd.
  if (order === 'ASCEND') kvs.sort(cmp);
  else kvs.sort((a, b) => cmp(b, a));
}

/** Serves `r` from `tr`. @throws ErrCompacted / ErrFutureRev for a revision out of range. */
export function executeRange(tr: TxnRead, r: RangeRequest): RangeResponse {
  const rr = tr.range(r.key, r.rangeEnd, { limit: rangeLimit(r), rev: r.revision ?? 0, countOnly: r.countOnly ?? false });
  let kvs = filterKVs(rr.kvs, r);
  sortKVs(kvs, r);
  let more = false;
  const limit = r.limit ?? 0;
  if (limit > 0 && kvs.length > limit) {
    kvs = kvs.slice(0, limit);
    more = true;
  }
  if (r.keysOnly) for (const kv of kvs) kv.value = new Uint8Array(0);
  return { header: header(rr.rev), kvs, more, count: rr.count };
}

/** The revision checks a txn makes on its ranges before running anything (etcd's checkRange). */
export function checkRange(rv: TxnRead, r: RangeRequest): void {
  const rev = r.revision ?? 0;
  if (rev === 0) return;
  if (rev > rv.rev()) throw new ErrFutureRev();
  if (rev < rv.firstRev()) throw new ErrCompacted();
}
