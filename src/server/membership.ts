/**
 * RaftCluster: the cluster membership of one member (etcd's membership.RaftCluster), kept in
 * memory and in the backend's `members` / `members_removed` buckets (written in the same batch
 * as the consistent index of the conf change entry that changed it).
 *
 * ```
 *   members          "8211f1d0f64f3269" -> {"ID":…,"raftId":1,"name":"infra1","peerURLs":[…],…}
 *   members_removed  "fd422379fda50e48" -> {"raftId":3}
 * ```
 * Each member also carries its small raft node id (`raftId`): etcdscope's raft uses small numbers,
 * etcd's uses the member ID itself.
 */
import type { Backend } from '../backend';
import type { Member } from '../protocol/rpc';
import { decodeData, encodeData } from './codec';

/** The cluster version the leader records (etcd 3.4 records major.minor.0). */
export const CLUSTER_VERSION = '3.4.0';
/** Key of the cluster version in the `cluster` bucket. */
export const CLUSTER_VERSION_KEY = new TextEncoder().encode('clusterVersion');

/** A member as the cluster records it. */
export interface MemberRecord extends Member {
  raftId: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function idKey(id: bigint): Uint8Array {
  return enc.encode(id.toString(16).padStart(16, '0'));
}

function compareIds(a: { ID: bigint }, b: { ID: bigint }): number {
  return a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0;
}

/** The membership of the cluster this member belongs to. */
export class RaftCluster {
  private members = new Map<bigint, MemberRecord>();
  /** Removed member ID -> the raft id it had (never reused: messages from it are dropped). */
  private removed = new Map<bigint, number>();

  constructor(
    readonly clusterId: bigint,
    private readonly be: Backend,
  ) {
    this.recover();
  }

  /** Reloads the membership from the backend (on open and after a snapshot restore). */
  recover(): void {
    this.members = new Map();
    this.removed = new Map();
    const tx = this.be.readTx();
    tx.unsafeForEach('members', (_k, v) => {
      const m = decodeData<MemberRecord>(v);
      this.members.set(m.ID, m);
    });
    tx.unsafeForEach('members_removed', (k, v) => {
      this.removed.set(BigInt('0x' + dec.decode(k)), decodeData<{ raftId: number }>(v).raftId);
    });
  }

  /** Every member, sorted by ID (as `member list` prints them). */
  list(): MemberRecord[] {
    return [...this.members.values()].sort(compareIds).map((m) => ({ ...m }));
  }

  /** The member with this ID. */
  member(id: bigint): MemberRecord | undefined {
    return this.members.get(id);
  }

  /** The member with this raft id. */
  byRaftId(raftId: number): MemberRecord | undefined {
    for (const m of this.members.values()) if (m.raftId === raftId) return m;
    return undefined;
  }

  /** Whether `id` was removed from the cluster. */
  isRemoved(id: bigint): boolean {
    return this.removed.has(id);
  }

  /** Raft ids of removed members. */
  removedRaftIds(): number[] {
    return [...this.removed.values()];
  }

  /** The largest raft id ever used in this cluster (members and removed members). */
  maxRaftId(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.raftId);
    for (const r of this.removed.values()) max = Math.max(max, r);
    return max;
  }

  /** Adds (or replaces) a member; the caller holds the batch transaction. */
  unsafeAdd(m: MemberRecord): void {
    this.members.set(m.ID, { ...m });
    this.persist(m);
  }

  /** Removes a member and remembers its ID (and raft id) as removed. */
  unsafeRemove(id: bigint, raftId: number): void {
    this.members.delete(id);
    this.removed.set(id, raftId);
    const tx = this.be.batchTx();
    tx.unsafeDelete('members', idKey(id));
    tx.unsafePut('members_removed', idKey(id), encodeData({ raftId }));
  }

  /** Applies a change to a member's record (promote, attributes, peer URLs). */
  unsafeUpdate(id: bigint, f: (m: MemberRecord) => void): void {
    const m = this.members.get(id);
    if (m === undefined) return;
    f(m);
    this.persist(m);
  }

  private persist(m: MemberRecord): void {
    this.be.batchTx().unsafePut('members', idKey(m.ID), encodeData(m));
  }
}

/** toMember strips the raft id: the etcdserverpb.Member a client sees. */
export function toMember(m: MemberRecord): Member {
  return { ID: m.ID, name: m.name, peerURLs: [...m.peerURLs], clientURLs: [...m.clientURLs], isLearner: m.isLearner };
}
