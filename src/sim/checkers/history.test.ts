import { describe, expect, it } from 'vitest';
import { HistoryError, buildOperations, describeInput, describeOutput, parseHistory } from './history';
import { HistoryRecorder } from './recorder';

const FILE = `
{"process":3,"type":"invoke","f":"put","key":"k1","value":"v17","time":1200}
{"process":4,"type":"invoke","f":"get","key":"k1","time":1210}
{"process":3,"type":"ok","f":"put","key":"k1","value":"v17","time":1350,"rev":42}
{"process":4,"type":"ok","f":"get","key":"k1","value":null,"time":1400,"rev":41}
{"process":5,"type":"invoke","f":"cas","key":"k2","expect":"a","value":"b","time":1500}
{"process":5,"type":"ok","f":"cas","key":"k2","expect":"a","value":"b","succeeded":false,"time":1600,"rev":42}
{"process":6,"type":"invoke","f":"delete","key":"k2","time":1700}
{"process":6,"type":"info","f":"delete","key":"k2","time":1900,"error":"etcdserver: request timed out"}
{"process":7,"type":"invoke","f":"get","key":"k2","time":1700}
{"process":7,"type":"fail","f":"get","key":"k2","time":1800,"error":"etcdserver: no leader"}
{"process":8,"type":"invoke","f":"put","key":"k3","value":"x","time":2000}
{"hashes":{"infra1":123,"infra2":123}}
`;

describe('parseHistory and buildOperations', () => {
  it('reads the issue 4 format and pairs invocations with completions', () => {
    const parsed = parseHistory(FILE);
    expect(parsed.events).toHaveLength(11);
    expect(parsed.hashes).toEqual({ infra1: 123, infra2: 123 });
    const built = buildOperations(parsed.events);
    expect(built.failed).toBe(1);
    expect(built.indeterminate).toBe(2); // the delete info and the put never completed
    expect(built.droppedReads).toBe(0);
    const ops = built.operations;
    expect(ops.map((o) => [o.id, o.process, o.call, o.return])).toEqual([
      [0, 3, 1200, 1350],
      [1, 4, 1210, 1400],
      [2, 5, 1500, 1600],
      [3, 6, 1700, Infinity],
      [4, 8, 2000, Infinity],
    ]);
    expect(ops[0]!.input).toEqual({ f: 'put', key: 'k1', value: 'v17' });
    expect(ops[0]!.output).toEqual({ known: true, rev: 42 });
    expect(ops[1]!.output).toEqual({ known: true, value: null, rev: 41 });
    expect(ops[2]!.input).toEqual({ f: 'cas', key: 'k2', expect: 'a', value: 'b' });
    expect(ops[2]!.output).toEqual({ known: true, succeeded: false, rev: 42 });
    expect(ops[3]!.output).toEqual({ known: false });
  });

  it('drops reads whose outcome is unknown', () => {
    const built = buildOperations(parseHistory(
      '{"process":1,"type":"invoke","f":"get","key":"k","time":1}\n' +
      '{"process":1,"type":"info","f":"get","key":"k","time":5}\n',
    ).events);
    expect(built.operations).toHaveLength(0);
    expect(built.droppedReads).toBe(1);
  });

  it('lets a process invoke again after an info (its old operation stays open)', () => {
    const r = new HistoryRecorder();
    r.invoke(1, 'put', 'k', { value: 'a' }, 0);
    r.info(1, 10, 'timeout');
    r.invoke(1, 'get', 'k', {}, 20);
    r.ok(1, 30, { value: 'a' });
    const ops = buildOperations(r.events).operations;
    expect(ops.map((o) => o.return)).toEqual([Infinity, 30]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['not JSON', '{"process":1,', /line 1: not JSON/],
    ['unknown f', '{"process":1,"type":"invoke","f":"txn","key":"k","time":1}', /bad f "txn"/],
    ['unknown type', '{"process":1,"type":"done","f":"get","key":"k","time":1}', /bad type "done"/],
    ['non-integer process', '{"process":"a","type":"invoke","f":"get","key":"k","time":1}', /process must be an integer/],
    ['missing time', '{"process":1,"type":"invoke","f":"get","key":"k"}', /time must be a finite number/],
    ['bad value', '{"process":1,"type":"invoke","f":"put","key":"k","value":3,"time":1}', /value must be a string or null/],
  ];
  it.each(bad)('rejects %s with the line number', (_name, line, msg) => {
    expect(() => parseHistory(`\n${line}`)).toThrow(HistoryError);
    expect(() => parseHistory(line)).toThrow(msg);
  });

  it('rejects overlapping operations of one process, orphan completions and mismatches', () => {
    const ev = (type: string, f: string, key: string, time: number, extra = {}) =>
      ({ process: 1, type, f, key, time, ...extra }) as never;
    expect(() => buildOperations([ev('invoke', 'get', 'k', 1), ev('invoke', 'get', 'k', 2)])).toThrow(/invoke while an operation is open/);
    expect(() => buildOperations([ev('ok', 'get', 'k', 1, { value: null })])).toThrow(/ok without an invoke/);
    expect(() => buildOperations([ev('invoke', 'get', 'k', 1), ev('ok', 'get', 'j', 2, { value: null })])).toThrow(/completes invoke get k/);
    expect(() => buildOperations([ev('invoke', 'get', 'k', 5), ev('ok', 'get', 'k', 2, { value: null })])).toThrow(/before its invoke/);
    expect(() => buildOperations([ev('invoke', 'get', 'k', 1), ev('ok', 'get', 'k', 2)])).toThrow(/get ok needs value/);
    expect(() => buildOperations([ev('invoke', 'cas', 'k', 1, { value: 'b', expect: 'a' }), ev('ok', 'cas', 'k', 2)])).toThrow(/cas ok needs succeeded/);
    expect(() => buildOperations([ev('invoke', 'cas', 'k', 1, { value: 'b' }), ev('ok', 'cas', 'k', 2, { succeeded: true })])).toThrow(/cas needs expect/);
    expect(() => buildOperations([ev('invoke', 'put', 'k', 1), ev('ok', 'put', 'k', 2)])).toThrow(/put needs a string value/);
  });

  it('describes operations for excerpts', () => {
    expect(describeInput({ f: 'cas', key: 'k', expect: null, value: 'v' })).toBe('cas k null->"v"');
    expect(describeOutput({ f: 'get', key: 'k' }, { known: true, value: 'x', rev: 7 })).toBe(' -> "x" @7');
    expect(describeOutput({ f: 'cas', key: 'k', expect: 'a', value: 'b' }, { known: true, succeeded: false })).toBe(' -> failed');
    expect(describeOutput({ f: 'delete', key: 'k' }, { known: false })).toBe(' -> ? (info)');
  });
});

describe('HistoryRecorder', () => {
  it('writes a file that parses back to the same events', () => {
    const r = new HistoryRecorder();
    r.invoke(1, 'put', 'k', { value: 'a' }, 0);
    r.invoke(2, 'cas', 'k', { expect: 'a', value: 'b' }, 1);
    r.ok(1, 5, { rev: 2 });
    r.ok(2, 9, { succeeded: true, rev: 3 });
    r.invoke(1, 'get', 'k', {}, 10);
    r.fail(1, 12, 'etcdserver: no leader');
    const parsed = parseHistory(r.toJsonLines());
    expect(parsed.events).toEqual(r.events);
    expect(parsed.events[2]).toEqual({ process: 1, type: 'ok', f: 'put', key: 'k', value: 'a', time: 5, rev: 2 });
    expect(parsed.events[5]!.error).toBe('etcdserver: no leader');
  });

  it('refuses a second invoke per process and a completion with nothing open', () => {
    const r = new HistoryRecorder();
    r.invoke(1, 'get', 'k', {}, 0);
    expect(() => r.invoke(1, 'get', 'k', {}, 1)).toThrow(HistoryError);
    expect(() => r.ok(2, 1)).toThrow(/no open operation/);
  });
});
