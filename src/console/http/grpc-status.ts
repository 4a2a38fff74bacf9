/**
 * gRPC status codes the way the gateway reports a failed call: etcd's server errors carry a code
 * (api/v3rpc/rpctypes/error.go), grpc-gateway 1.x turns the code into an HTTP status
 * (runtime.HTTPStatusFromCode) and writes `{"error":…,"message":…,"code":N}`.
 */
import { goJsonString } from './responses';

/** gRPC codes (google.golang.org/grpc/codes). */
export const Code = {
  OK: 0,
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;

/** One gRPC code. */
export type CodeValue = (typeof Code)[keyof typeof Code];

/**
 * etcd's server error texts (after `etcdserver: `) and the gRPC code each travels with
 * (checked against etcd's rpctypes/error.go; the user/role management ones are left out).
 */
const ETCD_CODES: [string, CodeValue][] = [
  ['key is not provided', Code.InvalidArgument],
  ['key not found', Code.InvalidArgument],
  ['value is provided', Code.InvalidArgument],
  ['lease is provided', Code.InvalidArgument],
  ['too many operations in txn request', Code.InvalidArgument],
  ['duplicate key given in txn request', Code.InvalidArgument],
  ['request is too large', Code.InvalidArgument],
  ['given member URLs are invalid', Code.InvalidArgument],
  ['mvcc: required revision has been compacted', Code.OutOfRange],
  ['mvcc: required revision is a future revision', Code.OutOfRange],
  ['too large lease TTL', Code.OutOfRange],
  ['mvcc: database space exceeded', Code.ResourceExhausted],
  ['too many requests', Code.ResourceExhausted],
  ['requested lease not found', Code.NotFound],
  ['member not found', Code.NotFound],
  ['lease already exists', Code.FailedPrecondition],
  ['member ID already exist', Code.FailedPrecondition],
  ['Peer URLs already exists', Code.FailedPrecondition],
  ['re-configuration failed due to not enough started members', Code.FailedPrecondition],
  ['can only promote a learner member', Code.FailedPrecondition],
  ['can only promote a learner member which is in sync with leader', Code.FailedPrecondition],
  ['too many learner members in cluster', Code.FailedPrecondition],
  ['not leader', Code.FailedPrecondition],
  ['bad leader transferee', Code.FailedPrecondition],
  ['no leader', Code.Unavailable],
  ['leader changed', Code.Unavailable],
  ['not capable', Code.Unavailable],
  ['server stopped', Code.Unavailable],
  ['request timed out', Code.Unavailable],
  ['request timed out, possibly due to previous leader failure', Code.Unavailable],
  ['request timed out, possibly due to connection lost', Code.Unavailable],
  ['request timed out, waiting for the applied index took too long', Code.Unavailable],
  ['unhealthy cluster', Code.Unavailable],
  ['rpc not supported for learner', Code.Unavailable],
  ['corrupt cluster', Code.DataLoss],
  ['permission denied', Code.PermissionDenied],
  ['watch canceled', Code.Canceled],
  ['root user does not exist', Code.FailedPrecondition],
  ['authentication is not enabled', Code.FailedPrecondition],
  ['authentication failed, invalid user ID or password', Code.InvalidArgument],
  ['invalid auth token', Code.Unauthenticated],
];
const BY_TEXT = new Map(ETCD_CODES.map(([t, c]) => [`etcdserver: ${t}`, c]));

/** The gRPC code of an etcd server error text; Unknown for anything etcd does not name. */
export function codeOfEtcdError(message: string): CodeValue {
  return BY_TEXT.get(message) ?? Code.Unknown;
}

/** Whether `message` is a server's answer (as opposed to the client failing to reach it). */
export function isServerError(message: string): boolean {
  return message.startsWith('etcdserver: ') || message.startsWith('mvcc: ');
}

const HTTP_OF: Record<CodeValue, [number, string]> = {
  0: [200, 'OK'],
  1: [408, 'Request Timeout'],
  2: [500, 'Internal Server Error'],
  3: [400, 'Bad Request'],
  4: [504, 'Gateway Timeout'],
  5: [404, 'Not Found'],
  6: [409, 'Conflict'],
  7: [403, 'Forbidden'],
  8: [429, 'Too Many Requests'],
  9: [412, 'Precondition Failed'],
  10: [409, 'Conflict'],
  11: [400, 'Bad Request'],
  12: [501, 'Not Implemented'],
  13: [500, 'Internal Server Error'],
  14: [503, 'Service Unavailable'],
  15: [500, 'Internal Server Error'],
  16: [401, 'Unauthorized'],
};

/** grpc-gateway 1.x's HTTPStatusFromCode: the HTTP status and its reason phrase. */
export function httpStatusOf(code: CodeValue): [number, string] {
  return HTTP_OF[code];
}

/** The gateway's error body: `{"error":msg,"message":msg,"code":N}` (no trailing newline). */
export function errorBody(message: string, code: CodeValue): string {
  const m = goJsonString(message);
  return `{"error":${m},"message":${m},"code":${code}}`;
}

/** A failed call on its way to the HTTP response: message and gRPC code. */
export class GrpcError extends Error {
  readonly code: CodeValue;
  constructor(message: string, code: CodeValue) {
    super(message);
    this.name = 'GrpcError';
    this.code = code;
  }
}
