/**
 * The gateway's unary routes (etcd 3.4's rpc.proto `google.api.http` bindings, all `post` with
 * `body: "*"`): decode the body with jsonpb, call the member through the ClusterClient, answer
 * the response message as jsonpb JSON, or the gRPC error as `{"error":…,"code":N}`.
 */
import type { ClusterClient } from '../client';
import type { Exchange } from './exchange';
import { classify } from './exchange';
import { GoJsonDecoder, GoJsonSyntaxError } from './go-json';
import { CorruptInputError } from './go-base64';
import { Code, codeOfEtcdError, GrpcError, isServerError } from './grpc-status';
import type { MessageDesc, ProtoMessage } from './proto-json';
import { decodeMessage, ProtoJsonError } from './proto-json';
import {
  COMPACTION,
  DELETE_RANGE,
  EMPTY,
  EmptyRequestOpError,
  LEASE_GRANT,
  LEASE_ID,
  LEASE_TTL,
  PUT,
  RANGE,
  toCompaction,
  toDeleteRange,
  toLeaseGrant,
  toLeaseId,
  toLeaseTimeToLive,
  toPut,
  toRange,
  toTxn,
  TXN,
} from './requests';
import {
  deleteRangeJSON,
  headerOnlyJSON,
  leaseGrantJSON,
  leaseLeasesJSON,
  leaseTimeToLiveJSON,
  memberListJSON,
  putJSON,
  rangeJSON,
  statusJSON,
  txnJSON,
} from './responses';

/** A unary route: its request message and the call that answers it (as response JSON). */
export interface UnaryRoute {
  request: MessageDesc;
  call(msg: ProtoMessage, client: ClusterClient, ex: Exchange): Promise<string>;
}

/** Whether an error is a body jsonpb rejected (bad JSON, bad base64, wrong type, bad enum). */
export function isDecodeError(e: unknown): e is Error {
  return e instanceof GoJsonSyntaxError || e instanceof ProtoJsonError || e instanceof CorruptInputError;
}

/** Decodes the first JSON value of the body as `desc` (an empty body is an empty message). */
export function decodeFirst(body: string, desc: MessageDesc): ProtoMessage {
  const dec = new GoJsonDecoder(body);
  const node = dec.next();
  return node === undefined ? {} : decodeMessage(node, (n) => dec.raw(n), desc);
}

/** The unary routes by path below `/v3/` (3.4's aliases included). */
export const UNARY_ROUTES: Record<string, UnaryRoute> = {
  'kv/range': { request: RANGE, call: async (m, c, ex) => rangeJSON(await c.range(toRange(m), ex.callOptions)) },
  'kv/put': { request: PUT, call: async (m, c, ex) => putJSON(await c.put(toPut(m), ex.callOptions)) },
  'kv/deleterange': { request: DELETE_RANGE, call: async (m, c, ex) => deleteRangeJSON(await c.deleteRange(toDeleteRange(m), ex.callOptions)) },
  'kv/txn': { request: TXN, call: async (m, c, ex) => txnJSON(await c.txn(toTxn(m), ex.callOptions)) },
  'kv/compaction': { request: COMPACTION, call: async (m, c, ex) => headerOnlyJSON(await c.compact(toCompaction(m), ex.callOptions)) },
  'lease/grant': { request: LEASE_GRANT, call: async (m, c, ex) => leaseGrantJSON(await c.leaseGrant(toLeaseGrant(m), ex.callOptions)) },
  'lease/revoke': { request: LEASE_ID, call: async (m, c, ex) => headerOnlyJSON(await c.leaseRevoke(toLeaseId(m), ex.callOptions)) },
  'lease/timetolive': { request: LEASE_TTL, call: async (m, c, ex) => leaseTimeToLiveJSON(await c.leaseTimeToLive(toLeaseTimeToLive(m), ex.callOptions)) },
  'lease/leases': { request: EMPTY, call: async (_m, c, ex) => leaseLeasesJSON(await c.leaseLeases(ex.callOptions)) },
  'maintenance/status': { request: EMPTY, call: async (_m, c, ex) => statusJSON(await c.status(ex.endpoint, { signal: ex.signal })) },
  'cluster/member/list': { request: EMPTY, call: async (_m, c, ex) => memberListJSON(await c.memberList(ex.callOptions)) },
};
UNARY_ROUTES['kv/lease/revoke'] = UNARY_ROUTES['lease/revoke']!;
UNARY_ROUTES['kv/lease/timetolive'] = UNARY_ROUTES['lease/timetolive']!;
UNARY_ROUTES['kv/lease/leases'] = UNARY_ROUTES['lease/leases']!;

/**
 * Serves one unary route: a body jsonpb rejects is 400 InvalidArgument with Go's text; a server
 * error keeps etcd's code; a transport failure propagates (ConnectFailure) for curl to report.
 */
export async function serveUnary(route: UnaryRoute, ex: Exchange): Promise<void> {
  let msg: ProtoMessage;
  try {
    msg = decodeFirst(ex.requestBody, route.request);
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    ex.grpcError(e.message, Code.InvalidArgument);
    return;
  }
  let json: string;
  try {
    json = await route.call(msg, ex.client, ex);
  } catch (e) {
    if (e instanceof EmptyRequestOpError) {
      ex.grpcError(e.message, Code.InvalidArgument, true);
      return;
    }
    if (e instanceof GrpcError) {
      ex.grpcError(e.message, e.code, true);
      return;
    }
    // The member's own request context expiring reaches the gateway as gRPC code Unknown.
    const unknown = /^rpc error: code = Unknown desc = (.*)$/s.exec(e instanceof Error ? e.message : '');
    if (unknown && !ex.signal.aborted) {
      ex.grpcError(unknown[1]!, Code.Unknown, true);
      return;
    }
    const err = classify(e, ex.signal);
    if (!isServerError(err.message) || ex.signal.aborted) throw err;
    ex.grpcError(err.message, codeOfEtcdError(err.message), true);
    return;
  }
  ex.json(200, 'OK', json);
}
