/**
 * The server layer's errors (etcd's etcdserver/errors.go and api/v3rpc/rpctypes), each carrying
 * the exact text etcdctl prints after `Error: `. Errors of the lower layers (mvcc, lease) that
 * reach a client are normalised by {@link toClientError} so that `message` is always that text.
 */
import { EtcdError } from '../mvcc';

/** Base of every server error: `message` is the client-visible text. */
export abstract class ServerError extends Error {}

function serverError(name: string, text: string): new () => ServerError {
  const C = class extends ServerError {
    constructor() {
      super(text);
      this.name = name;
    }
  };
  Object.defineProperty(C, 'name', { value: name });
  return C;
}

/** etcdserver.ErrTimeout: a proposal was not applied within the request timeout. */
export class ErrTimeout extends ServerError {
  constructor(text = 'etcdserver: request timed out') {
    super(text);
    this.name = 'ErrTimeout';
  }
}
/** etcdserver.ErrTimeoutDueToLeaderFail: the request timed out and the leader changed meanwhile. */
export class ErrTimeoutDueToLeaderFail extends ErrTimeout {
  constructor() {
    super('etcdserver: request timed out, possibly due to previous leader failure');
    this.name = 'ErrTimeoutDueToLeaderFail';
  }
}
/** etcdserver.ErrTimeoutLeaderTransfer: move-leader did not finish in time. */
export class ErrTimeoutLeaderTransfer extends ErrTimeout {
  constructor() {
    super('etcdserver: request timed out, leader transfer took too long');
    this.name = 'ErrTimeoutLeaderTransfer';
  }
}
/**
 * The request could not even be proposed before its deadline (no leader: etcd's Propose blocks
 * until its context expires, and etcdctl prints the context error).
 */
export class ErrDeadlineExceeded extends ErrTimeout {
  constructor() {
    super('context deadline exceeded');
    this.name = 'ErrDeadlineExceeded';
  }
}

/** ErrStopped: The member was closed or removed while the request was pending. */
export const ErrStopped = serverError('ErrStopped', 'etcdserver: server stopped');
/** ErrNoLeader: The member has no leader (require-leader requests and watches). */
export const ErrNoLeader = serverError('ErrNoLeader', 'etcdserver: no leader');
/** ErrLeaderChanged: The leader changed while a linearizable read waited for its ReadIndex. */
export const ErrLeaderChanged = serverError('ErrLeaderChanged', 'etcdserver: leader changed');
/** ErrRequestTooLarge: The request is larger than --max-request-bytes (1.5 MiB). */
export const ErrRequestTooLarge = serverError('ErrRequestTooLarge', 'etcdserver: request is too large');
/** ErrNoSpace: The NOSPACE alarm is active, or this write would pass the backend quota. */
export const ErrNoSpace = serverError('ErrNoSpace', 'etcdserver: mvcc: database space exceeded');
/** ErrMemberNotFound: No member has this ID. */
export const ErrMemberNotFound = serverError('ErrMemberNotFound', 'etcdserver: member not found');
/** ErrIDExists: A member with this ID already exists. */
export const ErrIDExists = serverError('ErrIDExists', 'etcdserver: member ID already exist');
/** ErrPeerURLExists: Another member already uses one of these peer URLs. */
export const ErrPeerURLExists = serverError('ErrPeerURLExists', 'etcdserver: Peer URLs already exists');
/** ErrIDRemoved: This member ID was removed from the cluster. */
export const ErrIDRemoved = serverError('ErrIDRemoved', 'etcdserver: member already removed');
/** ErrMemberNotLearner: Promote of a member that is not a learner. */
export const ErrMemberNotLearner = serverError('ErrMemberNotLearner', 'etcdserver: can only promote a learner member');
/** ErrLearnerNotReady: Promote of a learner whose log is below 90 % of the leader's. */
export const ErrLearnerNotReady = serverError(
  'ErrLearnerNotReady',
  'etcdserver: can only promote a learner member which is in sync with leader',
);
/** ErrTooManyLearners: etcd 3.4 allows one learner. */
export const ErrTooManyLearners = serverError('ErrTooManyLearners', 'etcdserver: too many learner members in cluster');
/** ErrNotEnoughStartedMembers: The change would leave fewer started voters than a quorum (strict reconfig check). */
export const ErrNotEnoughStartedMembers = serverError(
  'ErrNotEnoughStartedMembers',
  'etcdserver: re-configuration failed due to not enough started members',
);
/** ErrBadLeaderTransferee: Move-leader to an unknown member or a learner. */
export const ErrBadLeaderTransferee = serverError('ErrBadLeaderTransferee', 'etcdserver: bad leader transferee');
/** ErrLearnerNotSupported: A learner serves only status and serializable reads. */
export const ErrLearnerNotSupported = serverError('ErrLearnerNotSupported', 'etcdserver: rpc not supported for learner');

/**
 * etcd's "etcdserver: not leader": a request only the leader serves (lease keep-alive and
 * time-to-live, member promote, move-leader) reached a follower. etcd forwards these over its
 * peer HTTP API; members here have no such channel, so the member rejects with this error and
 * `leaderRaftId` (0 when unknown) tells the cluster layer where to retry.
 */
export class ErrNotLeader extends ServerError {
  constructor(readonly leaderRaftId: number) {
    super('etcdserver: not leader');
    this.name = 'ErrNotLeader';
  }
}

/** Whether `e` is one of the timeout errors (the cluster layer prints `context deadline exceeded`). */
export function isTimeoutError(e: unknown): e is ErrTimeout {
  return e instanceof ErrTimeout;
}

/**
 * Makes an error of a lower layer client-shaped: an mvcc EtcdError gets its gRPC text as
 * `message` (`mvcc: required revision has been compacted` -> `etcdserver: mvcc: ...`).
 */
export function toClientError(e: unknown): unknown {
  if (e instanceof EtcdError && e.message !== e.grpcMessage) e.message = e.grpcMessage;
  return e;
}
