/**
 * etcd's member and cluster ID derivation (etcd-spec.md §12, etcd's membership.NewMember and
 * RaftCluster.genID):
 *
 * ```
 *   member ID  = first 8 bytes (big-endian) of SHA-1( sorted peer URLs joined "" + token [+ unix seconds] )
 *   cluster ID = first 8 bytes (big-endian) of SHA-1( member IDs sorted, each as 8 big-endian bytes )
 * ```
 */
import { sha1 } from './sha1';

const enc = new TextEncoder();

function first8(d: Uint8Array): bigint {
  return new DataView(d.buffer, d.byteOffset, 8).getBigUint64(0);
}

/**
 * computeMemberId derives a member's uint64 ID from its peer URLs and the cluster token; a member
 * added at runtime also mixes in the time of the add, in Unix seconds (`nowSeconds`).
 */
export function computeMemberId(peerURLs: readonly string[], clusterToken: string, nowSeconds?: number): bigint {
  let s = [...peerURLs].sort().join('') + clusterToken;
  if (nowSeconds !== undefined) s += String(Math.floor(nowSeconds));
  return first8(sha1(enc.encode(s)));
}

/** computeClusterId derives the cluster ID from the IDs of the initial members. */
export function computeClusterId(memberIds: readonly bigint[]): bigint {
  const sorted = [...memberIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const buf = new Uint8Array(8 * sorted.length);
  const dv = new DataView(buf.buffer);
  sorted.forEach((id, i) => dv.setBigUint64(i * 8, id));
  return first8(sha1(buf));
}

/** formatId prints a member/cluster ID the way etcdctl does (`%x`, no padding). */
export function formatId(id: bigint): string {
  return id.toString(16);
}
