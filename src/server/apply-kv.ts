/**
 * Applying one internal request (etcd's applierV3): KV operations on the MVCC store, leases on
 * the lessor, alarms, member attributes. Wrapped by the capped applier of etcd: while a NOSPACE
 * alarm is active, operations that may grow the database fail with ErrNoSpace.
 */
import type { ResponseHeader } from '../protocol/rpc';
import { assertNever } from './assert';
import { ErrNoSpace } from './errors';
import { needsQuota } from './quota';
import type { InternalOp } from './request';
import { CLUSTER_VERSION_KEY } from './membership';
import type { EtcdServer } from './server';

const enc = new TextEncoder();

function withHeader<T extends { header: ResponseHeader }>(s: EtcdServer, r: T): T {
  r.header = s.header(r.header.revision);
  return r;
}

/** Applies `op`; returns the response for the proposer, or throws the error it gets. */
export function applyOp(s: EtcdServer, op: InternalOp): unknown {
  if (s.alarms.has('NOSPACE') && needsQuota(op)) throw new ErrNoSpace();
  switch (op.type) {
    case 'put':
      return withHeader(s, s.kv.put(op.req));
    case 'range':
      return withHeader(s, s.kv.range(op.req));
    case 'deleteRange':
      return withHeader(s, s.kv.deleteRange(op.req));
    case 'txn':
      return withHeader(s, s.kv.txn(op.req));
    case 'compaction':
      s.kv.compact(op.req.revision);
      return { header: s.header() };
    case 'leaseGrant': {
      const v = s.lessor.grant(op.req.ID, op.req.TTL, s.nowMs);
      return { header: s.header(), ID: v.ID, TTL: v.ttl, error: '' };
    }
    case 'leaseRevoke':
      s.lessor.revoke(op.req.ID);
      return { header: s.header() };
    case 'leaseCheckpoint':
      for (const cp of op.req.checkpoints) s.lessor.checkpoint(cp.ID, cp.remainingTTL, s.nowMs);
      return { header: s.header() };
    case 'alarm': {
      const a = { memberID: op.req.memberID, alarm: op.req.alarm };
      const changed = op.req.action === 'ACTIVATE' ? s.alarms.unsafeActivate(a) : s.alarms.unsafeDeactivate(a);
      return { header: s.header(), alarms: changed === undefined ? [] : [changed] };
    }
    case 'memberAttrSet':
      s.cluster.unsafeUpdate(op.req.memberID, (m) => {
        m.name = op.req.name;
        m.clientURLs = [...op.req.clientURLs];
      });
      return { header: s.header() };
    case 'clusterVersionSet':
      s.be.batchTx().unsafePut('cluster', CLUSTER_VERSION_KEY, enc.encode(op.req.ver));
      return { header: s.header() };
    default:
      return assertNever(op, 'internal request');
  }
}
