/**
 * The member's identity, kept in its own backend (etcd keeps it in the WAL metadata): the member
 * ID and the cluster ID are derived once (ids.ts, or given by the host when joining) and read
 * back on every restart, so a member whose peer URLs changed (`member update`) keeps its ID.
 * Stored under `local_*` keys of the `meta` bucket, which snapshot images never carry.
 */
import type { Backend } from '../backend';

const enc = new TextEncoder();
const MEMBER_KEY = enc.encode('local_member_id');
const CLUSTER_KEY = enc.encode('local_cluster_id');

function readId(be: Backend, key: Uint8Array): bigint | undefined {
  const v = be.readTx().unsafeRange('meta', key, undefined, 0).values[0];
  return v === undefined ? undefined : new DataView(v.buffer, v.byteOffset, 8).getBigUint64(0);
}

function idBytes(id: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, id);
  return b;
}

/** The stored identity, or `fallback` (then stored, in the batch: the caller commits). */
export function loadOrStoreIdentity(be: Backend, fallback: { memberId: bigint; clusterId: bigint }): { memberId: bigint; clusterId: bigint } {
  const memberId = readId(be, MEMBER_KEY);
  const clusterId = readId(be, CLUSTER_KEY);
  if (memberId !== undefined && clusterId !== undefined) return { memberId, clusterId };
  const tx = be.batchTx();
  tx.unsafePut('meta', MEMBER_KEY, idBytes(fallback.memberId));
  tx.unsafePut('meta', CLUSTER_KEY, idBytes(fallback.clusterId));
  return fallback;
}
