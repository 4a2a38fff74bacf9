import { ErrProposalDropped } from './errors';
import { newMessage, None } from './messages';
import type { Message } from './messages';
import type { Raft } from './raft';
import { hup } from './raft-campaign';
import { restoreSnapshot } from './raft-conf';

/**
 * stepFollower handles messages in StateFollower: accept the leader's appends, heartbeats and
 * snapshots (resetting the election timer), and forward proposals, transfer requests and
 * ReadIndex requests to the leader.
 */
export function stepFollower(r: Raft, m: Message): void {
  switch (m.type) {
    case 'MsgProp':
      if (r.lead === None) return dropProposal(r, m, 'no leader');
      if (r.disableProposalForwarding) return dropProposal(r, m, 'proposal forwarding disabled');
      r.send({ ...m, to: r.lead });
      return;
    case 'MsgApp':
      r.electionElapsed = 0;
      r.lead = m.from;
      handleAppendEntries(r, m);
      return;
    case 'MsgHeartbeat':
      r.electionElapsed = 0;
      r.lead = m.from;
      handleHeartbeat(r, m);
      return;
    case 'MsgSnap':
      r.electionElapsed = 0;
      r.lead = m.from;
      handleSnapshot(r, m);
      return;
    case 'MsgTransferLeader':
      if (r.lead === None) {
        r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: 'no leader to transfer' }));
        return;
      }
      r.send({ ...m, to: r.lead, term: 0 });
      return;
    case 'MsgTimeoutNow':
      // Leader transfers never use pre-vote: we know the leader is alive (thesis §3.10).
      hup(r, 'CampaignTransfer');
      return;
    case 'MsgReadIndex':
      if (r.lead === None) {
        r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: 'no leader for read index' }));
        return;
      }
      r.send({ ...m, to: r.lead });
      return;
    case 'MsgReadIndexResp': {
      if (m.entries.length !== 1) return;
      const rs = { index: m.index, requestCtx: m.entries[0].data };
      r.readStates.push(rs);
      r.emit(() => ({ type: 'read-state', node: r.id, term: r.term, index: rs.index, requestCtx: rs.requestCtx }));
      return;
    }
    default:
      return;
  }
}

function dropProposal(r: Raft, m: Message, reason: string): never {
  r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason }));
  throw new ErrProposalDropped();
}

/**
 * handleAppendEntries applies the consistency check (§5.3): accept and ack the last new index,
 * or reject with a hint (rejectHint, logTerm) = the largest entry of ours with index <= m.index
 * and term <= m.logTerm, so the leader can skip a whole divergent term at once.
 */
export function handleAppendEntries(r: Raft, m: Message): void {
  if (m.index < r.raftLog.committed) {
    // Stale MsgApp: everything up to committed matches; tell the leader where we are.
    r.send(newMessage({ type: 'MsgAppResp', to: m.from, index: r.raftLog.committed }));
    return;
  }
  const oldLast = r.raftLog.lastIndex();
  const oldCommit = r.raftLog.committed;
  // The conflict index is only computed for tracing: it costs nothing when tracing is off.
  const ci = r.tracer && r.raftLog.matchTerm(m.index, m.logTerm) ? r.raftLog.findConflict(m.entries) : 0;
  const lastNew = r.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
  if (lastNew !== undefined) {
    if (ci !== 0) {
      if (ci <= oldLast) r.emit(() => ({ type: 'conflict', node: r.id, term: r.term, index: ci }));
      r.emit(() => ({ type: 'append', node: r.id, term: r.term, from: ci, to: lastNew }));
    }
    if (r.raftLog.committed !== oldCommit) r.emit(() => ({ type: 'commit', node: r.id, term: r.term, commit: r.raftLog.committed }));
    r.send(newMessage({ type: 'MsgAppResp', to: m.from, index: lastNew }));
    return;
  }
  const hint = r.raftLog.findConflictByTerm(Math.min(m.index, r.raftLog.lastIndex()), m.logTerm);
  r.send(newMessage({ type: 'MsgAppResp', to: m.from, index: m.index, reject: true, rejectHint: hint.index, logTerm: hint.term }));
}

/** handleHeartbeat raises commit (never lowers it) and answers, echoing the ReadIndex ctx. */
export function handleHeartbeat(r: Raft, m: Message): void {
  const old = r.raftLog.committed;
  r.raftLog.commitTo(m.commit);
  if (r.raftLog.committed !== old) r.emit(() => ({ type: 'commit', node: r.id, term: r.term, commit: r.raftLog.committed }));
  const resp = newMessage({ type: 'MsgHeartbeatResp', to: m.from });
  if (m.context !== undefined) resp.context = m.context;
  r.send(resp);
}

/** handleSnapshot restores a snapshot and acks the new last index (or our commit if ignored). */
export function handleSnapshot(r: Raft, m: Message): void {
  const s = m.snapshot;
  if (s !== undefined && restoreSnapshot(r, s)) {
    r.send(newMessage({ type: 'MsgAppResp', to: m.from, index: r.raftLog.lastIndex() }));
  } else {
    r.send(newMessage({ type: 'MsgAppResp', to: m.from, index: r.raftLog.committed }));
  }
}
