/**
 * `/v3/watch`: one HTTP request is one gRPC Watch stream. The body is a sequence of WatchRequest
 * objects (create, cancel, progress), read in order; the answer streams `{"result":…}` lines
 * until the caller aborts (Ctrl-C): like etcd, the stream stays open after the body ends and
 * after a watch is cancelled.
 *
 *   create   -> {"result":{header, watch_id, "created":true}}, then the watch's events
 *   progress -> {"result":{header, "watch_id":"-1"}}          (3.4: not tied to any watch)
 *   cancel   -> {"result":{header, watch_id, "canceled":true}} (nothing for an unknown ID)
 *
 * Watch IDs are per stream, from 0, as etcd's watchStream hands them out; a duplicate requested
 * ID is refused with `created` and `canceled` both set. The `created` header is read from the
 * member first, and the watch then starts right after that revision, so no event falls between.
 */
import type { ResponseHeader, WatchResponse } from '../../protocol/rpc';
import type { WatchStream } from '../client-types';
import { whenAborted } from '../io';
import type { Exchange } from './exchange';
import { classify, ConnectFailure, TransferClosed } from './exchange';
import type { JsonNode } from './go-json';
import { GoJsonDecoder } from './go-json';
import { Code } from './grpc-status';
import type { ProtoMessage } from './proto-json';
import { decodeMessage } from './proto-json';
import { toWatchCancel, toWatchCreate, WATCH } from './requests';
import { streamChunk, watchJSON } from './responses';
import { isDecodeError } from './unary-routes';

const DUPLICATE_ID = 'mvcc: duplicate watch ID provided on the WatchStream';

/** One Watch stream: its watches by ID and the writer all of them share. */
class WatchSession {
  private readonly watches = new Map<bigint, WatchStream<WatchResponse>>();
  private nextId = 0n;
  private readonly pumps: Promise<void>[] = [];
  private endStream: (cut: boolean) => void = () => undefined;
  /** Resolves when a watch's stream fails: true if the member went away (the body is cut short). */
  readonly ended = new Promise<boolean>((resolve) => (this.endStream = resolve));

  constructor(private readonly ex: Exchange) {}

  private send(r: WatchResponse, watchId: bigint): void {
    this.ex.streamResult(streamChunk(watchJSON(r, watchId)));
  }

  private static empty(header: ResponseHeader): WatchResponse {
    return { header, watchId: 0, created: false, canceled: false, compactRevision: 0, cancelReason: '', events: [] };
  }

  /** The member's current header, read locally (a serializable count of one key). */
  private async header(key: Uint8Array): Promise<ResponseHeader> {
    const k = key.length > 0 ? key : new Uint8Array([0]);
    const r = await this.ex.client.range({ key: k, countOnly: true, serializable: true }, this.ex.callOptions);
    return r.header;
  }

  async handle(m: ProtoMessage): Promise<void> {
    if (m['create_request']) await this.create(m['create_request'] as ProtoMessage);
    else if (m['cancel_request']) await this.cancel(toWatchCancel(m['cancel_request'] as ProtoMessage));
    else if (m['progress_request']) this.send(WatchSession.empty(await this.header(new Uint8Array(0))), -1n);
  }

  private async create(m: ProtoMessage): Promise<void> {
    const { req, watchId } = toWatchCreate(m);
    const header = await this.header(req.key);
    if (watchId !== 0n && this.watches.has(watchId)) {
      this.send({ ...WatchSession.empty(header), created: true, canceled: true, cancelReason: DUPLICATE_ID }, -1n);
      return;
    }
    let id = watchId;
    if (id === 0n) {
      while (this.watches.has(this.nextId)) this.nextId++;
      id = this.nextId++;
    }
    this.send({ ...WatchSession.empty(header), created: true }, id);
    const start = req.startRevision && req.startRevision > 0 ? req.startRevision : header.revision + 1;
    const stream = this.ex.client.watch({ ...req, startRevision: start }, this.ex.callOptions);
    this.watches.set(id, stream);
    this.pumps.push(this.pump(id, stream));
  }

  private async pump(id: bigint, stream: WatchStream<WatchResponse>): Promise<void> {
    try {
      for await (const r of stream) {
        if (this.watches.get(id) !== stream) return;
        this.send(r, id);
        if (r.canceled) this.watches.delete(id);
      }
    } catch (e) {
      if (this.ex.signal.aborted) return;
      const err = classify(e, this.ex.signal);
      if (err instanceof ConnectFailure) {
        this.endStream(true);
        return;
      }
      this.ex.streamFailure(err.message);
      this.endStream(false);
    }
  }

  private async cancel(id: bigint): Promise<void> {
    const stream = this.watches.get(id);
    if (!stream) return;
    this.watches.delete(id);
    stream.cancel();
    this.send({ ...WatchSession.empty(await this.header(new Uint8Array(0))), canceled: true }, id);
  }

  /** Stops every watch (the HTTP request went away). */
  close(): void {
    for (const s of this.watches.values()) s.cancel();
    this.watches.clear();
  }
}

/** Reads the next WatchRequest; undefined at the end of the body or at a bad one (the gateway stops sending). */
function nextRequest(dec: GoJsonDecoder): ProtoMessage | undefined {
  let node: JsonNode | undefined;
  try {
    node = dec.next();
    return node === undefined ? undefined : decodeMessage(node, (n) => dec.raw(n), WATCH);
  } catch (e) {
    if (isDecodeError(e)) return undefined;
    throw e;
  }
}

/**
 * Serves `/v3/watch` until `ex.signal` aborts. A first request that does not decode is answered
 * like a failed unary call with code Unknown (500), as grpc-gateway does before the stream starts.
 */
export async function serveWatch(ex: Exchange): Promise<void> {
  const dec = new GoJsonDecoder(ex.requestBody);
  let first: ProtoMessage | undefined;
  try {
    const node = dec.next();
    first = node === undefined ? undefined : decodeMessage(node, (n) => dec.raw(n), WATCH);
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    ex.grpcError(e.message, Code.Unknown);
    return;
  }
  const session = new WatchSession(ex);
  try {
    for (let m = first; m !== undefined; m = nextRequest(dec)) await session.handle(m);
    ex.startEmptyStream();
    const cut = await Promise.race([whenAborted(ex.signal).then(() => false), session.ended]);
    if (cut && !ex.signal.aborted) throw new TransferClosed();
  } catch (e) {
    if (e instanceof TransferClosed) throw e;
    if (ex.signal.aborted) return;
    const err = classify(e, ex.signal);
    if (err instanceof ConnectFailure) throw ex.body === '' ? err : new TransferClosed();
    ex.streamFailure(err.message);
  } finally {
    session.close();
  }
}
