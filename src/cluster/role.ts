/** roleOf: a member's role as etcdscope shows it, from the summary it reported. */
import type { MemberSummary } from '../../workers/host-protocol';
import type { MemberRole } from './events';

/** Maps raft's StateType (plus learner and stopped) to a MemberRole. */
export function roleOf(s: MemberSummary): MemberRole {
  if (s.stopped) return 'stopped';
  if (s.isLearner) return 'learner';
  switch (s.raftState) {
    case 'StateLeader':
      return 'leader';
    case 'StateCandidate':
      return 'candidate';
    case 'StatePreCandidate':
      return 'pre-candidate';
    case 'StateFollower':
      return 'follower';
  }
}
