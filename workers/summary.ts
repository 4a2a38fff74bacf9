/** summarize: the cheap per-tick view of a member (MemberSummary) from its full MemberState. */
import type { MemberState } from '../src/server';
import type { MemberSummary } from './host-protocol';

/** Builds the summary the worker posts after every tick. */
export function summarize(s: MemberState): MemberSummary {
  const r = s.raft;
  const out: MemberSummary = {
    raftId: s.raftId,
    memberId: s.memberId,
    name: s.name,
    raftState: r.raftState,
    isLearner: r.config.learners.includes(s.raftId),
    term: r.term,
    vote: r.vote,
    lead: r.lead,
    commit: r.commit,
    applied: s.appliedIndex,
    lastIndex: s.lastIndex,
    firstIndex: s.firstIndex,
    snapshotIndex: s.snapshotIndex,
    revision: s.revision,
    compactRevision: s.compactRevision,
    stopped: s.stopped,
    electionElapsed: r.electionElapsed,
    randomizedElectionTimeout: r.randomizedElectionTimeout,
    logTerms: s.logTerms,
    votes: r.votes,
    progress: [...r.progress].map(([id, p]) => ({ id, match: p.match, next: p.next, state: p.state, pendingSnapshot: p.pendingSnapshot, inflights: p.inflights, recentActive: p.recentActive })),
  };
  if (s.noSpace !== undefined) out.noSpace = s.noSpace;
  return out;
}
