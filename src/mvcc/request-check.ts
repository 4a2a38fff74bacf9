/**
 * Request validation that etcd does in its gRPC layer (api/v3rpc/key.go), before a request is
 * proposed to raft: empty keys, ignore_* misuse, the txn op limit and overlapping writes in a
 * txn branch. The server calls these on the client's request; the apply path (txn.ts) does not
 * repeat them, exactly as in etcd.
 */
import type { DeleteRangeRequest, PutRequest, RangeRequest, RequestOp, TxnRequest } from '../protocol/rpc';
import { assertNever } from './assert';
import { bytesToStr } from './bytes';
import { ErrDuplicateKey, ErrEmptyKey, ErrLeaseProvided, ErrTooManyOps, ErrValueProvided } from './errors';

/** etcd's default --max-txn-ops. */
export const DEFAULT_MAX_TXN_OPS = 128;

/** @throws ErrEmptyKey */
export function checkRangeRequest(r: RangeRequest): void {
  if (r.key.length === 0) throw new ErrEmptyKey();
}

/** @throws ErrEmptyKey, ErrValueProvided, ErrLeaseProvided */
export function checkPutRequest(r: PutRequest): void {
  if (r.key.length === 0) throw new ErrEmptyKey();
  if (r.ignoreValue && r.value.length !== 0) throw new ErrValueProvided();
  if (r.ignoreLease && (r.lease ?? 0n) !== 0n) throw new ErrLeaseProvided();
}

/** @throws ErrEmptyKey */
export function checkDeleteRequest(r: DeleteRangeRequest): void {
  if (r.key.length === 0) throw new ErrEmptyKey();
}

function checkRequestOp(u: RequestOp, maxTxnOps: number): void {
  if ('requestRange' in u) checkRangeRequest(u.requestRange);
  else if ('requestPut' in u) checkPutRequest(u.requestPut);
  else if ('requestDeleteRange' in u) checkDeleteRequest(u.requestDeleteRange);
  else if ('requestTxn' in u) checkTxnShape(u.requestTxn, maxTxnOps);
  else assertNever(u, 'request op');
}

function checkTxnShape(r: TxnRequest, maxTxnOps: number): void {
  // the limit applies to the largest of the three lists, not to their sum
  const opc = Math.max(r.compare.length, r.success.length, r.failure.length);
  if (opc > maxTxnOps) throw new ErrTooManyOps();
  for (const c of r.compare) if (c.key.length === 0) throw new ErrEmptyKey();
  for (const u of r.success) checkRequestOp(u, maxTxnOps - opc);
  for (const u of r.failure) checkRequestOp(u, maxTxnOps - opc);
}

/** A key interval [begin, end) in binary-string form; end '' is +infinity (etcd's affine strings). */
interface Interval {
  begin: string;
  end: string;
}

function affineLess(a: string, b: string): boolean {
  if (b === '') return a !== '';
  if (a === '') return false;
  return a < b;
}

function intersectsPoint(dels: Interval[], k: string): boolean {
  const point: Interval = { begin: k, end: k + '\0' };
  return dels.some((iv) => affineLess(iv.begin, point.end) && affineLess(point.begin, iv.end));
}

/**
 * etcd's checkIntervals: a put may not hit a key another put or a delete of the same branch
 * (nested txns included) touches. Intervals use the raw range end, as etcd does, so a `\0`
 * (from-key) delete end is compared literally.
 */
function checkIntervals(reqs: RequestOp[]): { puts: Set<string>; dels: Interval[] } {
  const dels: Interval[] = [];
  for (const req of reqs) {
    if (!('requestDeleteRange' in req)) continue;
    const d = req.requestDeleteRange;
    const begin = bytesToStr(d.key);
    const hasEnd = d.rangeEnd !== undefined && d.rangeEnd.length > 0;
    dels.push({ begin, end: hasEnd ? bytesToStr(d.rangeEnd!) : begin + '\0' });
  }
  const puts = new Set<string>();
  for (const req of reqs) {
    if (!('requestTxn' in req)) continue;
    const then = checkIntervals(req.requestTxn.success);
    const els = checkIntervals(req.requestTxn.failure);
    for (const k of then.puts) {
      if (puts.has(k) || intersectsPoint(dels, k)) throw new ErrDuplicateKey();
      puts.add(k);
    }
    for (const k of els.puts) {
      // the same key in then and else is fine: only one of them runs
      if ((puts.has(k) && !then.puts.has(k)) || intersectsPoint(dels, k)) throw new ErrDuplicateKey();
      puts.add(k);
    }
    dels.push(...then.dels, ...els.dels);
  }
  for (const req of reqs) {
    if (!('requestPut' in req)) continue;
    const k = bytesToStr(req.requestPut.key);
    if (puts.has(k) || intersectsPoint(dels, k)) throw new ErrDuplicateKey();
    puts.add(k);
  }
  return { puts, dels };
}

/**
 * Validates a TxnRequest as etcd's gRPC layer does.
 * @throws ErrTooManyOps, ErrEmptyKey, ErrValueProvided, ErrLeaseProvided, ErrDuplicateKey
 */
export function checkTxnRequest(r: TxnRequest, maxTxnOps = DEFAULT_MAX_TXN_OPS): void {
  checkTxnShape(r, maxTxnOps);
  checkIntervals(r.success);
  checkIntervals(r.failure);
}
