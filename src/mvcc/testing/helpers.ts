/** Small helpers shared by the MVCC tests: text keys and compact renderings of results. */
import type { DeleteRangeResponse, Event, KeyValue, PutResponse, RangeResponse, RequestOp, ResponseOp, WatchResponse } from '../../protocol/rpc';
import { fromUtf8, prefixRangeEnd, utf8 } from '../bytes';

/** UTF-8 bytes. */
export const b = utf8;

/** A kv as `key c<create> m<mod> v<version> value`, like the json transcripts abbreviated. */
export function kvLine(kv: KeyValue): string {
  return `${fromUtf8(kv.key)} c${kv.createRevision} m${kv.modRevision} v${kv.version} ${fromUtf8(kv.value)}${kv.lease !== 0n ? ` l${kv.lease}` : ''}`.trimEnd();
}

/** An event as etcdctl's simple printer lines: type, [prev key, prev value,] key, value. */
export function eventLines(ev: Event): string[] {
  const out: string[] = [ev.type];
  if (ev.prevKv !== undefined) out.push(fromUtf8(ev.prevKv.key), fromUtf8(ev.prevKv.value));
  out.push(fromUtf8(ev.kv.key), fromUtf8(ev.kv.value));
  return out;
}

/** Every event line of a list of watch responses. */
export function watchLines(resps: WatchResponse[]): string[] {
  return resps.flatMap((r) => r.events.flatMap(eventLines));
}

/** Range fields of `get key --prefix`. */
export function prefix(key: string): { key: Uint8Array; rangeEnd: Uint8Array } {
  const k = utf8(key);
  return k.length === 0 ? { key: new Uint8Array([0]), rangeEnd: new Uint8Array([0]) } : { key: k, rangeEnd: prefixRangeEnd(k) };
}

/** Txn op builders. */
export const op = {
  put: (key: string, value: string, extra: object = {}): RequestOp => ({ requestPut: { key: b(key), value: b(value), ...extra } }),
  get: (key: string, extra: object = {}): RequestOp => ({ requestRange: { key: b(key), ...extra } }),
  del: (key: string, extra: object = {}): RequestOp => ({ requestDeleteRange: { key: b(key), ...extra } }),
};

/** The RangeResponse inside a ResponseOp (fails the test if it is another kind). */
export function rangeOf(r: ResponseOp | undefined): RangeResponse {
  if (r === undefined || !('responseRange' in r)) throw new Error(`not a range response: ${JSON.stringify(r)}`);
  return r.responseRange;
}

/** The PutResponse inside a ResponseOp. */
export function putOf(r: ResponseOp | undefined): PutResponse {
  if (r === undefined || !('responsePut' in r)) throw new Error('not a put response');
  return r.responsePut;
}

/** The DeleteRangeResponse inside a ResponseOp. */
export function delOf(r: ResponseOp | undefined): DeleteRangeResponse {
  if (r === undefined || !('responseDeleteRange' in r)) throw new Error('not a delete response');
  return r.responseDeleteRange;
}
