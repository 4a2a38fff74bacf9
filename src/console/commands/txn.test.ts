import { describe, expect, it } from 'vitest';
import { newTestConsole } from '../testing/console';
import { argify, goUnquote, parseCompare } from './txn-parse';

const txn = (input: string, flags = '') => {
  const c = newTestConsole();
  return c.run(`etcdctl txn ${flags}`, { stdin: input }).then((r) => ({ ...r, c }));
};

describe('txn compare parsing', () => {
  it('parses every target and operator', () => {
    expect(parseCompare('value("k") = "v"')).toMatchObject({ target: 'VALUE', result: 'EQUAL' });
    expect(parseCompare('val("k") != "v"')).toMatchObject({ target: 'VALUE', result: 'NOT_EQUAL' });
    expect(parseCompare('mod("k") > "0"')).toMatchObject({ target: 'MOD', result: 'GREATER', modRevision: 0 });
    expect(parseCompare('m("k") < "5"')).toMatchObject({ target: 'MOD', result: 'LESS', modRevision: 5 });
    expect(parseCompare('create("k") = "0"')).toMatchObject({ target: 'CREATE', createRevision: 0 });
    expect(parseCompare('c("k") = "3"')).toMatchObject({ target: 'CREATE', createRevision: 3 });
    expect(parseCompare('version("k") = "1"')).toMatchObject({ target: 'VERSION', version: 1 });
    expect(parseCompare('ver("k") = "2"')).toMatchObject({ target: 'VERSION', version: 2 });
    expect(parseCompare('lease("k") = "1eeea20c54ca4c98"')).toMatchObject({ target: 'LEASE', lease: 0x1eeea20c54ca4c98n });
  });
  it('reports malformed compares exactly as etcdctl 3.4.23 (exit 3)', () => {
    const msg = (line: string) => {
      try {
        parseCompare(line);
      } catch (e) {
        return [(e as Error).message, (e as { code: number }).code];
      }
      return 'ok';
    };
    expect(msg('value k = 1')).toEqual(['malformed comparison: value k = 1', 3]);
    expect(msg('value("key1")="val1"')).toEqual(['malformed comparison: value("key1")="val1"; got value("key1")  ""', 3]);
    expect(msg('value("key1") = val1')).toEqual(['malformed comparison: value("key1") = val1; got value("key1") = ""', 3]);
    expect(msg('bogus("k") = "1"')).toEqual(['malformed comparison: bogus("k") = "1" (unknown target bogus)', 3]);
    expect(msg('version("k") = "abc"')).toEqual(['invalid txn compare request: version("k") = "abc"', 3]);
    expect(msg('value("k") ~ "1"')).toEqual(['malformed comparison: value("k") ~ "1" (unknown op ~)', 3]);
  });
  it('unquotes Go strings and splits op lines like argify', () => {
    expect(goUnquote('"v\\tx"')).toBe('v\tx');
    expect(goUnquote('"value \\x23"')).toBe('value #');
    expect(argify('put "key \\"with\\" space" "value \\x23"')).toEqual(['put', 'key "with" space', 'value #']);
    expect(argify("put 'sq' 'hello world'")).toEqual(['put', 'sq', 'hello world']);
    expect(argify('  put k1 v1 --prev-kv ')).toEqual(['put', 'k1', 'v1', '--prev-kv']);
  });
});

describe('txn command', () => {
  it('runs success and failure branches with the simple output (transcript 05)', async () => {
    const c = newTestConsole();
    await c.run('etcdctl put key1 val1');
    const ok = await c.run('etcdctl txn', { stdin: 'value("key1") = "val1"\n\nput key2 some-data\nget key1\n\nput key2 other\n\n' });
    expect(ok).toEqual({ stdout: 'SUCCESS\n\nOK\n\nkey1\nval1\n', stderr: '', exitCode: 0 });
    const fail = await c.run('etcdctl txn', { stdin: 'value("key1") = "nope"\n\nput key2 some-data\n\nput key2 other\nget key2\ndel key1\n\n' });
    expect(fail.stdout).toBe('FAILURE\n\nOK\n\nkey2\nother\n\n1\n');
  });
  it('prints the interactive prompts with -i (spec G67)', async () => {
    const r = await txn('value("key1") = "val1"\n\nput key2 some-data\n\nput key2 other\n\n', '-i');
    expect(r.stdout).toBe('compares:\nsuccess requests (get, put, del):\nfailure requests (get, put, del):\nFAILURE\n\nOK\n');
  });
  it('accepts input typed while the prompt waits (an async stdin)', async () => {
    const c = newTestConsole();
    async function* typed() {
      yield 'create("k") = "0"\n';
      yield '\n';
      yield 'put k v\n\n';
      yield '\n';
    }
    expect((await c.run('etcdctl txn -i', { stdin: typed() })).stdout).toBe(
      'compares:\nsuccess requests (get, put, del):\nfailure requests (get, put, del):\nSUCCESS\n\nOK\n',
    );
  });
  it('reports EOF, bad op lines and put argument errors with etcdctl exit codes', async () => {
    expect(await txn('\n\n')).toMatchObject({ stderr: 'Error: EOF\n', exitCode: 3 });
    expect(await txn('\nfoo bar\n\n\n')).toMatchObject({ stderr: 'Error: invalid txn request: foo bar\n', exitCode: 3 });
    expect(await txn('\nput\n\n\n')).toMatchObject({ stderr: 'Error: invalid txn compare request: put\n', exitCode: 3 });
    expect(await txn('\nget k1 --bogus\n\n\n')).toMatchObject({
      stderr: [
        'Usage:',
        '   get [options] <key> [range_end] [flags]',
        '',
        'Flags:',
        '      --consistency string   Linearizable(l) or Serializable(s) (default "l")',
        '      --from-key             Get keys that are greater than or equal to the given key using byte compare',
        '  -h, --help                 help for get',
        '      --keys-only            Get only the keys',
        '      --limit int            Maximum number of results',
        '      --order string         Order of results; ASCEND or DESCEND (ASCEND by default)',
        '      --prefix               Get keys with matching prefix',
        '      --print-value-only     Only write values when using the "simple" output format',
        '      --rev int              Specify the kv revision',
        '      --sort-by string       Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION',
        '',
        'Error: invalid txn request: get k1 --bogus',
        '',
      ].join('\n'),
      exitCode: 3,
    });
    expect(await txn('\nput onlyone\n\n\n')).toMatchObject({ stderr: 'Error: put command needs 1 argument and input from stdin or 2 arguments\n', exitCode: 128 });
    expect(await txn('bogus("k") = "1"\n\n\n\n')).toMatchObject({ stderr: 'Error: malformed comparison: bogus("k") = "1" (unknown target bogus)\n', exitCode: 3 });
    expect(await txn('\n\n\n')).toMatchObject({ stdout: 'SUCCESS\n', exitCode: 0 });
  });
  it('enforces the server rules: duplicate keys, too many ops (spec G55-G57)', async () => {
    expect(await txn('\nput t1 a\nput t1 b\n\n\n')).toMatchObject({ stderr: 'Error: etcdserver: duplicate key given in txn request\n', exitCode: 1 });
    expect(await txn('\ndel t --prefix\nput t3 c\n\n\n')).toMatchObject({ stderr: 'Error: etcdserver: duplicate key given in txn request\n', exitCode: 1 });
    expect((await txn('\nput t1 a\n\nput t1 b\n\n')).stdout).toBe('SUCCESS\n\nOK\n');
    const many = '\n' + Array.from({ length: 129 }, (_, i) => `put many${i + 1} v\n`).join('') + '\n\n';
    expect(await txn(many)).toMatchObject({ stderr: 'Error: etcdserver: too many operations in txn request\n', exitCode: 1 });
  });
  it('prints json and fields with inner headers holding only the revision (transcript 06)', async () => {
    const c = newTestConsole();
    await c.run('etcdctl put key1 val1');
    const json = await c.run('etcdctl txn -w json', { stdin: 'mod("key1") > "0"\n\nput key3 x --prev-kv\ndel key2 --prev-kv\nget key1\n\n\n' });
    expect(json.stdout).toBe(
      '{"header":{"cluster_id":4989847324882585737,"member_id":5138483852803829615,"revision":3,"raft_term":2},"succeeded":true,"responses":[{"Response":{"ResponsePut":{"header":{"revision":3}}}},{"Response":{"ResponseDeleteRange":{"header":{"revision":3}}}},{"Response":{"ResponseRange":{"header":{"revision":3},"kvs":[{"key":"a2V5MQ==","create_revision":2,"mod_revision":2,"version":1,"value":"dmFsMQ=="}],"count":1}}}]}\n',
    );
    const fields = await c.run('etcdctl txn -w fields', { stdin: 'create("key1") > "0"\nversion("key1") = "1"\n\nget key1\nput key4 y\ndel nothing\n\n\n' });
    expect(fields.stdout).toBe(
      [
        '"ClusterID" : 4989847324882585737',
        '"MemberID" : 5138483852803829615',
        '"Revision" : 4',
        '"RaftTerm" : 2',
        '"Succeeded" : true',
        '"ClusterID" : 0',
        '"MemberID" : 0',
        '"Revision" : 3',
        '"RaftTerm" : 0',
        '"Key" : "key1"',
        '"CreateRevision" : 2',
        '"ModRevision" : 2',
        '"Version" : 1',
        '"Value" : "val1"',
        '"Lease" : 0',
        '"More" : false',
        '"Count" : 1',
        '"ClusterID" : 0',
        '"MemberID" : 0',
        '"Revision" : 4',
        '"RaftTerm" : 0',
        '"ClusterID" : 0',
        '"MemberID" : 0',
        '"Revision" : 4',
        '"RaftTerm" : 0',
        '"Deleted" : 0',
        '',
      ].join('\n'),
    );
  });
  it('runs a txn pasted as a printf pipe (spec G18)', async () => {
    const c = newTestConsole();
    await c.run('etcdctl put foo baz');
    const r = await c.run(`printf 'value("foo") = "baz"\\n\\nput foo qux\\nget foo\\n\\ndel foo\\n\\n' | etcdctl txn`);
    expect(r.stdout).toBe('SUCCESS\n\nOK\n\nfoo\nqux\n');
  });
});
