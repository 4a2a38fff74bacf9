/**
 * Invariant checks for the MVCC core. A failed assertion is a bug in etcdscope, never a user
 * error: under simulation it turns silent corruption into a reproducible seed.
 */

/** An invariant of the MVCC store was violated. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Throws an {@link AssertionError} with `msg` when `cond` is false. */
export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new AssertionError(`mvcc: ${msg}`);
}

/** Marks the unreachable branch of an exhaustive switch. */
export function assertNever(x: never, what = 'value'): never {
  throw new AssertionError(`mvcc: unexpected ${what}: ${JSON.stringify(x)}`);
}
