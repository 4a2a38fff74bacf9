/** Txn semantics from etcd-transcripts 05..08 and etcd-spec §4.4 / §5.6. */
import { describe, expect, it } from 'vitest';
import type { TxnRequest } from '../protocol/rpc';
import { fromUtf8 } from './bytes';
import { ErrCompacted, ErrDuplicateKey, ErrEmptyKey, ErrFutureRev, ErrLeaseNotFound, ErrTooManyOps, ErrValueProvided } from './errors';
import { KVStore } from './kv-store';
import { checkTxnRequest } from './request-check';
import { MapBackend } from './testing/map-backend';
import { b, delOf, kvLine, op, prefix, putOf, rangeOf } from './testing/helpers';

const newStore = () => new KVStore(new MapBackend());
const txn = (compare: TxnRequest['compare'], success: TxnRequest['success'], failure: TxnRequest['failure'] = []): TxnRequest => ({ compare, success, failure });

describe('txn compares', () => {
  it('value compare on a missing key is always false, even != (05-txn.txt)', () => {
    const s = newStore();
    const r = s.txn(txn([{ target: 'CREATE', result: 'EQUAL', key: b('nokey2'), createRevision: 0 }, { target: 'MOD', result: 'EQUAL', key: b('nokey2'), modRevision: 0 }, { target: 'VALUE', result: 'EQUAL', key: b('nokey2'), value: b('') }], [op.put('nokey2', 'made')]));
    expect(r.succeeded).toBe(false);
    expect(s.txn(txn([{ target: 'VALUE', result: 'NOT_EQUAL', key: b('nokey'), value: b('x') }], [])).succeeded).toBe(false);
    expect(s.txn(txn([{ target: 'VERSION', result: 'EQUAL', key: b('nokey'), version: 0 }], [op.put('nokey', 'made')])).succeeded).toBe(true);
  });

  it('=, !=, <, > on value, version, create, mod, lease; all must hold', () => {
    const s = newStore();
    s.put({ key: b('key1'), value: b('val1') }); // rev 2
    const one = (c: TxnRequest['compare'][number]) => s.txn(txn([c], [])).succeeded;
    expect(one({ target: 'VALUE', result: 'NOT_EQUAL', key: b('key1'), value: b('x') })).toBe(true);
    expect(one({ target: 'VALUE', result: 'LESS', key: b('key1'), value: b('w') })).toBe(true);
    expect(one({ target: 'VALUE', result: 'GREATER', key: b('key1'), value: b('a') })).toBe(true);
    expect(one({ target: 'VALUE', result: 'GREATER', key: b('key1'), value: b('val1') })).toBe(false);
    expect(one({ target: 'VERSION', result: 'EQUAL', key: b('key1'), version: 1 })).toBe(true);
    expect(one({ target: 'CREATE', result: 'GREATER', key: b('key1'), createRevision: 1 })).toBe(true);
    expect(one({ target: 'MOD', result: 'LESS', key: b('key1'), modRevision: 2 })).toBe(false);
    expect(one({ target: 'LEASE', result: 'EQUAL', key: b('key1'), lease: 0n })).toBe(true);
    expect(s.txn(txn([{ target: 'VALUE', result: 'NOT_EQUAL', key: b('key1'), value: b('x') }, { target: 'VALUE', result: 'LESS', key: b('key1'), value: b('a') }], [])).succeeded).toBe(false);
  });

  it('a compare over a range holds only if every key satisfies it', () => {
    const s = newStore();
    s.put({ key: b('r1'), value: b('a') });
    s.put({ key: b('r2'), value: b('b') });
    const cmp = (v: string) => s.txn(txn([{ target: 'VALUE', result: 'GREATER', key: b('r'), rangeEnd: prefix('r').rangeEnd, value: b(v) }], [])).succeeded;
    expect(cmp('0')).toBe(true);
    expect(cmp('a')).toBe(false);
  });
});

describe('txn execution', () => {
  it('one revision for the whole txn; later ops see earlier writes; inner revisions (06-txn2.txt)', () => {
    const s = newStore();
    for (let i = 0; i < 49; i++) s.put({ key: b('pad'), value: b(`${i}`) }); // current revision 50
    s.put({ key: b('key1'), value: b('val1') }); // 51 here (50 in the transcript, shifted by one)
    const r = s.txn(txn([{ target: 'CREATE', result: 'GREATER', key: b('key1'), createRevision: 0 }], [op.get('key1'), op.put('key4', 'y'), op.del('nothing')]));
    expect([r.succeeded, r.header.revision]).toEqual([true, 52]);
    expect(rangeOf(r.responses[0]).header.revision).toBe(51); // a get before any write: the pre-txn revision
    expect(putOf(r.responses[1]).header.revision).toBe(52);
    expect([delOf(r.responses[2]).header.revision, delOf(r.responses[2]).deleted]).toEqual([52, 0]); // after a write: the new one
  });

  it('put then get in one txn shows the new value at the txn revision; get/del/get of a range', () => {
    const s = newStore();
    s.put({ key: b('t1'), value: b('a') }); // 2
    const r = s.txn(txn([], [op.put('t1', 'a'), op.put('t2', 'b'), op.get('t', prefix('t'))]));
    expect(rangeOf(r.responses[2]).kvs.map(kvLine)).toEqual(['t1 c2 m3 v2 a', 't2 c3 m3 v1 b']);
    const r2 = s.txn(txn([], [op.get('t', prefix('t')), op.del('t', { ...prefix('t') }), op.get('t', prefix('t'))]));
    expect([rangeOf(r2.responses[0]).count, delOf(r2.responses[1]).deleted, rangeOf(r2.responses[2]).count, r2.header.revision]).toEqual([2, 2, 0, 4]);
  });

  it('a read-only or empty txn does not move the revision; a failed branch with a delete of nothing neither', () => {
    const s = newStore();
    s.put({ key: b('a'), value: b('1') });
    expect(s.txn(txn([], [])).header.revision).toBe(2);
    expect(s.txn(txn([], [op.get('a')])).header.revision).toBe(2);
    const r = s.txn(txn([], [op.del('nothing')]));
    expect([r.header.revision, delOf(r.responses[0]).header.revision]).toEqual([2, 2]);
    expect(s.rev()).toBe(2);
  });

  it('events of one revision keep change order: put o2; put o1 gives subs 0, 1', () => {
    const subs: string[] = [];
    const s = new KVStore(new MapBackend(), {
      listener: (e) => {
        if (e.type === 'revision-committed') subs.push(...e.changes.map((c) => `${e.main}.${c.sub} ${fromUtf8(c.key)}`));
      },
    });
    s.txn(txn([], [op.put('o2', 'x'), op.put('o1', 'y')]));
    expect(subs).toEqual(['2.0 o2', '2.1 o1']);
  });

  it('nested txns: compares evaluated before anything runs, along the taken path only', () => {
    const s = newStore();
    s.put({ key: b('k'), value: b('1') }); // 2
    const inner: TxnRequest = txn([{ target: 'VALUE', result: 'EQUAL', key: b('k'), value: b('1') }], [op.put('inner', 'then')], [op.put('inner', 'else')]);
    // the outer success branch first overwrites k; the inner compare still sees the old value
    const r = s.txn(txn([], [op.put('k', '2'), { requestTxn: inner }]));
    const nested = r.responses[1]!;
    expect('responseTxn' in nested && nested.responseTxn.succeeded).toBe(true);
    expect('responseTxn' in nested && nested.responseTxn.header.revision).toBe(0);
    expect(s.range({ key: b('inner') }).kvs.map(kvLine)).toEqual(['inner c3 m3 v1 then']);
    expect(r.header.revision).toBe(3);
  });

  it('checks on the taken branch fail the whole txn before anything is written', () => {
    const s = newStore();
    s.put({ key: b('a'), value: b('1') });
    expect(() => s.txn(txn([], [op.put('x', 'y'), op.put('z', 'w', { lease: 7n })]))).toThrow(ErrLeaseNotFound);
    expect(() => s.txn(txn([], [op.put('x', 'y'), op.put('nokey', '', { ignoreValue: true })]))).toThrow('etcdserver: key not found');
    expect(() => s.txn(txn([], [op.put('x', 'y'), op.get('a', { revision: 99 })]))).toThrow(ErrFutureRev);
    expect(s.rev()).toBe(2);
    expect(s.range({ key: b('x') }).count).toBe(0);
    // the branch not taken is not checked
    expect(s.txn(txn([], [op.get('a')], [op.put('z', 'w', { lease: 7n })])).succeeded).toBe(true);
    s.put({ key: b('a'), value: b('2') });
    s.compact(3);
    expect(() => s.txn(txn([], [op.get('a', { revision: 2 })]))).toThrow(ErrCompacted);
  });
});

describe('txn request validation (etcd gRPC layer, 05/07-txn.txt)', () => {
  it('128-op limit applies to the largest list, not the sum', () => {
    const puts = (n: number) => Array.from({ length: n }, (_, i) => op.put(`k${i}`, 'v'));
    expect(() => checkTxnRequest(txn([], puts(128), puts(128)))).not.toThrow();
    expect(() => checkTxnRequest(txn([], puts(129)))).toThrow(ErrTooManyOps);
    expect(() => checkTxnRequest(txn([], puts(129)))).toThrow('etcdserver: too many operations in txn request');
    expect(() => checkTxnRequest(txn([], puts(3)), 2)).toThrow(ErrTooManyOps);
  });

  it('duplicate keys: two puts, or a put under a delete, in one branch', () => {
    const dup = (success: TxnRequest['success'], failure: TxnRequest['failure'] = []) => () => checkTxnRequest(txn([], success, failure));
    expect(dup([op.put('t1', 'a'), op.put('t2', 'b'), op.del('t1')])).toThrow(ErrDuplicateKey);
    expect(dup([op.put('t1', 'a'), op.put('t1', 'b')])).toThrow('etcdserver: duplicate key given in txn request');
    expect(dup([op.del('t', prefix('t')), op.put('t3', 'c')])).toThrow(ErrDuplicateKey);
    expect(dup([op.get('t1'), op.get('t1')])).not.toThrow();
    expect(dup([op.get('t', prefix('t')), op.del('t', prefix('t')), op.get('t', prefix('t'))])).not.toThrow();
    expect(dup([op.put('t1', 'a')], [op.put('t1', 'b')])).not.toThrow();
    // nested: then and else may share a key, but not with the outer level
    const nested = (outer: TxnRequest['success']) => [...outer, { requestTxn: txn([], [op.put('n', '1')], [op.put('n', '2')]) }];
    expect(dup(nested([]))).not.toThrow();
    expect(dup(nested([op.put('n', '0')]))).toThrow(ErrDuplicateKey);
    expect(dup(nested([op.del('m', { rangeEnd: b('o') })]))).toThrow(ErrDuplicateKey);
  });

  it('empty keys and ignore_* misuse', () => {
    expect(() => checkTxnRequest(txn([{ target: 'VALUE', result: 'EQUAL', key: new Uint8Array(0) }], []))).toThrow(ErrEmptyKey);
    expect(() => checkTxnRequest(txn([], [op.get('')]))).toThrow('etcdserver: key is not provided');
    expect(() => checkTxnRequest(txn([], [op.put('k', 'v', { ignoreValue: true })]))).toThrow(ErrValueProvided);
    expect(() => checkTxnRequest(txn([], [op.put('k', '', { ignoreLease: true, lease: 5n })]))).toThrow('etcdserver: lease is provided');
  });
});
