/**
 * Named errors of the Raft core, carrying etcd-raft's exact texts so a learner can grep etcd's
 * source for them.
 */

/** ErrCompacted: the requested index is below the storage's first index (log compacted). */
export class ErrCompacted extends Error {
  override name = 'ErrCompacted';
  constructor() {
    super('requested index is unavailable due to compaction');
  }
}

/** ErrSnapOutOfDate: a snapshot older than the storage's current snapshot was offered. */
export class ErrSnapOutOfDate extends Error {
  override name = 'ErrSnapOutOfDate';
  constructor() {
    super('requested index is older than the existing snapshot');
  }
}

/** ErrUnavailable: the requested entry is beyond the storage's last index. */
export class ErrUnavailable extends Error {
  override name = 'ErrUnavailable';
  constructor() {
    super('requested entry at index is unavailable');
  }
}

/** ErrSnapshotTemporarilyUnavailable: the storage cannot produce a snapshot right now. */
export class ErrSnapshotTemporarilyUnavailable extends Error {
  override name = 'ErrSnapshotTemporarilyUnavailable';
  constructor() {
    super('snapshot is temporarily unavailable');
  }
}

/** ErrProposalDropped: a proposal was ignored (no leader, leader transfer, size limit...). */
export class ErrProposalDropped extends Error {
  override name = 'ErrProposalDropped';
  constructor() {
    super('raft proposal dropped');
  }
}

/** ErrStepLocalMsg: a local-only message type (MsgHup, MsgBeat...) arrived through `step`. */
export class ErrStepLocalMsg extends Error {
  override name = 'ErrStepLocalMsg';
  constructor() {
    super('raft: cannot step raft local message');
  }
}

/** ErrStepPeerNotFound: a response arrived from a node that is not in the configuration. */
export class ErrStepPeerNotFound extends Error {
  override name = 'ErrStepPeerNotFound';
  constructor() {
    super('raft: cannot step as peer not found');
  }
}
