/**
 * JSON as etcd's gRPC gateway speaks it (grpc-gateway's JSONPb with OrigName): proto field
 * names, int64/uint64 as strings, enums by name, bytes in base64, zero values omitted. Requests
 * accept proto names or lowerCamelCase, numbers or strings for integers, enum names or numbers.
 */
import type {
  Compare,
  DeleteRangeResponse,
  Event,
  KeyValue,
  Member,
  PutResponse,
  RangeResponse,
  RequestOp,
  ResponseHeader,
  ResponseOp,
  TxnResponse,
  WatchResponse,
} from '../../protocol/rpc';
import { base64, fromBase64, int64, uint64 } from '../format';

type Field = [string, string | undefined];

/** A gateway request body that does not fit the request message (the gateway's 400). */
export class GatewayInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayInputError';
  }
}

/** Serialises members in order, skipping omitted ones. */
export function gobj(fields: Field[]): string {
  return '{' + fields.filter((f) => f[1] !== undefined).map(([k, v]) => JSON.stringify(k) + ':' + v).join(',') + '}';
}
const s = (x: string): string | undefined => (x === '' ? undefined : JSON.stringify(x));
const n = (x: number): string | undefined => (x === 0 ? undefined : JSON.stringify(String(x)));
const u = (x: bigint): string | undefined => (x === 0n ? undefined : JSON.stringify(uint64(x)));
const i = (x: bigint): string | undefined => (x === 0n ? undefined : JSON.stringify(int64(x)));
const b = (x: boolean): string | undefined => (x ? 'true' : undefined);
const bytes = (x: Uint8Array): string | undefined => (x.length === 0 ? undefined : JSON.stringify(base64(x)));
const arr = <T>(xs: readonly T[], f: (x: T) => string): string | undefined => (xs.length === 0 ? undefined : '[' + xs.map(f).join(',') + ']');

/** ResponseHeader. */
export function gHeader(h: ResponseHeader): string {
  return gobj([['cluster_id', u(h.clusterId)], ['member_id', u(h.memberId)], ['revision', n(h.revision)], ['raft_term', n(h.raftTerm)]]);
}
/** mvccpb.KeyValue. */
export function gKv(kv: KeyValue): string {
  return gobj([
    ['key', bytes(kv.key)],
    ['create_revision', n(kv.createRevision)],
    ['mod_revision', n(kv.modRevision)],
    ['version', n(kv.version)],
    ['value', bytes(kv.value)],
    ['lease', i(kv.lease)],
  ]);
}
/** RangeResponse. */
export function gRange(r: RangeResponse): string {
  return gobj([['header', gHeader(r.header)], ['kvs', arr(r.kvs, gKv)], ['more', b(r.more)], ['count', n(r.count)]]);
}
/** PutResponse. */
export function gPut(r: PutResponse): string {
  return gobj([['header', gHeader(r.header)], ['prev_kv', r.prevKv ? gKv(r.prevKv) : undefined]]);
}
/** DeleteRangeResponse. */
export function gDel(r: DeleteRangeResponse): string {
  return gobj([['header', gHeader(r.header)], ['deleted', n(r.deleted)], ['prev_kvs', arr(r.prevKvs, gKv)]]);
}
function gOp(op: ResponseOp): string {
  if ('responseRange' in op) return gobj([['response_range', gRange(op.responseRange)]]);
  if ('responsePut' in op) return gobj([['response_put', gPut(op.responsePut)]]);
  if ('responseDeleteRange' in op) return gobj([['response_delete_range', gDel(op.responseDeleteRange)]]);
  return gobj([['response_txn', gTxn(op.responseTxn)]]);
}
/** TxnResponse. */
export function gTxn(r: TxnResponse): string {
  return gobj([['header', gHeader(r.header)], ['succeeded', b(r.succeeded)], ['responses', arr(r.responses, gOp)]]);
}
function gEvent(e: Event): string {
  return gobj([['type', e.type === 'DELETE' ? '"DELETE"' : undefined], ['kv', gKv(e.kv)], ['prev_kv', e.prevKv ? gKv(e.prevKv) : undefined]]);
}
/** WatchResponse. */
export function gWatch(r: WatchResponse): string {
  return gobj([
    ['header', gHeader(r.header)],
    ['watch_id', n(r.watchId)],
    ['created', b(r.created)],
    ['canceled', b(r.canceled)],
    ['compact_revision', n(r.compactRevision)],
    ['cancel_reason', s(r.cancelReason)],
    ['events', arr(r.events, gEvent)],
  ]);
}
/** etcdserverpb.Member. */
export function gMember(m: Member): string {
  return gobj([
    ['ID', u(m.ID)],
    ['name', s(m.name)],
    ['peerURLs', arr(m.peerURLs, (x) => JSON.stringify(x))],
    ['clientURLs', arr(m.clientURLs, (x) => JSON.stringify(x))],
    ['isLearner', b(m.isLearner)],
  ]);
}
/** Field helpers for the route table. */
export const G = { s, n, u, i, b, bytes, arr };

// ---- requests ---------------------------------------------------------------------------------

/** A parsed JSON body with names normalised to lowerCamelCase. */
export type Body = Record<string, unknown>;

const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Parses a request body; names in snake_case or lowerCamelCase. */
export function parseBody(text: string): Body {
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(quoteBigIntegers(text));
  } catch (e) {
    throw new GatewayInputError(goJSONError(text, e));
  }
  return normalise(v) as Body;
}

/** Turns integer literals too long for a double into strings, so 64-bit IDs survive JSON.parse. */
export function quoteBigIntegers(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const m = /^-?\d{16,}(?![.eE\d])/.exec(text.slice(i));
    if (m && !/[\w.]/.test(text[i - 1] ?? '')) {
      out += `"${m[0]}"`;
      i += m[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

function goJSONError(text: string, _e: unknown): string {
  const t = text.trimStart();
  return `invalid character '${t[0]}' looking for beginning of value`;
}

function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === 'object') {
    const out: Body = {};
    for (const [k, x] of Object.entries(v)) out[camel(k)] = normalise(x);
    return out;
  }
  return v;
}

/** An int64 field (number or decimal string); 0 when absent. */
export function int(body: Body, k: string): number {
  const v = body[k];
  if (v === undefined || v === null) return 0;
  const x = typeof v === 'string' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new GatewayInputError(`bad value for ${k}`);
  return x;
}
/** A 64-bit ID field, exactly. */
export function id(body: Body, k: string): bigint {
  const v = body[k];
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v))) return BigInt(v);
  throw new GatewayInputError(`bad value for ${k}`);
}
/** A bytes field (base64). */
export function bytesField(body: Body, k: string): Uint8Array {
  const v = body[k];
  if (v === undefined || v === null || v === '') return new Uint8Array();
  if (typeof v !== 'string') throw new GatewayInputError(`bad value for ${k}`);
  try {
    return fromBase64(v);
  } catch {
    throw new GatewayInputError('illegal base64 data at input byte 0');
  }
}
/** A bool field. */
export function bool(body: Body, k: string): boolean {
  return body[k] === true || body[k] === 'true';
}
/** An enum field given by name or number. */
export function enumField<T extends string>(body: Body, k: string, names: readonly T[]): T {
  const v = body[k];
  if (v === undefined || v === null) return names[0]!;
  if (typeof v === 'number' && names[v] !== undefined) return names[v];
  if (typeof v === 'string' && (names as readonly string[]).includes(v)) return v as T;
  throw new GatewayInputError(`unknown value ${JSON.stringify(v)} for enum ${k}`);
}

const TARGETS = ['VERSION', 'CREATE', 'MOD', 'VALUE', 'LEASE'] as const;
const RESULTS = ['EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL'] as const;

/** A RangeRequest body. */
export function rangeReq(body: Body): import('../../protocol/rpc').RangeRequest {
  return {
    key: bytesField(body, 'key'),
    rangeEnd: bytesField(body, 'rangeEnd'),
    limit: int(body, 'limit'),
    revision: int(body, 'revision'),
    sortOrder: enumField(body, 'sortOrder', ['NONE', 'ASCEND', 'DESCEND'] as const),
    sortTarget: enumField(body, 'sortTarget', ['KEY', 'VERSION', 'CREATE', 'MOD', 'VALUE'] as const),
    serializable: bool(body, 'serializable'),
    keysOnly: bool(body, 'keysOnly'),
    countOnly: bool(body, 'countOnly'),
    minModRevision: int(body, 'minModRevision'),
    maxModRevision: int(body, 'maxModRevision'),
    minCreateRevision: int(body, 'minCreateRevision'),
    maxCreateRevision: int(body, 'maxCreateRevision'),
  };
}
/** A PutRequest body. */
export function putReq(body: Body): import('../../protocol/rpc').PutRequest {
  return {
    key: bytesField(body, 'key'),
    value: bytesField(body, 'value'),
    lease: id(body, 'lease'),
    prevKv: bool(body, 'prevKv'),
    ignoreValue: bool(body, 'ignoreValue'),
    ignoreLease: bool(body, 'ignoreLease'),
  };
}
/** A DeleteRangeRequest body. */
export function delReq(body: Body): import('../../protocol/rpc').DeleteRangeRequest {
  return { key: bytesField(body, 'key'), rangeEnd: bytesField(body, 'rangeEnd'), prevKv: bool(body, 'prevKv') };
}
function compareReq(c: Body): Compare {
  const cmp: Compare = { target: enumField(c, 'target', TARGETS), result: enumField(c, 'result', RESULTS), key: bytesField(c, 'key') };
  if (c['rangeEnd'] !== undefined) cmp.rangeEnd = bytesField(c, 'rangeEnd');
  cmp.version = int(c, 'version');
  cmp.createRevision = int(c, 'createRevision');
  cmp.modRevision = int(c, 'modRevision');
  cmp.value = bytesField(c, 'value');
  cmp.lease = id(c, 'lease');
  return cmp;
}
function opReq(o: Body): RequestOp {
  if (o['requestRange']) return { requestRange: rangeReq(o['requestRange'] as Body) };
  if (o['requestPut']) return { requestPut: putReq(o['requestPut'] as Body) };
  if (o['requestDeleteRange']) return { requestDeleteRange: delReq(o['requestDeleteRange'] as Body) };
  if (o['requestTxn']) return { requestTxn: txnReq(o['requestTxn'] as Body) };
  throw new GatewayInputError('empty request op');
}
/** A TxnRequest body. */
export function txnReq(body: Body): import('../../protocol/rpc').TxnRequest {
  const list = (k: string): Body[] => (Array.isArray(body[k]) ? (body[k] as Body[]) : []);
  return { compare: list('compare').map(compareReq), success: list('success').map(opReq), failure: list('failure').map(opReq) };
}
