/**
 * Test helpers: a compact way to write histories in tests, one operation
 * per call, as HistoryEvents (invoke + completion).
 */
import type { HistoryEvent } from './history';

/** Outcome of a test operation: ok (with result fields), fail, or info. */
export type Outcome =
  | { type: 'ok'; value?: string | null; succeeded?: boolean; rev?: number; deleted?: number }
  | { type: 'fail' }
  | { type: 'info' };

/** TestOp is one operation of a test history. */
export interface TestOp {
  p: number;
  f: HistoryEvent['f'];
  key: string;
  value?: string;
  expect?: string | null;
  call: number;
  /** Completion time; ignored for 'info' with `open: true` (never completes). */
  ret: number;
  out: Outcome;
  open?: boolean;
}

/** events turns test operations into a time-ordered event list. */
export function events(ops: TestOp[]): HistoryEvent[] {
  const evs: HistoryEvent[] = [];
  for (const o of ops) {
    const inv: HistoryEvent = { process: o.p, type: 'invoke', f: o.f, key: o.key, time: o.call };
    if (o.value !== undefined) inv.value = o.value;
    if (o.expect !== undefined) inv.expect = o.expect;
    evs.push(inv);
    if (o.open) continue;
    const done: HistoryEvent = { process: o.p, type: o.out.type, f: o.f, key: o.key, time: o.ret };
    if (o.out.type === 'ok') {
      const { type: _t, ...rest } = o.out;
      Object.assign(done, rest);
    }
    evs.push(done);
  }
  // Stable by time, completions before invokes on ties, so a process may
  // complete one operation and invoke the next at the same instant.
  return evs
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.time - b.e.time || (a.e.type === 'invoke' ? 1 : 0) - (b.e.type === 'invoke' ? 1 : 0) || a.i - b.i)
    .map(({ e }) => e);
}

/** put is a test put: ok unless `out` says otherwise. */
export function put(p: number, key: string, value: string, call: number, ret: number, out: Outcome = { type: 'ok' }): TestOp {
  return { p, f: 'put', key, value, call, ret, out };
}

/** get is a test get that read `value` (null = absent). */
export function get(p: number, key: string, value: string | null, call: number, ret: number, rev?: number): TestOp {
  return { p, f: 'get', key, call, ret, out: rev === undefined ? { type: 'ok', value } : { type: 'ok', value, rev } };
}

/** cas is a test compare-and-swap with its outcome. */
export function cas(p: number, key: string, expect: string | null, value: string, call: number, ret: number, out: Outcome): TestOp {
  return { p, f: 'cas', key, expect, value, call, ret, out };
}

/** del is a test delete. */
export function del(p: number, key: string, call: number, ret: number, out: Outcome = { type: 'ok' }): TestOp {
  return { p, f: 'delete', key, call, ret, out };
}

/** ok is an ok outcome with a revision. */
export function okRev(rev: number): Outcome {
  return { type: 'ok', rev };
}
