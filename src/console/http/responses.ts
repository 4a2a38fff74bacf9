/**
 * The gateway's response encoding: jsonpb with `OrigName: true` and `EmitDefaults: false`, as
 * etcd 3.4.23's grpc-gateway prints. Field names are the .proto names (`cluster_id`, `prev_kv`,
 * but `ID`, `TTL`, `grantedTTL`, `peerURLs`, `dbSize` where the .proto spells them so), fields in
 * declaration order, zero values left out (so a PUT event has no `type`), 64-bit integers as
 * decimal strings (`"revision":"2"`), bytes in standard base64, enums by name.
 */
import type {
  CompactionResponse,
  DeleteRangeResponse,
  Event,
  KeyValue,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  Member,
  MemberListResponse,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  ResponseOp,
  StatusResponse,
  TxnResponse,
  WatchResponse,
} from '../../protocol/rpc';
import { base64 } from '../format';

/** A member name and its encoded value, or undefined to leave the member out. */
type Field = [string, string | undefined];

/** Serialises members in order, skipping left-out ones. */
function obj(members: Field[]): string {
  return '{' + members.filter((f) => f[1] !== undefined).map(([k, v]) => `"${k}":${v}`).join(',') + '}';
}

/**
 * Go's JSON string quoting as jsonpb/encoding/json do it: `<`, `>`, `&`, U+2028 and U+2029 are
 * escaped as `\u00XX`/`\u20XX`, control characters other than \n \r \t as `\u00XX`.
 */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

const int = (x: number | bigint): string | undefined => (x === 0 || x === 0n ? undefined : `"${BigInt(x).toString()}"`);
/** A uint64 that may have crossed the wire as a negative int64-looking bigint. */
const uint = (x: bigint): string | undefined => int(BigInt.asUintN(64, x));
const bool = (v: boolean): string | undefined => (v ? 'true' : undefined);
const str = (s: string): string | undefined => (s === '' ? undefined : goJsonString(s));
const bytes = (v: Uint8Array | undefined): string | undefined => (v === undefined || v.length === 0 ? undefined : `"${base64(v)}"`);
const list = <T>(xs: readonly T[] | undefined, f: (x: T) => string): string | undefined => (xs === undefined || xs.length === 0 ? undefined : '[' + xs.map(f).join(',') + ']');

/** etcdserverpb.ResponseHeader (always present where the message has one: it is a pointer). */
export function headerJSON(h: ResponseHeader): string {
  return obj([
    ['cluster_id', uint(h.clusterId)],
    ['member_id', uint(h.memberId)],
    ['revision', int(h.revision)],
    ['raft_term', int(h.raftTerm)],
  ]);
}

/** mvccpb.KeyValue. */
export function kvJSON(kv: KeyValue): string {
  return obj([
    ['key', bytes(kv.key)],
    ['create_revision', int(kv.createRevision)],
    ['mod_revision', int(kv.modRevision)],
    ['version', int(kv.version)],
    ['value', bytes(kv.value)],
    ['lease', int(kv.lease)],
  ]);
}

/** RangeResponse. */
export function rangeJSON(r: RangeResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['kvs', list(r.kvs, kvJSON)],
    ['more', bool(r.more)],
    ['count', int(r.count)],
  ]);
}

/** PutResponse. */
export function putJSON(r: PutResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['prev_kv', r.prevKv ? kvJSON(r.prevKv) : undefined],
  ]);
}

/** DeleteRangeResponse. */
export function deleteRangeJSON(r: DeleteRangeResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['deleted', int(r.deleted)],
    ['prev_kvs', list(r.prevKvs, kvJSON)],
  ]);
}

function responseOpJSON(op: ResponseOp): string {
  if ('responseRange' in op) return obj([['response_range', rangeJSON(op.responseRange)]]);
  if ('responsePut' in op) return obj([['response_put', putJSON(op.responsePut)]]);
  if ('responseDeleteRange' in op) return obj([['response_delete_range', deleteRangeJSON(op.responseDeleteRange)]]);
  return obj([['response_txn', txnJSON(op.responseTxn)]]);
}

/** TxnResponse. */
export function txnJSON(r: TxnResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['succeeded', bool(r.succeeded)],
    ['responses', list(r.responses, responseOpJSON)],
  ]);
}

/** A response that is only a header (Compaction, LeaseRevoke). */
export function headerOnlyJSON(r: CompactionResponse | LeaseRevokeResponse): string {
  return obj([['header', headerJSON(r.header)]]);
}

/** LeaseGrantResponse. */
export function leaseGrantJSON(r: LeaseGrantResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['ID', int(r.ID)],
    ['TTL', int(r.TTL)],
    ['error', str(r.error)],
  ]);
}

/** LeaseTimeToLiveResponse. */
export function leaseTimeToLiveJSON(r: LeaseTimeToLiveResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['ID', int(r.ID)],
    ['TTL', int(r.TTL)],
    ['grantedTTL', int(r.grantedTTL)],
    ['keys', list(r.keys, (k) => bytes(k) ?? '""')],
  ]);
}

/** LeaseLeasesResponse. */
export function leaseLeasesJSON(r: LeaseLeasesResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['leases', list(r.leases, (l) => obj([['ID', int(l.ID)]]))],
  ]);
}

/** LeaseKeepAliveResponse. */
export function leaseKeepAliveJSON(r: LeaseKeepAliveResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['ID', int(r.ID)],
    ['TTL', int(r.TTL)],
  ]);
}

function eventJSON(e: Event): string {
  return obj([
    ['type', e.type === 'PUT' ? undefined : `"${e.type}"`],
    ['kv', kvJSON(e.kv)],
    ['prev_kv', e.prevKv ? kvJSON(e.prevKv) : undefined],
  ]);
}

/** WatchResponse, with the watch ID this HTTP stream knows the watch by. */
export function watchJSON(r: WatchResponse & { fragment?: boolean }, watchId: bigint): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['watch_id', int(watchId)],
    ['created', bool(r.created)],
    ['canceled', bool(r.canceled)],
    ['compact_revision', int(r.compactRevision)],
    ['cancel_reason', str(r.cancelReason)],
    ['fragment', bool(r.fragment ?? false)],
    ['events', list(r.events, eventJSON)],
  ]);
}

/** StatusResponse. */
export function statusJSON(r: StatusResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['version', str(r.version)],
    ['dbSize', int(r.dbSize)],
    ['leader', uint(r.leader)],
    ['raftIndex', int(r.raftIndex)],
    ['raftTerm', int(r.raftTerm)],
    ['raftAppliedIndex', int(r.raftAppliedIndex)],
    ['errors', list(r.errors, goJsonString)],
    ['dbSizeInUse', int(r.dbSizeInUse)],
    ['isLearner', bool(r.isLearner)],
  ]);
}

/** etcdserverpb.Member. */
export function memberJSON(m: Member): string {
  return obj([
    ['ID', uint(m.ID)],
    ['name', str(m.name)],
    ['peerURLs', list(m.peerURLs, goJsonString)],
    ['clientURLs', list(m.clientURLs, goJsonString)],
    ['isLearner', bool(m.isLearner)],
  ]);
}

/** MemberListResponse. */
export function memberListJSON(r: MemberListResponse): string {
  return obj([
    ['header', headerJSON(r.header)],
    ['members', list(r.members, memberJSON)],
  ]);
}

/** One message of a server stream as grpc-gateway 1.x writes it: `{"result":…}` and a newline. */
export function streamChunk(messageJSON: string): string {
  return `{"result":${messageJSON}}\n`;
}
