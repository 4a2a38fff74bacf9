/**
 * Model test: the MVCC store against a naive map of versions (every revision's full key space
 * kept as a Map). Random put / delete / delete-prefix / txn / compact / compaction steps /
 * range-at-rev / reopen-from-the-backend, on both backends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyValue, RequestOp } from '../protocol/rpc';
import { ErrCompacted, ErrFutureRev } from './errors';
import { KVStore } from './kv-store';
import { BACKEND_KINDS, type BackendUnderTest } from './testing/backends';
import { b, kvLine, prefix } from './testing/helpers';

interface MKV {
  value: string;
  create: number;
  mod: number;
  version: number;
}
type State = Map<string, MKV>;

/** The naive model: the full key space after each revision. */
class Model {
  states: State[] = [new Map(), new Map()]; // index = revision; revision 1 is the empty store
  compactRev = -1;
  get rev(): number {
    return this.states.length - 1;
  }
  cur(): State {
    return this.states[this.rev]!;
  }
  commit(next: State, changed: boolean): void {
    if (changed) this.states.push(next);
  }
  static put(st: State, k: string, v: string, rev: number): void {
    const prev = st.get(k);
    st.set(k, { value: v, create: prev?.create ?? rev, mod: rev, version: (prev?.version ?? 0) + 1 });
  }
  range(keys: (k: string) => boolean, rev: number): string[] | 'future' | 'compacted' {
    if (rev > this.rev) return 'future';
    const at = rev <= 0 ? this.rev : rev;
    if (at < this.compactRev) return 'compacted';
    return [...this.states[at]!].filter(([k]) => keys(k)).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)).map(([k, m]) => `${k} c${m.create} m${m.mod} v${m.version} ${m.value}`.trimEnd());
  }
}

const KEYS = ['a', 'a0', 'ab', 'b', 'b1', 'c'];
const key = fc.constantFrom(...KEYS);
const value = fc.constantFrom('x', 'y', 'zz', '');

type Cmp = { target: 'VERSION' | 'VALUE' | 'MOD' | 'CREATE'; result: 'EQUAL' | 'NOT_EQUAL' | 'GREATER' | 'LESS'; key: string; n: number; v: string };
type TxnOp = { kind: 'put'; key: string; value: string } | { kind: 'del'; key: string } | { kind: 'get'; key: string };
type Cmd =
  | { t: 'put'; key: string; value: string }
  | { t: 'del'; key: string }
  | { t: 'delPrefix'; key: string }
  | { t: 'txn'; cmps: Cmp[]; success: TxnOp[]; failure: TxnOp[] }
  | { t: 'compact'; back: number }
  | { t: 'step'; n: number }
  | { t: 'range'; key: string; prefix: boolean; back: number }
  | { t: 'reopen'; finish: boolean };

const txnOp: fc.Arbitrary<TxnOp> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key, value }),
  fc.record({ kind: fc.constant('del' as const), key }),
  fc.record({ kind: fc.constant('get' as const), key }),
);
// distinct keys per branch, so the branch passes etcd's duplicate-key check
const branch = fc.uniqueArray(txnOp, { maxLength: 4, selector: (o) => o.key });

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('put' as const), key, value }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('del' as const), key }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('delPrefix' as const), key: fc.constantFrom('a', 'b') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('txn' as const),
      cmps: fc.array(
        fc.record({
          target: fc.constantFrom('VERSION' as const, 'VALUE' as const, 'MOD' as const, 'CREATE' as const),
          result: fc.constantFrom('EQUAL' as const, 'NOT_EQUAL' as const, 'GREATER' as const, 'LESS' as const),
          key,
          n: fc.integer({ min: 0, max: 6 }),
          v: value,
        }),
        { maxLength: 2 },
      ),
      success: branch,
      failure: branch,
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('compact' as const), back: fc.integer({ min: -1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('step' as const), n: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('range' as const), key, prefix: fc.boolean(), back: fc.integer({ min: -1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reopen' as const), finish: fc.boolean() }) },
);

function cmpHolds(c: Cmp, m: MKV | undefined): boolean {
  if (m === undefined && c.target === 'VALUE') return false;
  let r: number;
  if (c.target === 'VALUE') r = m!.value < c.v ? -1 : m!.value > c.v ? 1 : 0;
  else {
    const have = m === undefined ? 0 : c.target === 'VERSION' ? m.version : c.target === 'MOD' ? m.mod : m.create;
    r = Math.sign(have - c.n);
  }
  return c.result === 'EQUAL' ? r === 0 : c.result === 'NOT_EQUAL' ? r !== 0 : c.result === 'GREATER' ? r > 0 : r < 0;
}

function toRequestOp(o: TxnOp): RequestOp {
  if (o.kind === 'put') return { requestPut: { key: b(o.key), value: b(o.value) } };
  if (o.kind === 'del') return { requestDeleteRange: { key: b(o.key) } };
  return { requestRange: { key: b(o.key) } };
}

function lines(kvs: KeyValue[]): string[] {
  return kvs.map(kvLine);
}

async function run(open: () => Promise<BackendUnderTest>, cmds: Cmd[]): Promise<void> {
  let but = await open();
  let s = new KVStore(but.backend, { compactionBatchLimit: 3 });
  const m = new Model();
  for (const c of cmds) {
    switch (c.t) {
      case 'put': {
        const next = new Map(m.cur());
        Model.put(next, c.key, c.value, m.rev + 1);
        expect(s.put({ key: b(c.key), value: b(c.value) }).header.revision).toBe(m.rev + 1);
        m.commit(next, true);
        break;
      }
      case 'del':
      case 'delPrefix': {
        const match = (k: string) => (c.t === 'del' ? k === c.key : k.startsWith(c.key));
        const next = new Map([...m.cur()].filter(([k]) => !match(k)));
        const deleted = m.cur().size - next.size;
        const resp = s.deleteRange(c.t === 'del' ? { key: b(c.key) } : prefix(c.key));
        m.commit(next, deleted > 0);
        expect([resp.deleted, resp.header.revision]).toEqual([deleted, m.rev]);
        break;
      }
      case 'txn': {
        const ok = c.cmps.every((x) => cmpHolds(x, m.cur().get(x.key)));
        const next = new Map(m.cur());
        let changed = false;
        for (const o of ok ? c.success : c.failure) {
          if (o.kind === 'put') {
            Model.put(next, o.key, o.value, m.rev + 1);
            changed = true;
          } else if (o.kind === 'del' && next.delete(o.key)) changed = true;
        }
        const resp = s.txn({
          compare: c.cmps.map((x) => ({ target: x.target, result: x.result, key: b(x.key), version: x.n, modRevision: x.n, createRevision: x.n, value: b(x.v) })),
          success: c.success.map(toRequestOp),
          failure: c.failure.map(toRequestOp),
        });
        m.commit(next, changed);
        expect([resp.succeeded, resp.header.revision]).toEqual([ok, m.rev]);
        break;
      }
      case 'compact': {
        const rev = m.rev - c.back;
        if (rev <= m.compactRev) expect(() => s.compact(rev)).toThrow(ErrCompacted);
        else if (rev > m.rev) expect(() => s.compact(rev)).toThrow(ErrFutureRev);
        else {
          s.compact(rev);
          m.compactRev = rev;
        }
        break;
      }
      case 'step':
        for (let i = 0; i < c.n; i++) s.compactionStep();
        break;
      case 'range': {
        const rev = c.back < 0 ? 0 : m.rev - c.back;
        const want = m.range((k) => (c.prefix ? k.startsWith(c.key) : k === c.key), rev);
        const req = c.prefix ? { ...prefix(c.key), revision: rev } : { key: b(c.key), revision: rev };
        if (want === 'future') expect(() => s.range(req)).toThrow(ErrFutureRev);
        else if (want === 'compacted') expect(() => s.range(req)).toThrow(ErrCompacted);
        else {
          const got = s.range(req);
          expect([got.header.revision, got.count, ...lines(got.kvs)]).toEqual([m.rev, want.length, ...want]);
        }
        break;
      }
      case 'reopen': {
        if (c.finish) s.runCompactions();
        but = await but.reopen(true);
        s = new KVStore(but.backend, { compactionBatchLimit: 3 });
        expect([s.rev(), s.compactRevision()]).toEqual([m.rev, m.compactRev]);
        break;
      }
    }
  }
  // everything still readable at every revision from the compaction on
  s.runCompactions();
  for (let rev = Math.max(m.compactRev, 1); rev <= m.rev; rev++) {
    const want = m.range(() => true, rev) as string[];
    expect(lines(s.range({ ...prefix(''), revision: rev }).kvs)).toEqual(want);
  }
}

describe.each(BACKEND_KINDS)('MVCC store vs a naive map of versions on $name', (kind) => {
  it('agrees on random histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 60 }), (cmds) => run(() => kind.open(), cmds)),
      { numRuns: 80 },
    );
  });
});
