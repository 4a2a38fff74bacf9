/**
 * CheckerAssertionError is thrown when a checker-internal invariant does not
 * hold: a bug in the checker, never a verdict about the history it checks.
 */
export class CheckerAssertionError extends Error {
  override name = 'CheckerAssertionError';
}

/** assert throws a CheckerAssertionError carrying `msg` when `cond` is false. */
export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new CheckerAssertionError(msg);
}

/** assertNever is the default branch of an exhaustive switch over a union. */
export function assertNever(x: never): never {
  throw new CheckerAssertionError(`unexpected value: ${JSON.stringify(x)}`);
}
