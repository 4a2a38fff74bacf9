/**
 * waitDeletes (clientv3/concurrency/key.go): wait until no key under `pfx` has a create revision
 * at or below `maxCreateRev`, watching only the newest such key each time (its predecessor), so
 * waiters queue in creation order without a thundering herd.
 */
import type { ClusterClient } from '../client';
import type { CallOptions } from '../client-types';
import { prefixEnd } from '../commands/kv-ops';

/** Waits for the DELETE of `key` starting at `rev` (concurrency.waitDelete). */
export async function waitDelete(client: ClusterClient, key: Uint8Array, rev: number, opts: CallOptions): Promise<void> {
  const stream = client.watch({ key, startRevision: rev }, opts);
  const onAbort = (): void => stream.cancel();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    for await (const resp of stream) {
      if (resp.canceled) throw new Error(resp.cancelReason || 'etcdserver: watch canceled');
      if (resp.events.some((e) => e.type === 'DELETE')) return;
    }
    if (opts.signal?.aborted) throw new Error('context canceled');
    throw new Error('lost watcher waiting for delete');
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    stream.cancel();
  }
}

/** Loops until every key under `pfx` created at or before `maxCreateRev` is gone. */
export async function waitDeletes(client: ClusterClient, pfx: Uint8Array, maxCreateRev: number, opts: CallOptions): Promise<void> {
  for (;;) {
    if (opts.signal?.aborted) throw new Error('context canceled');
    const resp = await client.range(
      { key: pfx, rangeEnd: prefixEnd(pfx), sortTarget: 'CREATE', sortOrder: 'DESCEND', limit: 1, maxCreateRevision: maxCreateRev },
      opts,
    );
    const last = resp.kvs[0];
    if (!last) return;
    await waitDelete(client, last.key, resp.header.revision, opts);
  }
}
