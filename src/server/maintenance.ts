/**
 * The Maintenance API of a member (etcd's maintenance.go): status, hashKV, defragment, alarms,
 * snapshot, move-leader; and the UI's state() view.
 */
import type { AlarmMember, AlarmResponse, HashKVResponse, ResponseHeader, StatusResponse } from '../protocol/rpc';
import type { MemberState, RequestOptions } from './api';
import { ErrBadLeaderTransferee, ErrNotLeader, ErrStopped, ErrTimeoutLeaderTransfer, toClientError } from './errors';
import { toMember } from './membership';
import { formatAlarm } from './quota';
import type { EtcdServer } from './server';
import { encodeBackendImage } from './snapshot';

/** The version `endpoint status` prints. */
export const VERSION = '3.4.23';

function live(s: EtcdServer): void {
  if (s.stopped) throw new ErrStopped();
}

/** The leader's member ID, 0n when there is none. */
export function leaderId(s: EtcdServer): bigint {
  if (s.lead === 0) return 0n;
  return s.cluster.byRaftId(s.lead)?.ID ?? 0n;
}

/** Status: as `endpoint status` shows it; ERRORS lists "no leader" and the active alarms. */
export async function status(s: EtcdServer): Promise<StatusResponse> {
  live(s);
  const st = s.be.stats();
  const errors: string[] = [];
  if (s.lead === 0) errors.push('etcdserver: no leader');
  for (const a of s.alarms.list()) errors.push(formatAlarm(a));
  const raft = s.r.node.raft;
  return {
    header: s.header(),
    version: VERSION,
    dbSize: st.dbSize,
    leader: leaderId(s),
    raftIndex: raft.raftLog.committed,
    raftTerm: raft.term,
    raftAppliedIndex: s.appliedIndex,
    errors,
    dbSizeInUse: st.dbSizeInUse,
    isLearner: raft.isLearner,
  };
}

/** HashKV at `revision` (0: current). */
export async function hashKV(s: EtcdServer, revision: number): Promise<HashKVResponse> {
  live(s);
  try {
    const h = s.kv.hashByRev(revision);
    return { header: s.header(h.currentRev), hash: h.hash, compactRevision: h.compactRevision };
  } catch (e) {
    throw toClientError(e);
  }
}

/** Defragment: rewrites the backend compactly (dbSize shrinks). */
export async function defragment(s: EtcdServer): Promise<{ header: ResponseHeader }> {
  live(s);
  await s.be.defrag();
  return { header: s.header() };
}

/** AlarmList. */
export async function alarmList(s: EtcdServer): Promise<AlarmResponse> {
  live(s);
  return { header: s.header(), alarms: s.alarms.list() };
}

/** AlarmDisarm through raft; answers the alarms it deactivated. */
export async function alarmDisarm(s: EtcdServer, a: AlarmMember, opts?: RequestOptions): Promise<AlarmResponse> {
  live(s);
  if (!s.alarms.list().some((x) => x.memberID === a.memberID && x.alarm === a.alarm)) return { header: s.header(), alarms: [] };
  return s.propose<AlarmResponse>({ type: 'alarm', req: { action: 'DEACTIVATE', memberID: a.memberID, alarm: a.alarm } }, opts);
}

/** Snapshot: the backend image (`snapshot save`); decode with decodeBackendImage. */
export async function snapshot(s: EtcdServer): Promise<Uint8Array> {
  live(s);
  return encodeBackendImage(s.be);
}

/**
 * MoveLeader: the leader hands leadership to `transferee` and answers once it is the leader
 * (or fails with ErrTimeoutLeaderTransfer). Only the leader serves it.
 */
export async function moveLeader(s: EtcdServer, transferee: bigint, opts?: RequestOptions): Promise<{ header: ResponseHeader }> {
  live(s);
  const m = s.cluster.member(transferee);
  if (m === undefined || m.isLearner) throw new ErrBadLeaderTransferee();
  if (s.raftState !== 'StateLeader') throw new ErrNotLeader(s.lead);
  if (m.raftId === s.raftId) return { header: s.header() };
  s.r.node.transferLeader(m.raftId);
  s.r.kick();
  const deadline = s.nowMs + s.timeoutMs(opts);
  await new Promise<void>((resolve, reject) => {
    const off = s.onTickHook(() => {
      if (s.lead === m.raftId) {
        off();
        resolve();
      } else if (s.nowMs >= deadline || s.stopped) {
        off();
        reject(s.stopped ? new ErrStopped() : new ErrTimeoutLeaderTransfer());
      }
    });
  });
  return { header: s.header() };
}

/** The UI's view of a member. */
export function memberState(s: EtcdServer): MemberState {
  const st = s.be.stats();
  const storage = s.r.storage;
  return {
    raftId: s.raftId,
    memberId: s.memberId,
    name: s.cfg.name,
    raft: s.r.node.status(),
    lastIndex: storage.lastIndex(),
    firstIndex: storage.firstIndex(),
    snapshotIndex: storage.snapshot().metadata.index,
    revision: s.kv.rev(),
    compactRevision: s.kv.compactRevision(),
    dbSize: st.dbSize,
    dbSizeInUse: st.dbSizeInUse,
    alarms: s.alarms.list(),
    appliedIndex: s.appliedIndex,
    leaderId: leaderId(s),
    leasePrimary: s.lessor.isPrimary(),
    members: s.cluster.list().map((m) => ({ ...toMember(m), raftId: m.raftId })),
    stopped: s.stopped,
    removed: s.removed,
    logTerms: logTerms(storage),
    ...(s.noSpace ? { noSpace: s.noSpace.error } : {}),
  };
}

/** How many of the newest log entries MemberState.logTerms carries. */
const LOG_WINDOW = 40;

/** Terms of the newest LOG_WINDOW entries still in storage (cheap: at most 40 term lookups). */
function logTerms(storage: { firstIndex(): number; lastIndex(): number; term(i: number): number }): MemberState['logTerms'] {
  const last = storage.lastIndex();
  const first = Math.max(storage.firstIndex(), last - LOG_WINDOW + 1);
  const terms: number[] = [];
  for (let i = first; i <= last; i++) terms.push(storage.term(i));
  return { first, terms };
}
