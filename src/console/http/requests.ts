/**
 * The etcdserverpb request messages the gateway routes accept (api/etcdserverpb/rpc.proto,
 * declaration order kept: it decides which bad field is reported first), and their conversion
 * from decoded jsonpb to the ClusterClient's request shapes.
 */
import type {
  Compare,
  CompactionRequest,
  DeleteRangeRequest,
  LeaseGrantRequest,
  LeaseTimeToLiveRequest,
  PutRequest,
  RangeRequest,
  RequestOp,
  SortOrder,
  SortTarget,
  TxnRequest,
  WatchCreateRequest,
} from '../../protocol/rpc';
import type { FieldType, MessageDesc, ProtoMessage, ProtoValue } from './proto-json';
import { fields } from './proto-json';

const bytes: FieldType = { kind: 'bytes' };
const int64: FieldType = { kind: 'int64' };
const bool: FieldType = { kind: 'bool' };
const enumOf = (goName: string, values: readonly string[]): FieldType => ({ kind: 'enum', goName, values });
const msg = (desc: MessageDesc): FieldType => ({ kind: 'message', desc });
const repeated = (of: FieldType): FieldType => ({ kind: 'repeated', of });

const SORT_ORDERS = ['NONE', 'ASCEND', 'DESCEND'] as const;
const SORT_TARGETS = ['KEY', 'VERSION', 'CREATE', 'MOD', 'VALUE'] as const;
const COMPARE_RESULTS = ['EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL'] as const;
const COMPARE_TARGETS = ['VERSION', 'CREATE', 'MOD', 'VALUE', 'LEASE'] as const;
const FILTER_TYPES = ['NOPUT', 'NODELETE'] as const;

/** etcdserverpb.RangeRequest. */
export const RANGE: MessageDesc = {
  name: 'RangeRequest',
  fields: fields([
    ['key', bytes],
    ['range_end', bytes],
    ['limit', int64],
    ['revision', int64],
    ['sort_order', enumOf('etcdserverpb.RangeRequest_SortOrder', SORT_ORDERS)],
    ['sort_target', enumOf('etcdserverpb.RangeRequest_SortTarget', SORT_TARGETS)],
    ['serializable', bool],
    ['keys_only', bool],
    ['count_only', bool],
    ['min_mod_revision', int64],
    ['max_mod_revision', int64],
    ['min_create_revision', int64],
    ['max_create_revision', int64],
  ]),
};

/** etcdserverpb.PutRequest. */
export const PUT: MessageDesc = {
  name: 'PutRequest',
  fields: fields([
    ['key', bytes],
    ['value', bytes],
    ['lease', int64],
    ['prev_kv', bool],
    ['ignore_value', bool],
    ['ignore_lease', bool],
  ]),
};

/** etcdserverpb.DeleteRangeRequest. */
export const DELETE_RANGE: MessageDesc = {
  name: 'DeleteRangeRequest',
  fields: fields([
    ['key', bytes],
    ['range_end', bytes],
    ['prev_kv', bool],
  ]),
};

/** etcdserverpb.Compare (`target_union` is the oneof). */
export const COMPARE: MessageDesc = {
  name: 'Compare',
  fields: fields([
    ['result', enumOf('etcdserverpb.Compare_CompareResult', COMPARE_RESULTS)],
    ['target', enumOf('etcdserverpb.Compare_CompareTarget', COMPARE_TARGETS)],
    ['key', bytes],
    ['version', int64, 'target_union'],
    ['create_revision', int64, 'target_union'],
    ['mod_revision', int64, 'target_union'],
    ['value', bytes, 'target_union'],
    ['lease', int64, 'target_union'],
    ['range_end', bytes],
  ]),
};

/** etcdserverpb.TxnRequest; RequestOp refers back to it (nested txns). */
export const TXN: MessageDesc = { name: 'TxnRequest', fields: [] };
/** etcdserverpb.RequestOp (`request` is the oneof). */
export const REQUEST_OP: MessageDesc = {
  name: 'RequestOp',
  fields: fields([
    ['request_range', msg(RANGE), 'request'],
    ['request_put', msg(PUT), 'request'],
    ['request_delete_range', msg(DELETE_RANGE), 'request'],
    ['request_txn', msg(TXN), 'request'],
  ]),
};
TXN.fields.push(
  ...fields([
    ['compare', repeated(msg(COMPARE))],
    ['success', repeated(msg(REQUEST_OP))],
    ['failure', repeated(msg(REQUEST_OP))],
  ]),
);

/** etcdserverpb.CompactionRequest. */
export const COMPACTION: MessageDesc = { name: 'CompactionRequest', fields: fields([['revision', int64], ['physical', bool]]) };
/** etcdserverpb.LeaseGrantRequest. */
export const LEASE_GRANT: MessageDesc = { name: 'LeaseGrantRequest', fields: fields([['TTL', int64], ['ID', int64]]) };
/** etcdserverpb.LeaseRevokeRequest, and LeaseKeepAliveRequest (the same single field). */
export const LEASE_ID: MessageDesc = { name: 'LeaseRevokeRequest', fields: fields([['ID', int64]]) };
/** etcdserverpb.LeaseTimeToLiveRequest. */
export const LEASE_TTL: MessageDesc = { name: 'LeaseTimeToLiveRequest', fields: fields([['ID', int64], ['keys', bool]]) };
/** A request message without fields (LeaseLeasesRequest, StatusRequest, MemberListRequest). */
export const EMPTY: MessageDesc = { name: 'Empty', fields: [] };

/** etcdserverpb.WatchCreateRequest. */
export const WATCH_CREATE: MessageDesc = {
  name: 'WatchCreateRequest',
  fields: fields([
    ['key', bytes],
    ['range_end', bytes],
    ['start_revision', int64],
    ['progress_notify', bool],
    ['filters', repeated(enumOf('etcdserverpb.WatchCreateRequest_FilterType', FILTER_TYPES))],
    ['prev_kv', bool],
    ['watch_id', int64],
    ['fragment', bool],
  ]),
};
/** etcdserverpb.WatchRequest (`request_union` is the oneof). */
export const WATCH: MessageDesc = {
  name: 'WatchRequest',
  fields: fields([
    ['create_request', msg(WATCH_CREATE), 'request_union'],
    ['cancel_request', msg({ name: 'WatchCancelRequest', fields: fields([['watch_id', int64]]) }), 'request_union'],
    ['progress_request', msg(EMPTY), 'request_union'],
  ]),
};

// ---- decoded jsonpb -> ClusterClient requests ---------------------------------------------------

const EMPTY_BYTES = new Uint8Array(0);
const b = (m: ProtoMessage, f: string): Uint8Array => (m[f] as Uint8Array | undefined) ?? EMPTY_BYTES;
const i64 = (m: ProtoMessage, f: string): bigint => (m[f] as bigint | undefined) ?? 0n;
const num = (m: ProtoMessage, f: string): number => Number(i64(m, f));
const flag = (m: ProtoMessage, f: string): boolean => (m[f] as boolean | undefined) ?? false;
const en = (m: ProtoMessage, f: string): number => (m[f] as number | undefined) ?? 0;
const sub = (m: ProtoMessage, f: string): ProtoMessage | undefined => m[f] as ProtoMessage | undefined;
const list = (m: ProtoMessage, f: string): ProtoValue[] => (m[f] as ProtoValue[] | undefined) ?? [];

/** Sets `rangeEnd` only when given (the client treats absent as "single key"). */
function withRangeEnd<T extends object>(req: T, m: ProtoMessage): T & { rangeEnd?: Uint8Array } {
  const end = b(m, 'range_end');
  return end.length > 0 ? { ...req, rangeEnd: end } : req;
}

/** RangeRequest; an enum number etcd does not know sorts like the default, as the server does. */
export function toRange(m: ProtoMessage): RangeRequest {
  return withRangeEnd(
    {
      key: b(m, 'key'),
      limit: num(m, 'limit'),
      revision: num(m, 'revision'),
      sortOrder: (SORT_ORDERS[en(m, 'sort_order')] ?? 'NONE') as SortOrder,
      sortTarget: (SORT_TARGETS[en(m, 'sort_target')] ?? 'KEY') as SortTarget,
      serializable: flag(m, 'serializable'),
      keysOnly: flag(m, 'keys_only'),
      countOnly: flag(m, 'count_only'),
      minModRevision: num(m, 'min_mod_revision'),
      maxModRevision: num(m, 'max_mod_revision'),
      minCreateRevision: num(m, 'min_create_revision'),
      maxCreateRevision: num(m, 'max_create_revision'),
    },
    m,
  );
}

/** PutRequest. */
export function toPut(m: ProtoMessage): PutRequest {
  return { key: b(m, 'key'), value: b(m, 'value'), lease: i64(m, 'lease'), prevKv: flag(m, 'prev_kv'), ignoreValue: flag(m, 'ignore_value'), ignoreLease: flag(m, 'ignore_lease') };
}

/** DeleteRangeRequest. */
export function toDeleteRange(m: ProtoMessage): DeleteRangeRequest {
  return withRangeEnd({ key: b(m, 'key'), prevKv: flag(m, 'prev_kv') }, m);
}

/** Compare: the union member the request set is compared; the others read as zero, as in etcd. */
function toCompare(m: ProtoMessage): Compare {
  return withRangeEnd(
    {
      result: COMPARE_RESULTS[en(m, 'result')] ?? 'EQUAL',
      target: COMPARE_TARGETS[en(m, 'target')] ?? 'VERSION',
      key: b(m, 'key'),
      version: num(m, 'version'),
      createRevision: num(m, 'create_revision'),
      modRevision: num(m, 'mod_revision'),
      value: b(m, 'value'),
      lease: i64(m, 'lease'),
    },
    m,
  );
}

/** Thrown for a RequestOp with no request set (etcd answers `etcdserver: key not found`). */
export class EmptyRequestOpError extends Error {
  constructor() {
    super('etcdserver: key not found');
    this.name = 'EmptyRequestOpError';
  }
}

function toRequestOp(m: ProtoMessage): RequestOp {
  const range = sub(m, 'request_range');
  if (range) return { requestRange: toRange(range) };
  const put = sub(m, 'request_put');
  if (put) return { requestPut: toPut(put) };
  const del = sub(m, 'request_delete_range');
  if (del) return { requestDeleteRange: toDeleteRange(del) };
  const txn = sub(m, 'request_txn');
  if (txn) return { requestTxn: toTxn(txn) };
  throw new EmptyRequestOpError();
}

/** TxnRequest (nested txns included). */
export function toTxn(m: ProtoMessage): TxnRequest {
  return {
    compare: list(m, 'compare').map((c) => toCompare(c as ProtoMessage)),
    success: list(m, 'success').map((o) => toRequestOp(o as ProtoMessage)),
    failure: list(m, 'failure').map((o) => toRequestOp(o as ProtoMessage)),
  };
}

/** CompactionRequest. */
export function toCompaction(m: ProtoMessage): CompactionRequest {
  return { revision: num(m, 'revision'), physical: flag(m, 'physical') };
}

/** LeaseGrantRequest. */
export function toLeaseGrant(m: ProtoMessage): LeaseGrantRequest {
  return { TTL: num(m, 'TTL'), ID: i64(m, 'ID') };
}

/** The `ID` of a LeaseRevokeRequest or LeaseKeepAliveRequest. */
export function toLeaseId(m: ProtoMessage): bigint {
  return i64(m, 'ID');
}

/** LeaseTimeToLiveRequest. */
export function toLeaseTimeToLive(m: ProtoMessage): LeaseTimeToLiveRequest {
  return { ID: i64(m, 'ID'), keys: flag(m, 'keys') };
}

/** WatchCreateRequest plus the client-chosen watch ID (-1n: let the stream pick). */
export function toWatchCreate(m: ProtoMessage): { req: WatchCreateRequest; watchId: bigint } {
  const filters = list(m, 'filters').map((f) => FILTER_TYPES[f as number]).filter((f) => f !== undefined);
  const req: WatchCreateRequest = withRangeEnd(
    { key: b(m, 'key'), startRevision: num(m, 'start_revision'), progressNotify: flag(m, 'progress_notify'), filters, prevKv: flag(m, 'prev_kv'), fragment: flag(m, 'fragment') },
    m,
  );
  return { req, watchId: i64(m, 'watch_id') };
}

/** `watch_id` of a WatchCancelRequest. */
export function toWatchCancel(m: ProtoMessage): bigint {
  return i64(m, 'watch_id');
}
