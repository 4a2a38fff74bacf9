import { AssertionError } from './assert';
import { ErrProposalDropped } from './errors';
import { newEntry, newMessage, None } from './messages';
import type { Message } from './messages';
import type { Progress } from './progress';
import type { Raft } from './raft';
import {
  bcastAppend,
  bcastHeartbeat,
  maybeCommit,
  maybeSendAppend,
  sendAppend,
  sendTimeoutNow,
  traceProgress,
  appendEntry,
} from './raft-replicate';

/**
 * stepLeader handles messages in StateLeader: heartbeats, CheckQuorum, proposals, ReadIndex,
 * and the per-follower responses that drive Progress (probe / replicate / snapshot).
 */
export function stepLeader(r: Raft, m: Message): void {
  switch (m.type) {
    case 'MsgBeat':
      bcastHeartbeat(r);
      return;
    case 'MsgCheckQuorum':
      if (!r.trk.quorumActive()) r.becomeFollower(r.term, None);
      // Mark everyone but ourselves inactive for the next round.
      r.trk.visit((id, pr) => {
        if (id !== r.id) pr.recentActive = false;
      });
      return;
    case 'MsgProp':
      stepProposal(r, m);
      return;
    case 'MsgReadIndex':
      stepReadIndex(r, m);
      return;
    default:
      break;
  }
  const pr = r.trk.progress.get(m.from);
  if (pr === undefined) {
    r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: 'no progress for sender' }));
    return;
  }
  switch (m.type) {
    case 'MsgAppResp':
      pr.recentActive = true;
      if (m.reject) handleAppReject(r, m, pr);
      else handleAppAck(r, m, pr);
      return;
    case 'MsgHeartbeatResp':
      handleHeartbeatResp(r, m, pr);
      return;
    case 'MsgSnapStatus': {
      if (pr.state !== 'StateSnapshot') return;
      // On failure forget the pending snapshot first, or we would probe from its index.
      if (m.reject) pr.pendingSnapshot = 0;
      pr.becomeProbe();
      traceProgress(r, m.from, pr, 'StateSnapshot');
      // Wait for the MsgAppResp (success) or a heartbeat interval (failure) before the next MsgApp.
      pr.msgAppFlowPaused = true;
      return;
    }
    case 'MsgUnreachable':
      // In replicate state a MsgApp was probably lost: fall back to probing.
      if (pr.state === 'StateReplicate') {
        pr.becomeProbe();
        traceProgress(r, m.from, pr, 'StateReplicate');
      }
      return;
    case 'MsgTransferLeader':
      handleTransferLeader(r, m, pr);
      return;
    default:
      return;
  }
}

function stepProposal(r: Raft, m: Message): void {
  if (m.entries.length === 0) throw new AssertionError(`${r.id} stepped empty MsgProp`);
  const drop = (reason: string): never => {
    r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason }));
    throw new ErrProposalDropped();
  };
  // A leader removed from the configuration (without stepDownOnRemoval) drops proposals.
  if (!r.trk.progress.has(r.id)) drop('leader is not in the configuration');
  if (r.leadTransferee !== None) drop(`transfer to ${r.leadTransferee} in progress`);
  const entries = m.entries.map((e, i) => {
    if (e.type !== 'EntryConfChange') return e;
    if (r.pendingConfIndex > r.raftLog.applied) {
      // Only one unapplied conf change at a time: replace it by an empty normal entry.
      return newEntry({});
    }
    r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
    return e;
  });
  if (!appendEntry(r, entries)) drop('too many uncommitted entries');
  bcastAppend(r);
}

function stepReadIndex(r: Raft, m: Message): void {
  if (r.trk.isSingleton()) {
    respondToReadIndex(r, m, r.raftLog.committed);
    return;
  }
  // Thesis §6.4 step 1: a new leader must first commit an entry of its term; until then the
  // request waits (its commit index may be behind the previous leader's).
  if (!r.committedEntryInCurrentTerm()) {
    r.pendingReadIndexMessages.push(m);
    return;
  }
  sendReadIndexConfirmation(r, m);
}

/** sendReadIndexConfirmation records the read index and confirms leadership by heartbeat. */
function sendReadIndexConfirmation(r: Raft, m: Message): void {
  r.readOnly.addRequest(r.raftLog.committed, m);
  // The leader acks its own request.
  r.readOnly.recvAck(r.id, r.readOnly.heartbeatCtx());
  bcastHeartbeat(r);
}

/** releasePendingReadIndexMessages serves reads that waited for a current-term commit. */
function releasePendingReadIndexMessages(r: Raft): void {
  if (r.pendingReadIndexMessages.length === 0) return;
  if (!r.committedEntryInCurrentTerm()) return;
  const msgs = r.pendingReadIndexMessages;
  r.pendingReadIndexMessages = [];
  for (const m of msgs) sendReadIndexConfirmation(r, m);
}

/** respondToReadIndex produces a local ReadState or a MsgReadIndexResp to the requester. */
function respondToReadIndex(r: Raft, req: Message, index: number): void {
  if (req.from === None || req.from === r.id) {
    const rs = { index, requestCtx: req.entries[0].data };
    r.readStates.push(rs);
    r.emit(() => ({ type: 'read-state', node: r.id, term: r.term, index, requestCtx: rs.requestCtx }));
    return;
  }
  r.send(newMessage({ type: 'MsgReadIndexResp', to: req.from, index, entries: req.entries }));
}

function handleAppReject(r: Raft, m: Message, pr: Progress): void {
  // The follower's hint (rejectHint, logTerm) is the largest entry of its log with term <=
  // the probed term. Find our largest entry with index <= rejectHint and term <= logTerm: if the
  // follower's term there matches, everything up to it matches (Log Matching), so the next probe
  // can skip the whole divergent range in one round trip.
  let nextProbeIdx = m.rejectHint;
  if (m.logTerm > 0) nextProbeIdx = r.raftLog.findConflictByTerm(m.rejectHint, m.logTerm).index;
  if (pr.maybeDecrTo(m.index, nextProbeIdx)) {
    if (pr.state === 'StateReplicate') {
      pr.becomeProbe();
      traceProgress(r, m.from, pr, 'StateReplicate');
    }
    sendAppend(r, m.from);
  }
}

function handleAppAck(r: Raft, m: Message, pr: Progress): void {
  const from = pr.state;
  if (!(pr.maybeUpdate(m.index) || (pr.match === m.index && pr.state === 'StateProbe'))) return;
  if (pr.state === 'StateProbe') {
    pr.becomeReplicate();
  } else if (pr.state === 'StateSnapshot' && pr.match + 1 >= r.raftLog.firstIndex()) {
    // The follower caught up past the compaction point (maybe via the snapshot, maybe not):
    // normal replication can resume.
    pr.becomeProbe();
    pr.becomeReplicate();
  } else if (pr.state === 'StateReplicate') {
    pr.inflights.freeLE(m.index);
  }
  traceProgress(r, m.from, pr, from);
  if (maybeCommit(r)) {
    // Committed in our term: pending reads can now be served.
    releasePendingReadIndexMessages(r);
    bcastAppend(r);
  } else if (r.id !== m.from && pr.canBumpCommit(r.raftLog.committed)) {
    // The follower may not know the latest commit index yet.
    sendAppend(r, m.from);
  }
  // Flow control may now allow several messages (probe -> replicate, freed inflights).
  if (r.id !== m.from) {
    while (maybeSendAppend(r, m.from, false)) {
      // keep sending
    }
  }
  if (m.from === r.leadTransferee && pr.match === r.raftLog.lastIndex()) sendTimeoutNow(r, m.from);
}

function handleHeartbeatResp(r: Raft, m: Message, pr: Progress): void {
  pr.recentActive = true;
  pr.msgAppFlowPaused = false;
  // A lagging follower (or one probing after ReportUnreachable) gets a MsgApp, possibly empty,
  // so replication recovers even if every inflight MsgApp was dropped.
  if (pr.match < r.raftLog.lastIndex() || pr.state === 'StateProbe') maybeSendAppend(r, m.from, true);
  if (m.context === undefined || m.context.length === 0) return;
  r.readOnly.recvAck(m.from, m.context);
  for (const rs of r.readOnly.maybeAdvance(r.trk.config.voters)) respondToReadIndex(r, rs.req, rs.index);
}

function handleTransferLeader(r: Raft, m: Message, pr: Progress): void {
  if (pr.isLearner) {
    r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: 'transferee is a learner' }));
    return;
  }
  const transferee = m.from;
  if (r.leadTransferee !== None) {
    // Repeating the same target does not extend the timeout.
    if (r.leadTransferee === transferee) return;
    r.abortLeaderTransfer();
  }
  if (transferee === r.id) return;
  // The transfer must finish within one election timeout (thesis §3.10).
  r.electionElapsed = 0;
  r.leadTransferee = transferee;
  r.emit(() => ({ type: 'transfer-leader', node: r.id, term: r.term, transferee, action: 'start' }));
  if (pr.match === r.raftLog.lastIndex()) sendTimeoutNow(r, transferee);
  else sendAppend(r, transferee);
}
