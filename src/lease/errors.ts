/**
 * The lessor's errors, each carrying the text a client sees (etcd-spec.md §3.1). etcd's lease
 * package has shorter texts ("lease not found"); its gRPC layer (v3rpc/util.go) maps them to the
 * `etcdserver: …` texts below, which are what etcdctl prints, so we carry those directly.
 */

/** ErrLeaseNotFound: the lease does not exist (never granted, revoked or expired). gRPC NotFound. */
export class ErrLeaseNotFound extends Error {
  override name = 'ErrLeaseNotFound';
  constructor() {
    super('etcdserver: requested lease not found');
  }
}

/**
 * ErrLeaseRevokePending: a renew hit a lease whose expiry has passed but whose revocation has not
 * been applied yet. It is an ErrLeaseNotFound (same text), so a server that does not care answers
 * "not found" at once. etcd's Renew instead blocks until the revoke applies (then: not found) or
 * the lessor is demoted (then: ErrNotPrimary, and the client retries on the new leader); a server
 * that wants that exact behaviour catches this subclass and waits for one of the two.
 */
export class ErrLeaseRevokePending extends ErrLeaseNotFound {
  override name = 'ErrLeaseRevokePending';
}

/** ErrLeaseExists: a grant named an ID that is already in use. gRPC FailedPrecondition. */
export class ErrLeaseExists extends Error {
  override name = 'ErrLeaseExists';
  constructor() {
    super('etcdserver: lease already exists');
  }
}

/** ErrLeaseTTLTooLarge: a grant asked for more than MAX_LEASE_TTL seconds. gRPC OutOfRange. */
export class ErrLeaseTTLTooLarge extends Error {
  override name = 'ErrLeaseTTLTooLarge';
  constructor() {
    super('etcdserver: too large lease TTL');
  }
}

/**
 * ErrNotPrimary: renew or time-to-live asked of a lessor that is not the primary (the Raft
 * leader's). etcd's text is the lease package's own ("not a primary lessor"): the server never
 * shows it to a client, it forwards the request to the leader instead.
 */
export class ErrNotPrimary extends Error {
  override name = 'ErrNotPrimary';
  constructor() {
    super('not a primary lessor');
  }
}
