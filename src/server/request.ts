/**
 * InternalRaftRequest: what a normal raft entry carries (etcd's etcdserverpb.InternalRaftRequest):
 * the proposing member's request ID and exactly one operation. The ID lets the proposer find
 * the waiting client when the entry is applied (wait.ts).
 */
import type {
  AlarmType,
  CompactionRequest,
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  TxnRequest,
} from '../protocol/rpc';
import type { LeaseCheckpoint } from '../lease';
import { decodeData, encodeData } from './codec';

/** The operation of an internal request; `type` names etcd's oneof field. */
export type InternalOp =
  | { type: 'put'; req: PutRequest }
  | { type: 'range'; req: RangeRequest }
  | { type: 'deleteRange'; req: DeleteRangeRequest }
  | { type: 'txn'; req: TxnRequest }
  | { type: 'compaction'; req: CompactionRequest }
  | { type: 'leaseGrant'; req: { ID: bigint; TTL: number } }
  | { type: 'leaseRevoke'; req: { ID: bigint } }
  | { type: 'leaseCheckpoint'; req: { checkpoints: LeaseCheckpoint[] } }
  | { type: 'alarm'; req: { action: 'ACTIVATE' | 'DEACTIVATE'; memberID: bigint; alarm: AlarmType } }
  | { type: 'memberAttrSet'; req: { memberID: bigint; name: string; clientURLs: string[] } }
  | { type: 'clusterVersionSet'; req: { ver: string } };

/** One internal request: the proposer's request ID plus the operation. */
export interface InternalRaftRequest {
  ID: bigint;
  op: InternalOp;
}

/** encodeRequest serialises an internal request into entry data. */
export function encodeRequest(r: InternalRaftRequest): Uint8Array {
  return encodeData(r);
}

/** decodeRequest reads entry data back. */
export function decodeRequest(data: Uint8Array): InternalRaftRequest {
  return decodeData<InternalRaftRequest>(data);
}
