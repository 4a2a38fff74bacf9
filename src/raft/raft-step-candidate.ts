import { ErrProposalDropped } from './errors';
import type { Message } from './messages';
import type { Raft } from './raft';
import { handleVoteResponse } from './raft-campaign';
import { handleAppendEntries, handleHeartbeat, handleSnapshot } from './raft-step-follower';

/**
 * stepCandidate handles messages in StateCandidate and StatePreCandidate. A message from a
 * leader of our term (MsgApp/MsgHeartbeat/MsgSnap) means we lost: become its follower (§5.2).
 */
export function stepCandidate(r: Raft, m: Message): void {
  // Only count responses of our own kind: a stale MsgPreVoteResp after we moved on to a real
  // election must not count as a vote (TestCandidateDeliversPreCandidateSelfVote...).
  const myVoteRespType = r.state === 'StatePreCandidate' ? 'MsgPreVoteResp' : 'MsgVoteResp';
  switch (m.type) {
    case 'MsgProp':
      r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: 'no leader' }));
      throw new ErrProposalDropped();
    case 'MsgApp':
      r.becomeFollower(m.term, m.from);
      handleAppendEntries(r, m);
      return;
    case 'MsgHeartbeat':
      r.becomeFollower(m.term, m.from);
      handleHeartbeat(r, m);
      return;
    case 'MsgSnap':
      r.becomeFollower(m.term, m.from);
      handleSnapshot(r, m);
      return;
    case 'MsgPreVoteResp':
    case 'MsgVoteResp':
      if (m.type !== myVoteRespType) {
        r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: `not a ${myVoteRespType}` }));
        return;
      }
      handleVoteResponse(r, m.from, m.reject);
      return;
    case 'MsgTimeoutNow':
      r.emit(() => ({ type: 'drop', node: r.id, term: r.term, msg: m, reason: 'MsgTimeoutNow as candidate' }));
      return;
    default:
      return;
  }
}
