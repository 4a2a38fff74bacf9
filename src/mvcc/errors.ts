/**
 * The errors of the MVCC store and of the KV request layer above it, each carrying etcd's exact
 * text. `message` is the text etcd's Go error has; `grpcMessage` is what a client sees
 * (etcdctl prints `Error: ` + grpcMessage): for mvcc errors the gRPC layer prefixes
 * `etcdserver: `.
 */

/** Base class: an etcd error with the text a client sees. */
export abstract class EtcdError extends Error {
  /** The text of the gRPC status, as etcdctl prints it after `Error: `. */
  abstract readonly grpcMessage: string;
}

/** mvcc.ErrCompacted: the requested revision is below the compacted revision. */
export class ErrCompacted extends EtcdError {
  override name = 'ErrCompacted';
  readonly grpcMessage = 'etcdserver: mvcc: required revision has been compacted';
  constructor() {
    super('mvcc: required revision has been compacted');
  }
}

/** mvcc.ErrFutureRev: the requested revision is above the current revision. */
export class ErrFutureRev extends EtcdError {
  override name = 'ErrFutureRev';
  readonly grpcMessage = 'etcdserver: mvcc: required revision is a future revision';
  constructor() {
    super('mvcc: required revision is a future revision');
  }
}

/** mvcc.ErrRevisionNotFound: a keyIndex has no revision for the request (internal). */
export class ErrRevisionNotFound extends EtcdError {
  override name = 'ErrRevisionNotFound';
  readonly grpcMessage = 'mvcc: revision not found';
  constructor() {
    super('mvcc: revision not found');
  }
}

/** A server-side error whose Go text already is the client text (`etcdserver: ...`). */
abstract class ServerError extends EtcdError {
  get grpcMessage(): string {
    return this.message;
  }
}

/** rpctypes.ErrGRPCEmptyKey. */
export class ErrEmptyKey extends ServerError {
  override name = 'ErrEmptyKey';
  constructor() {
    super('etcdserver: key is not provided');
  }
}

/** errors.ErrKeyNotFound: ignore_value / ignore_lease on a missing key. */
export class ErrKeyNotFound extends ServerError {
  override name = 'ErrKeyNotFound';
  constructor() {
    super('etcdserver: key not found');
  }
}

/** rpctypes.ErrGRPCValueProvided: ignore_value with a non-empty value. */
export class ErrValueProvided extends ServerError {
  override name = 'ErrValueProvided';
  constructor() {
    super('etcdserver: value is provided');
  }
}

/** rpctypes.ErrGRPCLeaseProvided: ignore_lease with a non-zero lease. */
export class ErrLeaseProvided extends ServerError {
  override name = 'ErrLeaseProvided';
  constructor() {
    super('etcdserver: lease is provided');
  }
}

/** lease.ErrLeaseNotFound as the client sees it: a put names a lease that does not exist. */
export class ErrLeaseNotFound extends ServerError {
  override name = 'ErrLeaseNotFound';
  constructor() {
    super('etcdserver: requested lease not found');
  }
}

/** rpctypes.ErrGRPCTooManyOps: more than --max-txn-ops (128) ops in a txn. */
export class ErrTooManyOps extends ServerError {
  override name = 'ErrTooManyOps';
  constructor() {
    super('etcdserver: too many operations in txn request');
  }
}

/** rpctypes.ErrGRPCDuplicateKey: overlapping writes in one branch of a txn. */
export class ErrDuplicateKey extends ServerError {
  override name = 'ErrDuplicateKey';
  constructor() {
    super('etcdserver: duplicate key given in txn request');
  }
}

/** mvcc.ErrWatcherNotExist: cancel of an unknown watch id. */
export class ErrWatcherNotExist extends EtcdError {
  override name = 'ErrWatcherNotExist';
  readonly grpcMessage = 'mvcc: watcher does not exist';
  constructor() {
    super('mvcc: watcher does not exist');
  }
}

/** mvcc.ErrEmptyWatcherRange: a watch whose range end is not above its key. */
export class ErrEmptyWatcherRange extends EtcdError {
  override name = 'ErrEmptyWatcherRange';
  readonly grpcMessage = 'mvcc: watcher range is empty';
  constructor() {
    super('mvcc: watcher range is empty');
  }
}

/** mvcc.ErrWatcherDuplicateID: a client-chosen watch id already in use on the stream. */
export class ErrWatcherDuplicateID extends EtcdError {
  override name = 'ErrWatcherDuplicateID';
  readonly grpcMessage = 'mvcc: duplicate watch ID provided on the WatchStream';
  constructor() {
    super('mvcc: duplicate watch ID provided on the WatchStream');
  }
}
