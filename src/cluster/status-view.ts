/** statusViews: the per-member status the cluster reports (window.etcdscope.status(), the UI). */
import type { MemberHandle } from './member-handle';
import type { MemberRole } from './events';
import { roleOf } from './role';

/** One member as status() reports it. */
export interface MemberStatusView {
  name: string;
  raftId: number;
  /** etcd member ID as 16 hex digits. */
  id: string;
  state: MemberRole;
  term: number;
  /** Name of the leader this member follows ('' when none). */
  leader: string;
  commit: number;
  applied: number;
  lastIndex: number;
  /** Index of the member's last raft snapshot (the log holds entries after it, plus the catch-up entries kept behind it). */
  snapshotIndex: number;
  /** First index still in its raft log: a follower that needs an earlier entry gets a snapshot (MsgSnap). */
  firstIndex: number;
  revision: number;
  compactRevision: number;
  clientURL: string;
  error?: string;
}

/** Builds the status of every member slot, in slot order. */
export function statusViews(handles: readonly MemberHandle[]): MemberStatusView[] {
  return handles.map((h) => {
    const s = h.summary;
    const lead = s && h.running ? handles.find((x) => x.raftId === s.lead) : undefined;
    const view: MemberStatusView = {
      name: h.name,
      raftId: h.raftId,
      id: s ? s.memberId.toString(16).padStart(16, '0') : '',
      state: h.lifecycle === 'corrupt' ? 'corrupt' : h.running && s ? roleOf(s) : 'stopped',
      term: s?.term ?? 0,
      leader: lead?.name ?? '',
      commit: s?.commit ?? 0,
      applied: s?.applied ?? 0,
      lastIndex: s?.lastIndex ?? 0,
      snapshotIndex: s?.snapshotIndex ?? 0,
      firstIndex: s?.firstIndex ?? 0,
      revision: s?.revision ?? 0,
      compactRevision: s?.compactRevision ?? 0,
      clientURL: h.slot.clientURLs[0] ?? '',
    };
    if (h.lastError && !h.running) view.error = h.lastError;
    else if (h.running && s?.noSpace) view.error = s.noSpace;
    return view;
  });
}
