/**
 * Synthetic histories for testing and benchmarking the checkers: a real
 * sequential etcd-like store (values plus a global revision) driven by
 * concurrent clients, where each operation takes effect at one random
 * instant inside its [invoke, ok] interval. Such a history is linearizable
 * by construction. Randomness is injected (`rand` returns [0, 1)).
 */
import type { HistoryEvent, OpFunction } from './history';

/** SyntheticOptions shapes a synthetic history. */
export interface SyntheticOptions {
  processes: number;
  keys: number;
  ops: number;
  /** Probability an operation times out (info): it may land later, or never. */
  infoRate?: number;
  /** Probability a write fails (fail): it never takes effect. */
  failRate?: number;
  /** Maximum gap between a process's operations, in time units. */
  maxGap?: number;
  /** Maximum duration of an operation, in time units. */
  maxDuration?: number;
}

interface PlannedOp {
  process: number;
  f: OpFunction;
  key: string;
  value: string;
  expect: string | null;
  call: number;
  ret: number;
  /** When the store applies it; Infinity = never. */
  effect: number;
  type: 'ok' | 'fail' | 'info';
  result: Partial<HistoryEvent>;
}

/** mulberry32 is a tiny seeded PRNG returning numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCS: OpFunction[] = ['put', 'get', 'get', 'cas', 'delete'];

function plan(rand: () => number, o: SyntheticOptions): PlannedOp[] {
  const pick = (n: number): number => Math.floor(rand() * n);
  const maxGap = o.maxGap ?? 10;
  const maxDuration = o.maxDuration ?? 20;
  const clock = new Array<number>(o.processes).fill(0);
  const planned: PlannedOp[] = [];
  for (let i = 0; i < o.ops; i++) {
    const process = pick(o.processes);
    const f = FUNCS[pick(FUNCS.length)]!;
    const call = clock[process]! + 1 + pick(maxGap);
    const ret = call + 1 + pick(maxDuration);
    clock[process] = ret;
    const r = rand();
    const type = r < (o.infoRate ?? 0) ? 'info' : r < (o.infoRate ?? 0) + (o.failRate ?? 0) && f !== 'get' ? 'fail' : 'ok';
    let effect = call + rand() * (ret - call);
    if (type === 'fail') effect = Infinity;
    if (type === 'info') effect = rand() < 0.3 ? Infinity : call + rand() * (ret - call) * 3;
    const expect = rand() < 0.2 ? null : `v${pick(Math.max(1, i))}`;
    planned.push({ process, f, key: `k${pick(o.keys)}`, value: `v${i}`, expect, call, ret, effect, type, result: {} });
  }
  return planned;
}

/** execute applies the planned operations in effect order to a real store. */
function execute(planned: PlannedOp[]): void {
  const store = new Map<string, string>();
  let rev = 1;
  const order = planned.filter((p) => p.effect !== Infinity).sort((a, b) => a.effect - b.effect);
  for (const p of order) {
    const cur = store.get(p.key) ?? null;
    switch (p.f) {
      case 'put':
        store.set(p.key, p.value);
        p.result = { rev: ++rev };
        break;
      case 'get':
        p.result = { value: cur, rev };
        break;
      case 'cas': {
        const holds = p.expect === null ? cur === null : cur === p.expect;
        if (holds) store.set(p.key, p.value);
        p.result = { succeeded: holds, rev: holds ? ++rev : rev };
        break;
      }
      case 'delete':
        if (cur !== null) store.delete(p.key);
        p.result = { rev: cur !== null ? ++rev : rev, deleted: cur !== null ? 1 : 0 };
        break;
    }
  }
}

/**
 * syntheticHistory returns the events of a linearizable history, ordered by
 * time (completions before invocations on ties).
 */
export function syntheticHistory(rand: () => number, options: SyntheticOptions): HistoryEvent[] {
  const planned = plan(rand, options);
  execute(planned);
  const evs: Array<{ e: HistoryEvent; seq: number }> = [];
  planned.forEach((p, i) => {
    const inv: HistoryEvent = { process: p.process, type: 'invoke', f: p.f, key: p.key, time: p.call };
    if (p.f === 'put' || p.f === 'cas') inv.value = p.value;
    if (p.f === 'cas') inv.expect = p.expect;
    const done: HistoryEvent = { process: p.process, type: p.type, f: p.f, key: p.key, time: p.ret };
    if (p.f === 'put' || p.f === 'cas') done.value = p.value;
    if (p.f === 'cas') done.expect = p.expect;
    if (p.type === 'ok') Object.assign(done, p.result);
    evs.push({ e: inv, seq: 2 * i }, { e: done, seq: 2 * i + 1 });
  });
  evs.sort((a, b) => a.e.time - b.e.time || (a.e.type === 'invoke' ? 1 : 0) - (b.e.type === 'invoke' ? 1 : 0) || a.seq - b.seq);
  return evs.map((x) => x.e);
}
