/**
 * Invariant checks for the backend. A failed assertion means the B+tree or its page store is
 * inconsistent; under simulation that is a reproducible seed instead of silent corruption.
 */

/** An invariant of the storage engine did not hold. */
export class BackendAssertionError extends Error {
  override name = 'BackendAssertionError';
}

/** Throws a {@link BackendAssertionError} with `msg` when `cond` is false. */
export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new BackendAssertionError(`backend: assertion failed: ${msg}`);
}

/** Marks a switch as exhaustive: compilation fails if a case is missing. */
export function assertNever(x: never): never {
  throw new BackendAssertionError(`backend: unexpected value ${String(x)}`);
}
