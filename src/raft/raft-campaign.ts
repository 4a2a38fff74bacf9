import { newMessage, None } from './messages';
import type { MessageType } from './messages';
import type { CampaignType, Raft } from './raft';
import type { VoteResult } from './quorum';

/** campaignTransferCtx is the MsgVote context marking a leader-transfer campaign. */
export const campaignTransferCtx: Uint8Array = new TextEncoder().encode('CampaignTransfer');

/**
 * Elections (Raft paper §5.2, thesis §3.4 and §9.6 PreVote).
 */

/** hup starts a campaign if this node may: not leader, promotable, no unapplied conf change. */
export function hup(r: Raft, t: CampaignType): void {
  if (r.state === 'StateLeader') return;
  if (!r.promotable()) return;
  if (r.hasUnappliedConfChanges()) return;
  campaign(r, t);
}

/**
 * campaign becomes (pre-)candidate and requests votes from every voter. The self-vote goes
 * through msgsAfterAppend, so it only counts once the new term/vote is durable.
 */
export function campaign(r: Raft, t: CampaignType): void {
  let term: number;
  let voteMsg: MessageType;
  if (t === 'CampaignPreElection') {
    r.becomePreCandidate();
    voteMsg = 'MsgPreVote';
    // Pre-votes are requested for the next term without incrementing ours.
    term = r.term + 1;
  } else {
    r.becomeCandidate();
    voteMsg = 'MsgVote';
    term = r.term;
  }
  const lastIndex = r.raftLog.lastIndex();
  const lastTerm = r.raftLog.lastTerm();
  for (const id of r.trk.voterNodes()) {
    if (id === r.id) {
      r.send(newMessage({ type: voteMsg === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp', to: id, term }));
      continue;
    }
    const m = newMessage({ type: voteMsg, to: id, term, index: lastIndex, logTerm: lastTerm });
    if (t === 'CampaignTransfer') m.context = campaignTransferCtx;
    r.send(m);
  }
}

/** poll records a vote and returns the election result so far. */
export function poll(r: Raft, id: number, granted: boolean): VoteResult {
  r.trk.recordVote(id, granted);
  return r.trk.tallyVotes().result;
}

/** handleVoteResponse counts a (pre-)vote response in a (pre-)candidate. */
export function handleVoteResponse(r: Raft, from: number, reject: boolean): void {
  const res = poll(r, from, !reject);
  if (res === 'VoteWon') {
    if (r.state === 'StatePreCandidate') campaign(r, 'CampaignElection');
    else {
      r.becomeLeader();
      r.bcastAppend();
    }
  } else if (res === 'VoteLost') {
    // MsgPreVoteResp carries the rejecter's term if it is higher: becomeFollower at our term.
    r.becomeFollower(r.term, None);
  }
}
