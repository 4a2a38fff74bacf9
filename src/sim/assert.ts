/**
 * SimAssertionError is thrown when a simulator-internal invariant (not a Raft
 * invariant: those become `violations`) does not hold. Under simulation a
 * failed assert is a reproducible seed.
 */
export class SimAssertionError extends Error {
  override name = 'SimAssertionError';
}

/** assert throws a SimAssertionError carrying `msg` when `cond` is false. */
export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new SimAssertionError(msg);
}

/** assertNever is the default branch of an exhaustive switch over a union. */
export function assertNever(x: never): never {
  throw new SimAssertionError(`unexpected value: ${JSON.stringify(x)}`);
}
