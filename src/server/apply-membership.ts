/**
 * Applying conf change entries (etcd's EtcdServer.applyConfChange): raft's configuration always
 * follows the log; the membership (members bucket) changes only for entries above the consistent
 * index. The context of a conf change carries the proposer's request ID and the member record;
 * the bootstrap entries of a new cluster carry none, and take the member from `initialCluster`.
 *
 * ```
 *   ConfChangeAddNode         new member (voter) | existing learner -> promote
 *   ConfChangeAddLearnerNode  new learner
 *   ConfChangeRemoveNode      member removed (a removed member stops)
 *   ConfChangeUpdateNode      new peer URLs
 * ```
 */
import { ConfChangeError, decodeConfChange, type ConfChange, type Entry } from '../raft';
import { decodeData, encodeData } from './codec';
import { crc32 } from './crc32';
import { ErrIDExists, ErrIDRemoved, ErrMemberNotFound, toClientError } from './errors';
import { computeMemberId } from './ids';
import { toMember, type MemberRecord } from './membership';
import type { InitialMember } from './api';
import type { EtcdServer } from './server';

/** What the context of a conf change proposed by a member carries. */
export interface ConfChangeContext {
  /** The proposer's request ID (wait.ts). */
  ID: bigint;
  member: MemberRecord;
}

/** encodeConfChangeContext serialises a conf change context. */
export function encodeConfChangeContext(c: ConfChangeContext): Uint8Array {
  return encodeData(c);
}

/**
 * The context of a bootstrap entry (etcd: the member JSON in raft.Peer.Context): request ID 0
 * (nobody waits on it) and the initial member's record.
 */
export function bootstrapContext(cfg: Pick<EtcdServer['cfg'], 'clusterToken'>, im: InitialMember): Uint8Array {
  const member: MemberRecord = {
    ID: computeMemberId(im.peerURLs, cfg.clusterToken),
    raftId: im.raftId,
    name: im.name,
    peerURLs: [...im.peerURLs],
    clientURLs: [...im.clientURLs],
    isLearner: false,
  };
  return encodeConfChangeContext({ ID: 0n, member });
}

/** The member of a bootstrap entry written before entries carried contexts: from `initialCluster`. */
function bootstrapMember(s: EtcdServer, raftId: number): MemberRecord {
  const im = s.cfg.initialCluster.find((m) => m.raftId === raftId);
  if (im === undefined) return { ID: BigInt(raftId), raftId, name: '', peerURLs: [], clientURLs: [], isLearner: false };
  return {
    ID: computeMemberId(im.peerURLs, s.cfg.clusterToken),
    raftId,
    name: im.name,
    peerURLs: [...im.peerURLs],
    clientURLs: [...im.clientURLs],
    isLearner: false,
  };
}

/** Validates a conf change against the applied membership; throws the error its proposer gets. */
function validate(s: EtcdServer, cc: ConfChange, m: MemberRecord): void {
  const existing = s.cluster.member(m.ID);
  if (s.cluster.isRemoved(m.ID)) throw new ErrIDRemoved();
  if (cc.type === 'ConfChangeRemoveNode' || cc.type === 'ConfChangeUpdateNode') {
    if (existing === undefined) throw new ErrMemberNotFound();
  }
  if (cc.type === 'ConfChangeAddNode' && existing !== undefined && !existing.isLearner) throw new ErrIDExists();
  if (cc.type === 'ConfChangeAddLearnerNode' && existing !== undefined) throw new ErrIDExists();
}

/** Applies one EntryConfChange. */
export function applyConfChangeEntry(s: EtcdServer, e: Entry, shouldApply: boolean): void {
  const cc = decodeConfChange(e.data);
  const ctx = cc.context !== undefined && cc.context.length > 0 ? decodeData<ConfChangeContext>(cc.context) : undefined;
  const m = ctx?.member ?? bootstrapMember(s, cc.nodeId);
  if (shouldApply) {
    try {
      validate(s, cc, m);
    } catch (err) {
      s.kv.setConsistentIndex(e.index, e.term);
      if (ctx !== undefined) s.wait.fail(ctx.ID, crc32(cc.context!), toClientError(err));
      return;
    }
  }
  try {
    s.confState = s.r.node.applyConfChange(cc);
  } catch (err) {
    if (!(err instanceof ConfChangeError)) throw err;
  }
  if (cc.type === 'ConfChangeRemoveNode') s.removedRaftIds.add(cc.nodeId);
  if (!shouldApply) return;
  s.kv.setConsistentIndex(e.index, e.term);
  const change = applyMembership(s, cc, m);
  if (s.tracing) {
    s.emit({ kind: 'membership', member: s.raftId, change, raftId: cc.nodeId, memberId: m.ID });
    s.emit({ kind: 'apply', member: s.raftId, index: e.index, term: e.term, revision: s.kv.rev(), op: cc.type });
  }
  if (ctx !== undefined) s.wait.trigger(ctx.ID, crc32(cc.context!), { members: s.cluster.list().map(toMember), member: toMember(m) });
}

function applyMembership(s: EtcdServer, cc: ConfChange, m: MemberRecord): 'add' | 'add-learner' | 'remove' | 'promote' | 'update' {
  switch (cc.type) {
    case 'ConfChangeAddNode':
      if (s.cluster.member(m.ID)?.isLearner === true) {
        s.cluster.unsafeUpdate(m.ID, (x) => (x.isLearner = false));
        return 'promote';
      }
      s.cluster.unsafeAdd({ ...m, isLearner: false });
      return 'add';
    case 'ConfChangeAddLearnerNode':
      s.cluster.unsafeAdd({ ...m, isLearner: true });
      return 'add-learner';
    case 'ConfChangeRemoveNode':
      s.cluster.unsafeRemove(m.ID, cc.nodeId);
      if (cc.nodeId === s.raftId) s.removed = true;
      return 'remove';
    case 'ConfChangeUpdateNode':
      s.cluster.unsafeUpdate(m.ID, (x) => (x.peerURLs = [...m.peerURLs]));
      return 'update';
    default: {
      const never: never = cc.type;
      throw new Error(`unknown conf change ${String(never)}`);
    }
  }
}
