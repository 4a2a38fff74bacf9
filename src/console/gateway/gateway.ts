/**
 * etcd's HTTP/JSON gateway (grpc-gateway in front of the v3 API) over a ClusterClient:
 * `POST /v3/kv/range` and friends, errors as `{"error":…,"message":…,"code":…}`, streams
 * (`/v3/watch`, `/v3/lease/keepalive`) as one `{"result":…}` line per message.
 */
import type { ClusterClient } from '../client';
import { messageOf } from '../errors';
import type { Body } from './gateway-json';
import { bool, bytesField, delReq, G, gDel, gHeader, gMember, gobj, GatewayInputError, gPut, gRange, gTxn, gWatch, id, int, parseBody, putReq, rangeReq, txnReq } from './gateway-json';

/** What the gateway answered. */
export interface GatewayResponse {
  status: number;
  statusText: string;
  body: string;
}

/** Options of one gateway request. */
export interface GatewayInit {
  method?: string;
  body?: string;
  signal?: AbortSignal;
  /** Receives each chunk of a streamed body as it arrives. */
  onChunk?: (text: string) => void;
}

/** gRPC status codes of etcd's server errors (api/v3rpc/rpctypes), by message. */
const CODES: [RegExp, number][] = [
  [/^etcdserver: (key is not provided|key not found|value is provided|lease is provided|too many operations in txn request|duplicate key given in txn request|request is too large|member ID already exist|.*Peer URLs)/, 3],
  [/required revision (has been compacted|is a future revision)|too large lease TTL/, 11],
  [/requested lease not found|member not found|user name not found|role name not found/, 5],
  [/lease already exists|can only promote|re-configuration failed|bad leader transferee|not leader|too many learner/, 9],
  [/database space exceeded|too many requests/, 8],
  [/no leader|leader changed|request timed out|server stopped|unhealthy cluster|not supported for learner/, 14],
  [/permission denied/, 7],
  [/context deadline exceeded/, 4],
  [/context canceled/, 1],
];
const HTTP: Record<number, [number, string]> = {
  1: [499, 'Client Closed Request'],
  3: [400, 'Bad Request'],
  4: [504, 'Gateway Timeout'],
  5: [404, 'Not Found'],
  7: [403, 'Forbidden'],
  8: [429, 'Too Many Requests'],
  9: [400, 'Bad Request'],
  11: [400, 'Bad Request'],
  14: [503, 'Service Unavailable'],
  2: [500, 'Internal Server Error'],
};

/** The gateway's error body and HTTP status for an error message. */
export function gatewayError(message: string, code?: number): GatewayResponse {
  const c = code ?? CODES.find(([re]) => re.test(message))?.[1] ?? 2;
  const [status, statusText] = HTTP[c] ?? [500, 'Internal Server Error'];
  return { status, statusText, body: gobj([['error', JSON.stringify(message)], ['message', JSON.stringify(message)], ['code', String(c)]]) };
}

type Handler = (c: ClusterClient, body: Body, opts: { endpoints: string[]; signal?: AbortSignal }, init: GatewayInit) => Promise<string>;

const hdr = (h: Parameters<typeof gHeader>[0]): [string, string] => ['header', gHeader(h)];

const ROUTES: Record<string, Handler> = {
  '/v3/kv/range': async (c, b, o) => gRange(await c.range(rangeReq(b), o)),
  '/v3/kv/put': async (c, b, o) => gPut(await c.put(putReq(b), o)),
  '/v3/kv/deleterange': async (c, b, o) => gDel(await c.deleteRange(delReq(b), o)),
  '/v3/kv/txn': async (c, b, o) => gTxn(await c.txn(txnReq(b), o)),
  '/v3/kv/compaction': async (c, b, o) => gobj([hdr((await c.compact({ revision: int(b, 'revision'), physical: bool(b, 'physical') }, o)).header)]),
  '/v3/lease/grant': async (c, b, o) => {
    const r = await c.leaseGrant({ TTL: int(b, 'TTL'), ID: id(b, 'ID') }, o);
    return gobj([hdr(r.header), ['ID', G.i(r.ID)], ['TTL', G.n(r.TTL)], ['error', G.s(r.error)]]);
  },
  '/v3/lease/revoke': async (c, b, o) => gobj([hdr((await c.leaseRevoke(id(b, 'ID'), o)).header)]),
  '/v3/lease/timetolive': async (c, b, o) => {
    const r = await c.leaseTimeToLive({ ID: id(b, 'ID'), keys: bool(b, 'keys') }, o);
    return gobj([hdr(r.header), ['ID', G.i(r.ID)], ['TTL', G.n(r.TTL)], ['grantedTTL', G.n(r.grantedTTL)], ['keys', G.arr(r.keys, (k) => G.bytes(k) ?? '""')]]);
  },
  '/v3/lease/leases': async (c, _b, o) => {
    const r = await c.leaseLeases(o);
    return gobj([hdr(r.header), ['leases', G.arr(r.leases, (l) => gobj([['ID', G.i(l.ID)]]))]]);
  },
  '/v3/lease/keepalive': async (c, b, o, init) => {
    const r = await c.leaseKeepAliveOnce(id(b, 'ID'), o);
    const line = gobj([['result', gobj([hdr(r.header), ['ID', G.i(r.ID)], ['TTL', G.n(r.TTL)]])]]) + '\n';
    init.onChunk?.(line);
    return line;
  },
  '/v3/maintenance/status': async (c, _b, o) => {
    const r = await c.status(o.endpoints[0]!, o);
    return gobj([
      hdr(r.header),
      ['version', G.s(r.version)],
      ['dbSize', G.n(r.dbSize)],
      ['leader', G.u(r.leader)],
      ['raftIndex', G.n(r.raftIndex)],
      ['raftTerm', G.n(r.raftTerm)],
      ['raftAppliedIndex', G.n(r.raftAppliedIndex)],
      ['errors', G.arr(r.errors, (e) => JSON.stringify(e))],
      ['dbSizeInUse', G.n(r.dbSizeInUse)],
      ['isLearner', G.b(r.isLearner)],
    ]);
  },
  '/v3/cluster/member/list': async (c, _b, o) => {
    const r = await c.memberList(o);
    return gobj([hdr(r.header), ['members', G.arr(r.members, gMember)]]);
  },
  '/v3/watch': watchRoute,
};
ROUTES['/v3/kv/lease/revoke'] = ROUTES['/v3/lease/revoke']!;
ROUTES['/v3/kv/lease/timetolive'] = ROUTES['/v3/lease/timetolive']!;
ROUTES['/v3/kv/lease/leases'] = ROUTES['/v3/lease/leases']!;

async function watchRoute(c: ClusterClient, b: Body, o: { endpoints: string[]; signal?: AbortSignal }, init: GatewayInit): Promise<string> {
  const cr = b['createRequest'] as Body | undefined;
  if (!cr) return '';
  const req = { key: bytesField(cr, 'key'), rangeEnd: bytesField(cr, 'rangeEnd'), startRevision: int(cr, 'startRevision'), prevKv: bool(cr, 'prevKv') };
  const current = await c.range({ key: new Uint8Array([0]), countOnly: true, serializable: true }, o);
  let body = '';
  const emit = (line: string): void => {
    body += line;
    init.onChunk?.(line);
  };
  const created = { header: current.header, watchId: 0, created: true, canceled: false, compactRevision: 0, cancelReason: '', events: [] };
  emit(gobj([['result', gWatch(created)]]) + '\n');
  const stream = c.watch(req, o);
  const stop = (): void => stream.cancel();
  o.signal?.addEventListener('abort', stop);
  try {
    for await (const r of stream) emit(gobj([['result', gWatch(r)]]) + '\n');
  } catch (e) {
    emit(gobj([['error', gatewayError(messageOf(e)).body]]) + '\n');
  } finally {
    o.signal?.removeEventListener('abort', stop);
  }
  return body;
}

/** Answers one HTTP request to a member's client URL the way etcd's gateway does. */
export async function gatewayRequest(client: ClusterClient, url: string, init: GatewayInit = {}): Promise<GatewayResponse> {
  const m = /^(?:https?:\/\/)?([^/]+)(\/[^?#]*)?/.exec(url);
  const endpoint = m?.[1] ?? '';
  const path = (m?.[2] ?? '/').replace(/\/+$/, '');
  const route = ROUTES[path];
  if (!route) return { status: 404, statusText: 'Not Found', body: 'Not Found\n' };
  if ((init.method ?? 'GET').toUpperCase() !== 'POST') return { status: 405, statusText: 'Method Not Allowed', body: 'Method Not Allowed\n' };
  try {
    const body = parseBody(init.body ?? '');
    const opts = { endpoints: [endpoint], timeoutMs: 5000, ...(init.signal ? { signal: init.signal } : {}) };
    return { status: 200, statusText: 'OK', body: await route(client, body, opts, init) };
  } catch (e) {
    if (e instanceof GatewayInputError) return gatewayError(e.message, 3);
    return gatewayError(messageOf(e));
  }
}
