import { AssertionError } from './assert';
import { applySimpleChange, restoreConfState } from './confchange';
import type { ChangeResult } from './confchange';
import { None } from './messages';
import type { ConfChange, ConfState, Snapshot } from './messages';
import type { Raft } from './raft';
import { bcastAppend, maybeCommit, maybeSendAppend } from './raft-replicate';
import { ProgressTracker } from './tracker';

/**
 * Membership and snapshot restore. etcd-raft applies a conf change when its entry is APPLIED
 * (not when appended), which is why only one may be pending (pendingConfIndex).
 */

/** applyConfChange applies a committed v1 ConfChange and returns the new ConfState. */
export function applyConfChange(r: Raft, cc: ConfChange): ConfState {
  const res = applySimpleChange(r.trk, r.raftLog.lastIndex(), cc);
  const cs = switchToConfig(r, res);
  r.emit(() => ({ type: 'conf-change', node: r.id, term: r.term, change: cc, confState: cs }));
  return cs;
}

/**
 * switchToConfig installs a new membership and reacts: a removed/demoted leader steps down if
 * stepDownOnRemoval; a leader commits what the new quorum allows, probes new members and aborts
 * a transfer to a node that is no longer a voter.
 */
export function switchToConfig(r: Raft, res: ChangeResult): ConfState {
  r.trk.config = res.config;
  r.trk.progress = res.progress;
  const cs = r.trk.confState();
  const pr = r.trk.progress.get(r.id);
  r.isLearner = pr !== undefined && pr.isLearner;
  if ((pr === undefined || r.isLearner) && r.state === 'StateLeader') {
    if (r.stepDownOnRemoval) r.becomeFollower(r.term, None);
    return cs;
  }
  if (r.state !== 'StateLeader' || cs.voters.length === 0) return cs;
  if (maybeCommit(r)) {
    bcastAppend(r);
  } else {
    r.trk.visit((id) => {
      if (id !== r.id) maybeSendAppend(r, id, false);
    });
  }
  if (r.leadTransferee !== None && !r.trk.config.voters.ids.has(r.leadTransferee)) r.abortLeaderTransfer();
  return cs;
}

/**
 * restoreSnapshot installs snapshot s on a follower (thesis §5.1). Returns false when it is
 * ignored: not newer than commit, this node is not in its config, or the log already contains
 * its last entry (then commit is only fast-forwarded).
 */
export function restoreSnapshot(r: Raft, s: Snapshot): boolean {
  const { index, term, confState: cs } = s.metadata;
  if (index <= r.raftLog.committed) return false;
  if (r.state !== 'StateFollower') {
    // Defense in depth: only followers restore snapshots.
    r.becomeFollower(r.term + 1, None);
    return false;
  }
  if (!cs.voters.includes(r.id) && !cs.learners.includes(r.id)) return false;
  if (r.raftLog.matchTerm(index, term)) {
    r.raftLog.commitTo(index);
    r.emit(() => ({ type: 'commit', node: r.id, term: r.term, commit: index }));
    return false;
  }
  r.raftLog.restore(s);
  r.trk = new ProgressTracker(r.trk.maxInflight);
  const got = switchToConfig(r, restoreConfState(r.trk, r.raftLog.lastIndex(), cs));
  if (got.voters.join() !== [...cs.voters].sort((a, b) => a - b).join() || got.learners.join() !== [...cs.learners].sort((a, b) => a - b).join()) {
    throw new AssertionError(`restored conf state ${JSON.stringify(got)} differs from snapshot's ${JSON.stringify(cs)}`);
  }
  r.emit(() => ({ type: 'snapshot-restore', node: r.id, term: r.term, index, snapTerm: term, confState: got }));
  r.emit(() => ({ type: 'commit', node: r.id, term: r.term, commit: index }));
  return true;
}
