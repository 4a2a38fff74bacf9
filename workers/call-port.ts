/**
 * The worker's end of the batched client-call port (src/cluster/call-batch.ts, the page's end): runs every call
 * of a batch, and posts the results that complete within one task together.
 */
import type { CallableMethod, CallBatch, CallResult, ResultBatch } from './host-protocol';

/** Serves `port` with `call` (the host's client-call entry point). */
export function serveCallPort(port: MessagePort, call: (method: CallableMethod, args: unknown[]) => Promise<CallResult>): void {
  let out: ResultBatch['results'] = [];
  const flush = (): void => {
    const batch: ResultBatch = { t: 'results', results: out };
    out = [];
    port.postMessage(batch);
  };
  port.onmessage = (ev: MessageEvent<CallBatch>) => {
    for (const [id, method, args] of ev.data.calls) {
      void call(method, args).then((r) => {
        if (out.length === 0) queueMicrotask(flush);
        out.push([id, r]);
      });
    }
  };
}
