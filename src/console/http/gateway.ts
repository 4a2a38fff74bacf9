/**
 * httpRequest: an HTTP request to a member's client URL, answered as etcd 3.4.23 answers it.
 *
 *   /v3/… and /v3beta/…   grpc-gateway: POST only (405 otherwise), `Not Found` for an unknown
 *                         method path; kv (range, put, deleterange, txn, compaction), watch,
 *                         lease (grant, revoke, timetolive, leases, keepalive; kv/lease aliases),
 *                         cluster/member (list, add, remove, update, promote), maintenance
 *                         (status, alarm, defragment, transfer-leadership); auth, hash and
 *                         snapshot answer 501 Unimplemented (not modelled here)
 *   /version, /health     etcd's own handlers (GET only)
 *   OPTIONS anything      200 with the CORS headers
 *   anything else         Go's `404 page not found`
 *
 * A URL whose host:port is not a member's client URL fails to connect, like a closed port.
 */
import type { ClusterClient } from '../client';
import type { HttpHead, HttpResponse } from './exchange';
import { ConnectFailure, Exchange, TransferClosed } from './exchange';
import { serveKeepAlive } from './keepalive-route';
import { NilMessagePanic } from './proto-json';
import type { ParsedUrl } from './url';
import { memberEndpoint, parseUrl } from './url';
import { ADMIN_ROUTES } from './admin-routes';
import { Code } from './grpc-status';
import type { UnaryRoute } from './unary-routes';
import { serveUnary, UNARY_ROUTES } from './unary-routes';
import { serveWatch } from './watch-route';

export type { HttpHead, HttpResponse } from './exchange';

/** What `etcdscope.http(url, init)` takes (a subset of fetch's RequestInit). */
export interface HttpInit {
  /** Default `GET`, as fetch and curl without data. */
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Ends a streamed answer (watch) or cancels a pending one. */
  signal?: AbortSignal;
  /** Receives body text as it is produced (streamed routes write one `{"result":…}` line at a time). */
  onChunk?: (text: string) => void;
  /** Receives the status line and headers when they are sent (before any body). */
  onStart?: (head: HttpHead) => void;
}

/**
 * Nothing (or not all) answered at the URL: curl's exit code (6 could not resolve host, 7 failed
 * to connect, 1 unsupported protocol, 35 TLS to a plain-HTTP port, 52 empty reply, 18 a stream
 * cut short by a member going away) and its message without the `curl: (N) `.
 */
export class HttpConnectError extends Error {
  readonly curlCode: number;
  constructor(curlCode: number, message: string) {
    super(message);
    this.name = 'HttpConnectError';
    this.curlCode = curlCode;
  }
}

/** The gateway's path prefixes in etcd 3.4 (v3alpha is gone; v3beta is still served). */
const PREFIXES = ['/v3/', '/v3beta/'];
const METHOD_NOT_ALLOWED = 'Method Not Allowed\n';

const ROUTES: Record<string, UnaryRoute> = { ...UNARY_ROUTES, ...ADMIN_ROUTES };

/**
 * Paths etcd 3.4's gateway serves that the in-page one does not (auth needs users and TLS-free
 * tokens etcdscope does not model; hash and snapshot stream the raw bolt file).
 */
const NOT_SERVED = new Set([
  'maintenance/hash',
  'maintenance/snapshot',
  'auth/enable',
  'auth/disable',
  'auth/authenticate',
  ...['add', 'get', 'list', 'delete', 'changepw', 'grant', 'revoke'].map((v) => `auth/user/${v}`),
  ...['add', 'get', 'list', 'delete', 'grant', 'revoke'].map((v) => `auth/role/${v}`),
]);

/** Serves one `/v3/...` path. */
async function serveGateway(path: string, method: string, ex: Exchange): Promise<void> {
  const unary = ROUTES[path];
  if (!unary && path !== 'watch' && path !== 'lease/keepalive' && !NOT_SERVED.has(path)) {
    ex.text(404, 'Not Found', 'Not Found\n');
    return;
  }
  if (method !== 'POST') {
    ex.text(405, 'Method Not Allowed', METHOD_NOT_ALLOWED);
    return;
  }
  if (NOT_SERVED.has(path)) ex.grpcError(`etcdscope: /v3/${path} is not served by the in-page gateway`, Code.Unimplemented);
  else if (unary) await serveUnary(unary, ex);
  else if (path === 'watch') await serveWatch(ex);
  else await serveKeepAlive(ex);
}

/** `/version` and `/health`, etcd's plain handlers. */
async function servePlain(path: '/version' | '/health', method: string, ex: Exchange): Promise<void> {
  if (method !== 'GET') {
    ex.text(405, 'Method Not Allowed', METHOD_NOT_ALLOWED, { Allow: 'GET', 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    return;
  }
  let healthy: boolean;
  let version: string;
  try {
    const s = await ex.client.status(ex.endpoint, { signal: ex.signal });
    healthy = s.leader !== 0n && s.errors.length === 0;
    version = s.version;
  } catch (e) {
    if (ex.signal.aborted) throw e;
    if (path === '/version') throw new ConnectFailure(e instanceof Error ? e.message : String(e));
    healthy = false;
    version = '';
  }
  if (path === '/version') {
    ex.whole(200, 'OK', { 'Content-Type': 'application/json' }, `{"etcdserver":"${version}","etcdcluster":"3.4.0"}`);
    return;
  }
  // Healthy is written plainly; unhealthy goes through Go's http.Error (newline, nosniff).
  if (healthy) ex.whole(200, 'OK', { 'Content-Type': 'text/plain; charset=utf-8' }, '{"health":"true"}');
  else ex.text(503, 'Service Unavailable', '{"health":"false"}\n');
}

/** Routes an exchange by method and path. */
async function serve(url: ParsedUrl, method: string, ex: Exchange): Promise<void> {
  if (method === 'OPTIONS') {
    ex.start(200, 'OK', { 'Content-Length': '0' });
    return;
  }
  const prefix = PREFIXES.find((p) => url.path.startsWith(p));
  if (prefix) return serveGateway(url.path.slice(prefix.length), method, ex);
  if (url.path === '/version' || url.path === '/health') return servePlain(url.path, method, ex);
  ex.text(404, 'Not Found', '404 page not found\n');
}

/** The connect failure curl would report for `url`. */
function connectError(url: ParsedUrl): HttpConnectError {
  return new HttpConnectError(7, `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`);
}

/**
 * Sends one request to the member at `url` and resolves with the whole answer. A streamed route
 * (watch) resolves when `init.signal` aborts, with what was streamed so far; a keep-alive
 * resolves when every request in the body has been answered. Rejects with HttpConnectError
 * when nothing answers at the URL (no such member, or the member is unreachable).
 */
export async function httpRequest(url: string, init: HttpInit, client: ClusterClient): Promise<HttpResponse> {
  const parsed = parseUrl(url);
  if ('curlCode' in parsed) throw new HttpConnectError(parsed.curlCode, parsed.message);
  const endpoint = memberEndpoint(parsed, client.endpoints());
  if (endpoint === undefined) throw connectError(parsed);
  if (parsed.tls) throw new HttpConnectError(35, `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${parsed.host}:${parsed.port} `);
  const signal = init.signal ?? new AbortController().signal;
  const ex = new Exchange(endpoint, client, init.body ?? '', signal, init.onChunk, init.onStart);
  try {
    await serve(parsed, (init.method ?? 'GET').toUpperCase(), ex);
  } catch (e) {
    if (e instanceof ConnectFailure) throw connectError(parsed);
    if (e instanceof NilMessagePanic) throw new HttpConnectError(52, e.message);
    if (e instanceof TransferClosed) throw new HttpConnectError(18, e.message);
    if (!signal.aborted) throw e;
  }
  const r: HttpResponse = { status: ex.status, statusText: ex.statusText, headers: { ...ex.headers }, body: ex.body };
  if (ex.trailers) r.trailers = { ...ex.trailers };
  return r;
}
