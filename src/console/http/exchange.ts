/**
 * One HTTP exchange in progress: the request a route reads and the response it writes. Routes
 * write the status and headers once, then body chunks; streamed routes write many chunks, each
 * handed to `onChunk` as it is produced (the console prints watch events as they come).
 */
import type { ClusterClient } from '../client';
import type { CodeValue } from './grpc-status';
import { errorBody, httpStatusOf, isServerError } from './grpc-status';
import { streamError } from './stream-error';

/** A finished (or, for an aborted stream, interrupted) HTTP response. */
export interface HttpResponse {
  status: number;
  statusText: string;
  /** Header names in Go's canonical form (`Content-Type`), in the order etcd sends them. */
  headers: Record<string, string>;
  body: string;
  /** HTTP trailers (a gRPC error from the server carries `Grpc-Trailer-Content-Type`); absent when none. */
  trailers?: Record<string, string>;
}

/** The status line and headers of a response. */
export type HttpHead = Pick<HttpResponse, 'status' | 'statusText' | 'headers'>;

const utf8 = new TextEncoder();

/** The CORS headers etcd 3.4's client handler puts on every answer. */
const CORS: Record<string, string> = {
  'Access-Control-Allow-Headers': 'accept, content-type, authorization',
  'Access-Control-Allow-Methods': 'POST, GET, OPTIONS, PUT, DELETE',
  'Access-Control-Allow-Origin': '*',
};

/** Headers of a gateway JSON answer (grpc-gateway adds the gRPC content type as metadata). */
export const JSON_HEADERS: Record<string, string> = { 'Content-Type': 'application/json', 'Grpc-Metadata-Content-Type': 'application/grpc' };
/** Headers of Go's `http.Error` plain-text answers (404, 405). */
export const TEXT_HEADERS: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };

/**
 * The client could not reach the member (it is down, or the client gave up): what curl reports
 * as `(7) Failed to connect`.
 */
export class ConnectFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectFailure';
  }
}

/**
 * The member went away in the middle of a streamed answer: the chunked body stops short, which
 * curl reports as `(18) transfer closed with outstanding read data remaining`.
 */
export class TransferClosed extends Error {
  constructor() {
    super('transfer closed with outstanding read data remaining');
    this.name = 'TransferClosed';
  }
}

/** Everything a route needs: the member's endpoint, the client, the body, and the response. */
export class Exchange {
  status = 0;
  statusText = '';
  headers: Record<string, string> = {};
  body = '';
  trailers: Record<string, string> | undefined;

  constructor(
    /** The member's client endpoint, `127.0.0.1:2379`. */
    readonly endpoint: string,
    readonly client: ClusterClient,
    readonly requestBody: string,
    readonly signal: AbortSignal,
    private readonly onChunk?: (text: string) => void,
    private readonly onStart?: (head: HttpHead) => void,
  ) {}

  /** Whether the status line has gone out (a streamed answer cannot change it after that). */
  get started(): boolean {
    return this.status !== 0;
  }

  /** Sends the status and headers (CORS first, as etcd's handler chain writes them). */
  start(status: number, statusText: string, headers: Record<string, string>): void {
    this.status = status;
    this.statusText = statusText;
    this.headers = { ...CORS, ...headers };
    this.onStart?.({ status, statusText, headers: this.headers });
  }

  /** A whole answer at once: headers with its Content-Length, then the body. */
  whole(status: number, statusText: string, headers: Record<string, string>, body: string): void {
    this.start(status, statusText, { ...headers, 'Content-Length': String(utf8.encode(body).length) });
    this.write(body);
  }

  /** One `{"result":…}` line of a streamed answer; the first one sends the 200 head (chunked: no Content-Length). */
  streamResult(line: string): void {
    if (!this.started) this.start(200, 'OK', JSON_HEADERS);
    this.write(line);
  }

  /** Ends a streamed answer with a gRPC error (its status if nothing was sent yet). */
  streamFailure(message: string): void {
    const e = streamError(message);
    if (!this.started) this.start(e.status, e.statusText, JSON_HEADERS);
    this.write(e.chunk);
  }

  /** Sends the 200 head of a stream that has produced nothing yet (an empty keep-alive, a watch with no request). */
  startEmptyStream(): void {
    if (!this.started) this.start(200, 'OK', JSON_HEADERS);
  }

  /** Appends body text and hands it to the live listener. */
  write(text: string): void {
    this.body += text;
    if (text !== '') this.onChunk?.(text);
  }

  /** A complete JSON answer. */
  json(status: number, statusText: string, body: string): void {
    this.whole(status, statusText, JSON_HEADERS, body);
  }

  /**
   * A complete gRPC error answer: `{"error":…,"code":N}` with the code's HTTP status. An error
   * the server returned goes out chunked with a gRPC trailer; one the gateway found itself (a body
   * it could not decode) goes out whole.
   */
  grpcError(message: string, code: CodeValue, fromServer = false): void {
    const [status, text] = httpStatusOf(code);
    if (!fromServer) {
      this.whole(status, text, { 'Content-Type': 'application/json' }, errorBody(message, code));
      return;
    }
    this.start(status, text, { 'Content-Type': 'application/json', Trailer: 'Grpc-Trailer-Content-Type', 'Transfer-Encoding': 'chunked' });
    this.write(errorBody(message, code));
    this.trailers = { 'Grpc-Trailer-Content-Type': 'application/grpc' };
  }

  /** A Go `http.Error` plain-text answer. */
  text(status: number, statusText: string, body: string, headers: Record<string, string> = TEXT_HEADERS): void {
    this.whole(status, statusText, headers, body);
  }

  /** Client call options pinning the call to this member. */
  get callOptions(): { endpoints: string[]; signal: AbortSignal } {
    return { endpoints: [this.endpoint], signal: this.signal };
  }
}

/**
 * Sorts a client rejection: a server error (kept, for the route to report), an abort (rethrown
 * as is), or a transport failure (ConnectFailure).
 */
export function classify(err: unknown, signal: AbortSignal): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (signal.aborted) return err instanceof Error ? err : new Error(message);
  if (isServerError(message)) return err instanceof Error ? err : new Error(message);
  return new ConnectFailure(message);
}
