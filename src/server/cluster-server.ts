/**
 * The Cluster API of a member (etcd's cluster_server.go + EtcdServer.AddMember/RemoveMember/
 * PromoteMember/UpdateMember): checks as etcd's strict reconfiguration check does them, then a
 * conf change through raft whose context carries the member record; the answer is the
 * membership after the change was applied on this member.
 */
import type { Member, MemberListResponse, MemberRemoveResponse, ResponseHeader } from '../protocol/rpc';
import type { ConfChange } from '../raft';
import type { MemberAddResult, RequestOptions } from './api';
import { encodeConfChangeContext } from './apply-membership';
import {
  ErrLearnerNotReady,
  ErrLearnerNotSupported,
  ErrMemberNotFound,
  ErrMemberNotLearner,
  ErrNotEnoughStartedMembers,
  ErrNotLeader,
  ErrPeerURLExists,
  ErrStopped,
  ErrTooManyLearners,
} from './errors';
import { computeMemberId } from './ids';
import { toMember, type MemberRecord } from './membership';
import type { EtcdServer } from './server';

/** etcd's readyPercent: a learner may be promoted once its match index is >= 90 % of the leader's. */
const READY_PERCENT = 0.9;
/** etcd 3.4's maxLearners. */
const MAX_LEARNERS = 1;

interface ApplyResult {
  members: Member[];
  member: Member;
}

/** Membership changes are refused on a learner (etcd 3.4 serves learners status and serializable reads only). */
function live(s: EtcdServer): void {
  if (s.stopped) throw new ErrStopped();
  if (s.isLearner()) throw new ErrLearnerNotSupported();
}

function header(s: EtcdServer): ResponseHeader {
  return { ...s.header(), revision: 0 };
}

/** MemberList: served locally, works without a leader. */
export async function memberList(s: EtcdServer, _opts?: RequestOptions): Promise<MemberListResponse> {
  if (s.stopped) throw new ErrStopped();
  return { header: header(s), members: s.cluster.list().map(toMember) };
}

function started(m: MemberRecord): boolean {
  return m.name !== '';
}

/** etcd's strict check: after adding a voter, started voters must still form a quorum. */
function checkAddVoter(s: EtcdServer): void {
  const voters = s.cluster.list().filter((m) => !m.isLearner);
  if (voters.length === 1) return; // the 1-member special case etcd allows
  const startedVoters = voters.filter(started).length;
  if (startedVoters < Math.floor((voters.length + 1) / 2) + 1) throw new ErrNotEnoughStartedMembers();
}

function propose(s: EtcdServer, type: ConfChange['type'], m: MemberRecord, opts?: RequestOptions): Promise<ApplyResult> {
  const ID = s.ids.next();
  const cc: ConfChange = { type, nodeId: m.raftId, context: encodeConfChangeContext({ ID, member: m }) };
  return s.proposeConfChange<ApplyResult>(ID, cc, opts);
}

/** MemberAdd: a new member (voter or learner) with etcd's time-salted ID and the next raft id. */
export async function memberAdd(s: EtcdServer, peerURLs: string[], isLearner: boolean, opts?: RequestOptions): Promise<MemberAddResult> {
  live(s);
  const members = s.cluster.list();
  const urls = new Set(members.flatMap((m) => m.peerURLs));
  if (peerURLs.some((u) => urls.has(u))) throw new ErrPeerURLExists();
  if (isLearner && members.filter((m) => m.isLearner).length >= MAX_LEARNERS) throw new ErrTooManyLearners();
  if (!isLearner) checkAddVoter(s);
  const raftId = Math.max(s.cluster.maxRaftId(), ...s.removedRaftIds) + 1;
  const ID = computeMemberId(peerURLs, s.cfg.clusterToken, s.nowMs / 1000);
  const m: MemberRecord = { ID, raftId, name: '', peerURLs: [...peerURLs], clientURLs: [], isLearner };
  const r = await propose(s, isLearner ? 'ConfChangeAddLearnerNode' : 'ConfChangeAddNode', m, opts);
  return { header: header(s), member: r.member, members: r.members, raftId };
}

/** MemberRemove. */
export async function memberRemove(s: EtcdServer, id: bigint, opts?: RequestOptions): Promise<MemberRemoveResponse> {
  live(s);
  const m = s.cluster.member(id);
  if (m === undefined) throw new ErrMemberNotFound();
  if (!m.isLearner) {
    const rest = s.cluster.list().filter((x) => !x.isLearner && x.ID !== id);
    if (rest.length > 0 && rest.filter(started).length < Math.floor(rest.length / 2) + 1) throw new ErrNotEnoughStartedMembers();
  }
  const r = await propose(s, 'ConfChangeRemoveNode', m, opts);
  return { header: header(s), members: r.members };
}

/** MemberUpdate: new peer URLs. */
export async function memberUpdate(s: EtcdServer, id: bigint, peerURLs: string[], opts?: RequestOptions): Promise<{ header: ResponseHeader; members: Member[] }> {
  live(s);
  const m = s.cluster.member(id);
  if (m === undefined) throw new ErrMemberNotFound();
  const others = new Set(s.cluster.list().filter((x) => x.ID !== id).flatMap((x) => x.peerURLs));
  if (peerURLs.some((u) => others.has(u))) throw new ErrPeerURLExists();
  const r = await propose(s, 'ConfChangeUpdateNode', { ...m, peerURLs: [...peerURLs] }, opts);
  return { header: header(s), members: r.members };
}

/**
 * MemberPromote: only the leader can tell whether the learner is in sync (its raft progress);
 * on a follower it rejects with ErrNotLeader (the cluster layer retries at the leader).
 */
export async function memberPromote(s: EtcdServer, id: bigint, opts?: RequestOptions): Promise<{ header: ResponseHeader; members: Member[] }> {
  live(s);
  const m = s.cluster.member(id);
  if (m === undefined) throw new ErrMemberNotFound();
  if (!m.isLearner) throw new ErrMemberNotLearner();
  if (s.raftState !== 'StateLeader') throw new ErrNotLeader(s.lead);
  const st = s.r.node.status();
  const leaderMatch = st.progress.get(s.raftId)?.match ?? 0;
  const learnerMatch = st.progress.get(m.raftId)?.match ?? 0;
  if (learnerMatch < leaderMatch * READY_PERCENT) throw new ErrLearnerNotReady();
  const r = await propose(s, 'ConfChangeAddNode', { ...m, isLearner: false }, opts);
  return { header: header(s), members: r.members };
}
