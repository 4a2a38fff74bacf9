/**
 * A gRPC error in the middle of a server stream, as grpc-gateway 1.x writes it once the 200
 * status is out: `{"error":{"grpc_code":14,"http_code":503,"message":"…","http_status":"…"}}`.
 */
import { codeOfEtcdError, httpStatusOf } from './grpc-status';
import { goJsonString } from './responses';

/** The stream-error line for a failed call whose error text is `message`. */
export function streamErrorChunk(message: string): string {
  const code = codeOfEtcdError(message);
  const [status, text] = httpStatusOf(code);
  return `{"error":{"grpc_code":${code},"http_code":${status},"message":${goJsonString(message)},"http_status":${goJsonString(text)}}}\n`;
}
