/**
 * Invariant checks for the lessor. A failed assertion is a bug in etcdscope, never a client
 * error: under simulation it turns silent corruption into a reproducible seed.
 */

/** LessorAssertionError is thrown when a lessor invariant does not hold. */
export class LessorAssertionError extends Error {
  override name = 'LessorAssertionError';
}

/** assert throws a LessorAssertionError carrying `msg` when `cond` is false. */
export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new LessorAssertionError(msg);
}

/** assertNever is the default branch of an exhaustive switch over a union. */
export function assertNever(x: never): never {
  throw new LessorAssertionError(`unexpected value: ${String(x)}`);
}
