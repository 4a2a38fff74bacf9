/**
 * Put, DeleteRange and Txn applied to the store (etcd's etcdserver/txn package): what the server
 * runs when a committed raft entry carries a KV request.
 *
 * A txn runs in three passes over one write txn, all before the revision moves:
 *
 * ```
 *  1. compareToPath  evaluate the compares of the txn and of every nested txn on the taken
 *                    branches, against the state before the txn: a pre-order list of booleans
 *  2. checkTxn       on the taken branches: lease exists, ignore_* keys exist, range revisions
 *                    in bounds; an error here fails the whole txn with nothing written
 *  3. executeTxn     run the ops in order; each sees the writes before it; all share one revision
 * ```
 */
import type {
  Compare,
  DeleteRangeRequest,
  DeleteRangeResponse,
  KeyValue,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseOp,
  TxnRequest,
  TxnResponse,
} from '../protocol/rpc';
import { assertNever } from './assert';
import { compareBytes } from './bytes';
import { ErrKeyNotFound, ErrLeaseNotFound } from './errors';
import type { KVStore } from './kv-store';
import type { TxnRead, TxnWrite } from './kv-store-txn';
import { checkRange, executeRange, header } from './range';

/** Serves a RangeRequest at the store's current revision. */
export function applyRange(s: KVStore, r: RangeRequest): RangeResponse {
  return executeRange(s.read(), r);
}

function checkLease(s: KVStore, p: PutRequest): void {
  const lease = p.lease ?? 0n;
  if (lease !== 0n && !(s.lessor?.exists(lease) ?? false)) throw new ErrLeaseNotFound();
}

function getPrevKV(tr: TxnRead, p: PutRequest): KeyValue | undefined {
  if (!p.ignoreValue && !p.ignoreLease && !p.prevKv) return undefined;
  return tr.range(p.key, undefined).kvs[0];
}

function checkAndGetPrevKV(tr: TxnRead, p: PutRequest): KeyValue | undefined {
  const prev = getPrevKV(tr, p);
  if ((p.ignoreValue || p.ignoreLease) && prev === undefined) throw new ErrKeyNotFound();
  return prev;
}

function put(tw: TxnWrite, p: PutRequest, prev: KeyValue | undefined): PutResponse {
  const value = p.ignoreValue ? prev!.value : p.value;
  const lease = p.ignoreLease ? prev!.lease : (p.lease ?? 0n);
  const rev = tw.put(p.key, value, lease);
  const resp: PutResponse = { header: header(rev) };
  if (p.prevKv && prev !== undefined) resp.prevKv = prev;
  return resp;
}

/** Applies a PutRequest. @throws ErrLeaseNotFound, ErrKeyNotFound (ignore_value/lease on a missing key). */
export function applyPut(s: KVStore, p: PutRequest): PutResponse {
  checkLease(s, p);
  const tw = s.write();
  try {
    return put(tw, p, checkAndGetPrevKV(tw, p));
  } finally {
    tw.end();
  }
}

function deleteRange(tw: TxnWrite, dr: DeleteRangeRequest): DeleteRangeResponse {
  const prevKvs = dr.prevKv ? tw.range(dr.key, dr.rangeEnd).kvs : [];
  const { deleted, rev } = tw.deleteRange(dr.key, dr.rangeEnd);
  return { header: header(rev), deleted, prevKvs };
}

/** Applies a DeleteRangeRequest (one revision for every deleted key; none if nothing matched). */
export function applyDeleteRange(s: KVStore, dr: DeleteRangeRequest): DeleteRangeResponse {
  const tw = s.write();
  try {
    return deleteRange(tw, dr);
  } finally {
    tw.end();
  }
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKV(c: Compare, kv: KeyValue): boolean {
  let result: number;
  switch (c.target) {
    case 'VALUE': result = compareBytes(kv.value, c.value ?? new Uint8Array(0)); break;
    case 'CREATE': result = compareNumbers(kv.createRevision, c.createRevision ?? 0); break;
    case 'MOD': result = compareNumbers(kv.modRevision, c.modRevision ?? 0); break;
    case 'VERSION': result = compareNumbers(kv.version, c.version ?? 0); break;
    case 'LEASE': result = compareNumbers(kv.lease, c.lease ?? 0n); break;
    default: return assertNever(c.target, 'compare target');
  }
  switch (c.result) {
    case 'EQUAL': return result === 0;
    case 'NOT_EQUAL': return result !== 0;
    case 'GREATER': return result > 0;
    case 'LESS': return result < 0;
    default: return assertNever(c.result, 'compare result');
  }
}

const MISSING: KeyValue = { key: new Uint8Array(0), createRevision: 0, modRevision: 0, version: 0, value: new Uint8Array(0), lease: 0n };

/** One compare: true only if every key of its range satisfies it; VALUE on no key is false. */
export function applyCompare(rv: TxnRead, c: Compare): boolean {
  let kvs: KeyValue[];
  try {
    kvs = rv.range(c.key, c.rangeEnd).kvs;
  } catch {
    return false;
  }
  if (kvs.length === 0) return c.target === 'VALUE' ? false : compareKV(c, MISSING);
  return kvs.every((kv) => compareKV(c, kv));
}

function branch(rt: TxnRequest, succeeded: boolean): RequestOp[] {
  return succeeded ? rt.success : rt.failure;
}

function compareToPath(rv: TxnRead, rt: TxnRequest, path: boolean[]): void {
  const ok = rt.compare.every((c) => applyCompare(rv, c));
  path.push(ok);
  for (const op of branch(rt, ok)) if ('requestTxn' in op) compareToPath(rv, op.requestTxn, path);
}

interface PathCursor {
  path: boolean[];
  i: number;
}

function checkTxn(s: KVStore, rv: TxnRead, rt: TxnRequest, cur: PathCursor): void {
  for (const op of branch(rt, cur.path[cur.i++]!)) {
    if ('requestRange' in op) checkRange(rv, op.requestRange);
    else if ('requestPut' in op) {
      checkLease(s, op.requestPut);
      checkAndGetPrevKV(rv, op.requestPut);
    } else if ('requestTxn' in op) checkTxn(s, rv, op.requestTxn, cur);
  }
}

function executeOp(tw: TxnWrite, op: RequestOp, cur: PathCursor): ResponseOp {
  if ('requestRange' in op) return { responseRange: executeRange(tw, op.requestRange) };
  if ('requestPut' in op) return { responsePut: put(tw, op.requestPut, getPrevKV(tw, op.requestPut)) };
  if ('requestDeleteRange' in op) return { responseDeleteRange: deleteRange(tw, op.requestDeleteRange) };
  if ('requestTxn' in op) return { responseTxn: executeTxn(tw, op.requestTxn, cur) };
  return assertNever(op, 'request op');
}

function executeTxn(tw: TxnWrite, rt: TxnRequest, cur: PathCursor): TxnResponse {
  const succeeded = cur.path[cur.i++]!;
  // a nested txn's header stays empty, as in etcd; the caller sets the outer one
  const resp: TxnResponse = { header: header(0), succeeded, responses: [] };
  for (const op of branch(rt, succeeded)) resp.responses.push(executeOp(tw, op, cur));
  return resp;
}

/**
 * Applies a TxnRequest: compares, then the success or failure branch, in one revision (none if
 * nothing changed). The request must have passed {@link checkTxnRequest} (the gRPC layer).
 * @throws ErrLeaseNotFound, ErrKeyNotFound, ErrCompacted, ErrFutureRev from the check pass.
 */
export function applyTxn(s: KVStore, rt: TxnRequest): TxnResponse {
  const tw = s.write();
  try {
    const path: boolean[] = [];
    compareToPath(tw, rt, path);
    checkTxn(s, tw, rt, { path, i: 0 });
    const resp = executeTxn(tw, rt, { path, i: 0 });
    resp.header = header(tw.rev() + (tw.changes.length > 0 ? 1 : 0));
    return resp;
  } finally {
    tw.end();
  }
}
