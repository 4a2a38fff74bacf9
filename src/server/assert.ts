/** AssertionError: a broken invariant of the server layer. Under simulation it becomes a reproducible seed. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** assert throws an AssertionError with `msg` when `cond` is false. */
export function assert(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new AssertionError(msg);
}

/** assertNever marks the unreachable branch of an exhaustive switch. */
export function assertNever(x: never, what = 'value'): never {
  throw new AssertionError(`unexpected ${what}: ${JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
}
