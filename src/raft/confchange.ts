import { AssertionError } from './assert';
import { Progress } from './progress';
import { MajorityConfig } from './quorum';
import type { ConfChange, ConfState } from './messages';
import type { ProgressTracker, TrackerConfig } from './tracker';

/** ConfChangeError is an invalid membership change (e.g. removing the last voter). */
export class ConfChangeError extends Error {
  override name = 'ConfChangeError';
}

/** ChangeResult is a new membership with its progress map, ready to switch to. */
export interface ChangeResult {
  config: TrackerConfig;
  progress: Map<number, Progress>;
}

/**
 * applySimpleChange computes the configuration after one v1 ConfChange (Raft thesis §4.1:
 * single-server changes need no joint consensus). The tracker is not modified. New nodes get
 * Progress{match: 0, next: max(lastIndex, 1), recentActive: true} so CheckQuorum does not
 * fire before they had a chance to answer.
 */
export function applySimpleChange(trk: ProgressTracker, lastIndex: number, cc: ConfChange): ChangeResult {
  const voters = new Set(trk.config.voters.ids);
  const learners = new Set(trk.config.learners);
  const progress = new Map<number, Progress>(trk.progress);
  const init = (id: number, isLearner: boolean): void => {
    progress.set(id, new Progress({ next: Math.max(lastIndex, 1), maxInflight: trk.maxInflight, isLearner, recentActive: true }));
  };
  const id = cc.nodeId;
  if (id === 0) return { config: trk.config, progress: trk.progress };
  switch (cc.type) {
    case 'ConfChangeAddNode': {
      const pr = progress.get(id);
      if (pr === undefined) init(id, false);
      else if (pr.isLearner) {
        const copy = cloneProgress(pr);
        copy.isLearner = false;
        progress.set(id, copy);
      }
      learners.delete(id);
      voters.add(id);
      break;
    }
    case 'ConfChangeAddLearnerNode': {
      const pr = progress.get(id);
      if (pr === undefined) init(id, true);
      else if (!pr.isLearner) {
        const copy = cloneProgress(pr);
        copy.isLearner = true;
        progress.set(id, copy);
      }
      voters.delete(id);
      learners.add(id);
      break;
    }
    case 'ConfChangeRemoveNode':
      voters.delete(id);
      learners.delete(id);
      progress.delete(id);
      break;
    case 'ConfChangeUpdateNode':
      break;
  }
  if (voters.size === 0) throw new ConfChangeError('removed all voters');
  return { config: { voters: new MajorityConfig(voters), learners }, progress };
}

/**
 * restoreConfState builds the configuration described by a ConfState (from a snapshot or at
 * boot) by adding its voters then its learners to an empty tracker.
 */
export function restoreConfState(trk: ProgressTracker, lastIndex: number, cs: ConfState): ChangeResult {
  for (const id of cs.learners) {
    if (cs.voters.includes(id)) throw new AssertionError(`${id} is both a voter and a learner`);
  }
  const progress = new Map<number, Progress>();
  const init = (id: number, isLearner: boolean): void => {
    progress.set(id, new Progress({ next: Math.max(lastIndex, 1), maxInflight: trk.maxInflight, isLearner, recentActive: true }));
  };
  for (const id of cs.voters) init(id, false);
  for (const id of cs.learners) init(id, true);
  return { config: { voters: new MajorityConfig(cs.voters), learners: new Set(cs.learners) }, progress };
}

function cloneProgress(pr: Progress): Progress {
  const c = new Progress({ match: pr.match, next: pr.next, maxInflight: pr.inflights.size, isLearner: pr.isLearner, recentActive: pr.recentActive });
  c.sentCommit = pr.sentCommit;
  c.state = pr.state;
  c.pendingSnapshot = pr.pendingSnapshot;
  c.msgAppFlowPaused = pr.msgAppFlowPaused;
  c.inflights = pr.inflights.clone();
  return c;
}
