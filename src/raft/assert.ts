/** AssertionError: a broken Raft invariant. Under simulation it becomes a reproducible seed. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** assert throws an AssertionError with `msg` when `cond` is false. */
export function assert(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new AssertionError(msg);
}

/** assertNever marks the unreachable branch of an exhaustive switch. */
export function assertNever(x: never): never {
  throw new AssertionError(`unexpected value: ${JSON.stringify(x)}`);
}
