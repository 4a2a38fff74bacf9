/**
 * etcd's MVCC store and watch, the public surface of `src/mvcc`.
 *
 * How a member uses it (etcd's order: backend, lessor, store):
 * ```
 *   open:      be = await openBackend(pageStore)
 *              lessor = new Lessor({ backend: be, ... })        // recovered first
 *              kv = new WatchableStore(be, { lessor, listener }) // restores index, revision,
 *                                                                // compaction, lease attachments
 *              kv.consistentIndex()  -> raft index already applied to this backend (skip below)
 *   client request (before proposing, etcd's gRPC layer):
 *              checkRangeRequest / checkPutRequest / checkDeleteRequest / checkTxnRequest(r, 128)
 *   apply a committed entry (index i, term t), all synchronous:
 *              kv.setConsistentIndex(i, t)        // same batch as the data below
 *              kv.put(req) | kv.deleteRange(req) | kv.txn(req) | kv.compact(rev)
 *              -> responses with header.revision; errors are EtcdError (err.grpcMessage is the
 *                 text etcdctl prints after "Error: ")
 *              be.maybeCommit(nowMs)              // the host commits when it likes
 *   serve a read:          kv.range(req)  (linearizable after ReadIndex, or serializable)
 *   between host events:   kv.compactionStep()  while kv.compactionPending()   (1000 records a step)
 *                          kv.syncWatchers()    while kv.unsyncedCount() > 0   (etcd: every 100 ms)
 *   compaction --physical: answer when kv.finishedCompactRevision() >= rev
 *   hashKV:                kv.hashByRev(rev)  -> { hash, compactRevision, revision, currentRev }
 *   watch:     ws = kv.newWatchStream((resp) => forward to the client)
 *              ws.watch(createReq) -> id (a `created` reply is sent first); ws.cancel(id);
 *              ws.requestProgress(id) / ws.requestProgressAll(); ws.progressNotifyTick() every
 *              progress interval; ws.close() when the client stream ends
 *   lease revoke (the lessor's range deleter):
 *              tw = kv.write(); for (k of keys) tw.deleteRange(k, undefined); tw.end()
 * ```
 */
export { KVStore, type LeaseAttacher, type StoreConfig, type HashKVResult } from './kv-store';
export { WatchableStore, MAX_WATCHERS_PER_SYNC } from './watchable-store';
export { WatchStream, INVALID_WATCH_ID, type WatchResponseSink } from './watch-stream';
export type { WatchFilter } from './watcher';
export { TxnRead, TxnWrite, mkGteRange, type RangeOptions, type RangeResult, type TxnChange } from './kv-store-txn';
export { DEFAULT_COMPACTION_BATCH_LIMIT } from './kv-store-compaction';
export { applyRange, applyPut, applyDeleteRange, applyTxn, applyCompare } from './txn';
export { executeRange, header } from './range';
export { checkRangeRequest, checkPutRequest, checkDeleteRequest, checkTxnRequest, DEFAULT_MAX_TXN_OPS } from './request-check';
export * from './errors';
export type { MvccEvent, MvccListener, RevisionChange } from './events';
export { KeyIndex, Generation, type KeyIndexGet } from './key-index';
export { TreeIndex, type IndexRangeResult } from './tree-index';
export { type Revision, type BucketKey, revToBytes, bytesToRev, bytesToBucketKey, isTombstone, RevisionSet } from './revision';
export { encodeKeyValue, decodeKeyValue } from './kv-codec';
export { crc32c, KVHasher, type KeyValueHash } from './hash';
export { prefixRangeEnd, utf8, fromUtf8, compareBytes } from './bytes';
export { WATCH_BATCH_MAX_REVS } from './watcher-group';
