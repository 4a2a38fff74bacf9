import { assertNever } from './assert';
import { isLocalMsg, newMessage, None, voteRespMsgType } from './messages';
import type { Message } from './messages';
import type { CampaignType, Raft } from './raft';
import { campaignTransferCtx, hup } from './raft-campaign';
import { stepCandidate } from './raft-step-candidate';
import { stepFollower } from './raft-step-follower';
import { stepLeader } from './raft-step-leader';

/** isCampaignTransfer reports whether a vote request is marked as a leader-transfer campaign. */
function isCampaignTransfer(ctx: Uint8Array | undefined): boolean {
  if (ctx === undefined || ctx.length !== campaignTransferCtx.length) return false;
  return ctx.every((b, i) => b === campaignTransferCtx[i]);
}

/**
 * stepRaft is the entry point for every message (etcd's raft.Step): it first handles the
 * message term (§5.1: a higher term makes us a follower; a lower one is ignored, with etcd's
 * special replies), then votes, then dispatches on the node's role.
 */
export function stepRaft(r: Raft, m: Message): void {
  if (!isLocalMsg(m.type) && m.from !== r.id) {
    r.emit(() => ({ type: 'receive', node: r.id, term: r.term, msg: m }));
  }
  if (m.term === 0) {
    // Local message (or a forwarded MsgProp / MsgReadIndex).
  } else if (m.term > r.term) {
    if (!handleHigherTerm(r, m)) return;
  } else if (m.term < r.term) {
    handleLowerTerm(r, m);
    return;
  }

  switch (m.type) {
    case 'MsgHup': {
      const t: CampaignType = r.preVote ? 'CampaignPreElection' : 'CampaignElection';
      hup(r, t);
      return;
    }
    case 'MsgVote':
    case 'MsgPreVote':
      handleVoteRequest(r, m, m.type);
      return;
    default:
      stepByState(r, m);
  }
}

/** handleHigherTerm applies §5.1 and the CheckQuorum lease; returns false if m is ignored. */
function handleHigherTerm(r: Raft, m: Message): boolean {
  if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
    const force = isCampaignTransfer(m.context);
    const inLease = r.checkQuorum && r.lead !== None && r.electionElapsed < r.electionTimeout;
    if (!force && inLease) {
      // Thesis §4.2.3: a server that heard from a current leader within the minimum election
      // timeout neither updates its term nor grants its vote.
      r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: `lease is not expired (remaining ticks: ${r.electionTimeout - r.electionElapsed})` }));
      return false;
    }
  }
  if (m.type === 'MsgPreVote') {
    // Never change our term in response to a PreVote.
  } else if (m.type === 'MsgPreVoteResp' && !m.reject) {
    // Pre-votes are sent for a future term; a granted one leaves our term unchanged.
  } else if (m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap') {
    r.becomeFollower(m.term, m.from);
  } else {
    r.becomeFollower(m.term, None);
  }
  return true;
}

/** handleLowerTerm ignores a stale-term message, with etcd-raft's two special replies. */
function handleLowerTerm(r: Raft, m: Message): void {
  if ((r.checkQuorum || r.preVote) && (m.type === 'MsgHeartbeat' || m.type === 'MsgApp')) {
    // A leader of a lower term is talking to us: maybe we were partitioned and bumped our term
    // campaigning. Answer with our term so it steps down; otherwise (with CheckQuorum/PreVote
    // stopping our campaign from disrupting it) the cluster could be stuck.
    r.send(newMessage({ type: 'MsgAppResp', to: m.from }));
  } else if (m.type === 'MsgPreVote') {
    // A pre-candidate with a lower term (e.g. rolling PreVote enablement) learns our term.
    r.send(newMessage({ type: 'MsgPreVoteResp', to: m.from, term: r.term, reject: true }));
    r.emit(() => ({ type: 'vote', node: r.id, term: r.term, to: m.from, pre: true, granted: false, candidateTerm: m.term }));
  } else {
    r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: 'lower term' }));
  }
}

/**
 * handleVoteRequest grants a (pre-)vote iff we may vote for m.from in this term and its log is
 * at least as up-to-date as ours (§5.4.1). Learners vote too (the candidate may know of a
 * promotion we have not applied). The reply carries the request's term.
 */
function handleVoteRequest(r: Raft, m: Message, t: 'MsgVote' | 'MsgPreVote'): void {
  const canVote =
    r.vote === m.from ||
    (r.vote === None && r.lead === None) ||
    (t === 'MsgPreVote' && m.term > r.term);
  const pre = t === 'MsgPreVote';
  if (canVote && r.raftLog.isUpToDate(m.index, m.logTerm)) {
    r.send(newMessage({ type: voteRespMsgType(t), to: m.from, term: m.term }));
    r.emit(() => ({ type: 'vote', node: r.id, term: r.term, to: m.from, pre, granted: true, candidateTerm: m.term }));
    if (t === 'MsgVote') {
      // Only real votes are recorded (and reset the election timer).
      r.electionElapsed = 0;
      r.vote = m.from;
    }
  } else {
    r.send(newMessage({ type: voteRespMsgType(t), to: m.from, term: r.term, reject: true }));
    r.emit(() => ({ type: 'vote', node: r.id, term: r.term, to: m.from, pre, granted: false, candidateTerm: m.term }));
  }
}

function stepByState(r: Raft, m: Message): void {
  switch (r.state) {
    case 'StateFollower':
      stepFollower(r, m);
      return;
    case 'StateCandidate':
    case 'StatePreCandidate':
      stepCandidate(r, m);
      return;
    case 'StateLeader':
      stepLeader(r, m);
      return;
    default:
      assertNever(r.state);
  }
}
