/**
 * A gRPC error on a server stream, as grpc-gateway 1.x writes it (checked against etcd 3.4.23
 * with a keep-alive on a member that lost its leader):
 * `{"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader","http_status":"Service Unavailable"}}`
 * with no newline after it. If no result went out before it, the HTTP status is the error's
 * (503 here), else the 200 already sent stays.
 */
import { codeOfEtcdError, httpStatusOf } from './grpc-status';
import { goJsonString } from './responses';

/** The stream-error body for a failed call whose error text is `message`, and its HTTP status. */
export function streamError(message: string): { status: number; statusText: string; chunk: string } {
  const code = codeOfEtcdError(message);
  const [status, statusText] = httpStatusOf(code);
  return { status, statusText, chunk: `{"error":{"grpc_code":${code},"http_code":${status},"message":${goJsonString(message)},"http_status":${goJsonString(statusText)}}}` };
}
