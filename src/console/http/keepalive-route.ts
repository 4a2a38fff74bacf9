/**
 * `/v3/lease/keepalive`: one HTTP request is one LeaseKeepAlive stream. Every LeaseKeepAliveRequest
 * in the body renews once and is answered by one `{"result":{header, ID, TTL}}` line; the stream
 * ends with the body (the gateway closes its send side, the server's loop sees EOF). A lease that
 * does not exist is answered with its ID and no TTL (TTL 0), as etcd's LeaseKeepAlive does.
 */
import type { LeaseKeepAliveResponse } from '../../protocol/rpc';
import type { Exchange } from './exchange';
import { classify, ConnectFailure, TransferClosed } from './exchange';
import { GoJsonDecoder } from './go-json';
import { Code } from './grpc-status';
import { decodeMessage } from './proto-json';
import { LEASE_ID, toLeaseId } from './requests';
import { leaseKeepAliveJSON, streamChunk } from './responses';
import { isDecodeError } from './unary-routes';

const LEASE_NOT_FOUND = 'etcdserver: requested lease not found';

/** One renewal through the client; a missing lease becomes etcd's TTL-0 answer. */
async function renew(ex: Exchange, id: bigint): Promise<LeaseKeepAliveResponse> {
  try {
    return await ex.client.leaseKeepAliveOnce(id, ex.callOptions);
  } catch (e) {
    if (!(e instanceof Error) || e.message !== LEASE_NOT_FOUND) throw e;
    const r = await ex.client.range({ key: new Uint8Array([0]), countOnly: true, serializable: true }, ex.callOptions);
    return { header: r.header, ID: id, TTL: 0 };
  }
}

/** Serves `/v3/lease/keepalive`: decodes requests one by one, stops at the body's end or a bad one. */
export async function serveKeepAlive(ex: Exchange): Promise<void> {
  const dec = new GoJsonDecoder(ex.requestBody);
  let index = 0;
  for (;;) {
    let id: bigint;
    try {
      const node = dec.next();
      if (node === undefined) break;
      id = toLeaseId(decodeMessage(node, (n) => dec.raw(n), LEASE_ID));
    } catch (e) {
      if (!isDecodeError(e)) throw e;
      if (index === 0) ex.grpcError(e.message, Code.Unknown);
      return;
    }
    index++;
    try {
      ex.streamResult(streamChunk(leaseKeepAliveJSON(await renew(ex, id))));
    } catch (e) {
      if (ex.signal.aborted) return;
      const err = classify(e, ex.signal);
      if (err instanceof ConnectFailure) throw ex.body === '' ? err : new TransferClosed();
      ex.streamFailure(err.message);
      return;
    }
  }
  ex.startEmptyStream();
}
