import { describe, expect, it } from 'vitest';
import { usageText, buildCommandTree, findCommand } from './command-tree';
import { runEtcdctl } from './runner';
import { newTestConsole } from './testing/console';
import { FakeClusterClient } from './testing/fake-client';

const tree = buildCommandTree();
const usage = (path: string) => usageText(findCommand(tree, path.split(' ')).node);

describe('runEtcdctl: cobra and etcdctl error conventions', () => {
  it('unknown command: stderr twice with the help hint, exit 1', async () => {
    const { run } = newTestConsole();
    expect(await run('etcdctl nosuchcmd')).toEqual({
      stdout: '',
      stderr: `Error: unknown command "nosuchcmd" for "etcdctl"\nRun 'etcdctl --help' for usage.\nError: unknown command "nosuchcmd" for "etcdctl"\n`,
      exitCode: 1,
    });
  });
  it('unknown flag: usage on stdout, the error twice on stderr, exit 1', async () => {
    const { run } = newTestConsole();
    const r = await run('etcdctl get foo --count-only');
    expect(r.stdout).toBe(usage('get'));
    expect(r.stderr).toBe('Error: unknown flag: --count-only\n\nError: unknown flag: --count-only\n');
    expect(r.exitCode).toBe(1);
    const neg = await run('etcdctl lease grant -5');
    expect(neg.stdout).toBe(usage('lease grant'));
    expect(neg.stderr).toBe("Error: unknown shorthand flag: '5' in -5\n\nError: unknown shorthand flag: '5' in -5\n");
  });
  it('group command alone or with an unknown subcommand prints its usage, exit 0', async () => {
    const { run } = newTestConsole();
    const r = await run('etcdctl lease');
    expect(r).toEqual({ stdout: usage('lease'), stderr: '', exitCode: 0 });
    expect((await run('etcdctl lease xyz')).stdout).toBe(usage('lease'));
    expect((await run('etcdctl')).stdout).toBe(usage(''));
    expect((await run('etcdctl help get')).stdout).toBe(usage('get'));
    expect((await run('etcdctl get --help')).stdout).toBe(usage('get'));
  });
  it('argument validation errors exit 128', async () => {
    const { run } = newTestConsole();
    const cases: [string, string][] = [
      ['get', 'get command needs one argument as key and an optional argument as range_end'],
      ['get a --prefix --from-key', '`--prefix` and `--from-key` cannot be set at the same time, choose one'],
      ['get a c --prefix', 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set'],
      ['put', 'put command needs 1 argument and input from stdin or 2 arguments'],
      ['put onlykey', 'put command needs 1 argument and input from stdin or 2 arguments'],
      ['put foo x --ignore-value', "put command needs only 1 argument when 'ignore-value' is set"],
      ['put foo bar --lease=zz', 'bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex'],
      ['del', 'del command needs one argument as key and an optional argument as range_end'],
      ['del a b c', 'del command needs one argument as key and an optional argument as range_end'],
      ['txn extra', 'txn command does not accept argument'],
      ['watch', 'bad number of arguments'],
      ['watch a b --prefix', '`range_end` and `--prefix` are mutually exclusive'],
      ['watch a --', 'bad number of arguments (found separator --, but no commands)'],
      ['compaction', 'compaction command needs 1 argument'],
      ['lease grant', 'lease grant command needs TTL argument'],
      ['lease grant 10 20', 'lease grant command needs TTL argument'],
      ['lease grant abc', 'bad TTL (strconv.ParseInt: parsing "abc": invalid syntax)'],
      ['lease revoke', 'lease revoke command needs 1 argument'],
      ['lease revoke zz', 'bad lease ID arg (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex'],
      ['lease timetolive', 'lease timetolive command needs lease ID as argument'],
      ['lease keep-alive', 'lease keep-alive command needs lease ID as argument'],
      ['member add', 'member name not provided'],
      ['member add foo', 'member peer urls not provided'],
      ['member add foo http://127.0.0.1:1', 'too many arguments, did you mean --peer-urls=http://127.0.0.1:1'],
      ['member remove', 'member ID is not provided'],
      ['member promote zz', 'bad member ID arg (strconv.ParseUint: parsing "zz": invalid syntax), expecting ID in Hex'],
      ['member update 1234', 'member peer urls not provided'],
      ['move-leader', 'move-leader command needs 1 argument'],
      ['lock', 'lock takes a lock name argument and an optional command to execute'],
      ['elect', 'elect takes one election name argument and an optional proposal argument'],
      ['elect myelection', 'no proposal argument but -l not set'],
      ['elect -l myelection p1', 'proposal given but -l is set'],
      ['snapshot save', 'snapshot save expects one argument'],
      ['snapshot status', 'snapshot status requires exactly one argument'],
      ['alarm list x', 'alarm list command accepts no arguments'],
      ['alarm disarm x', 'alarm disarm command accepts no arguments'],
    ];
    for (const [line, msg] of cases) {
      expect({ line, ...(await run(`etcdctl ${line}`)) }).toEqual({ line, stdout: '', stderr: `Error: ${msg}\n`, exitCode: 128 });
    }
  });
  it('bad feature errors exit 4; compaction parse errors exit 1', async () => {
    const { run } = newTestConsole();
    expect(await run('etcdctl get a --sort-by=bogus')).toMatchObject({ stderr: 'Error: bad sort target bogus\n', exitCode: 4 });
    expect(await run('etcdctl get a --prefix --order=up')).toMatchObject({ stderr: 'Error: bad sort order up\n', exitCode: 4 });
    expect(await run('etcdctl get foo --consistency=x')).toMatchObject({ stderr: 'Error: unknown consistency flag "x"\n', exitCode: 4 });
    expect(await run('etcdctl -w xml get foo')).toMatchObject({ stderr: 'Error: unsupported output format\n', exitCode: 4 });
    expect(await run('etcdctl get foo -w table')).toMatchObject({ stderr: 'Error: table not supported as output format\n', exitCode: 4 });
    expect(await run('etcdctl compaction abc')).toMatchObject({ stderr: 'Error: strconv.ParseInt: parsing "abc": invalid syntax\n', exitCode: 1 });
    expect(await run('etcdctl check perf --load xxl')).toMatchObject({ stderr: 'Error: unknown load option xxl\n', exitCode: 4 });
  });
  it('printer errors come after the RPC, so the write happens (put -w table)', async () => {
    const { run } = newTestConsole();
    expect(await run('etcdctl put foo bar -w table')).toMatchObject({ stderr: 'Error: table not supported as output format\n', exitCode: 4 });
    expect((await run('etcdctl get foo')).stdout).toBe('foo\nbar\n');
  });
  it('server errors print Error: <text>, exit 1', async () => {
    const { run } = newTestConsole();
    expect(await run('etcdctl put "" v')).toEqual({ stdout: '', stderr: 'Error: etcdserver: key is not provided\n', exitCode: 1 });
    expect(await run('etcdctl get foo --rev=1000')).toMatchObject({ stderr: 'Error: etcdserver: mvcc: required revision is a future revision\n', exitCode: 1 });
    expect(await run('etcdctl put nokey --ignore-value')).toMatchObject({ stderr: 'Error: etcdserver: key not found\n', exitCode: 1 });
    expect(await run('etcdctl put foo bar --lease=1234')).toMatchObject({ stderr: 'Error: etcdserver: requested lease not found\n', exitCode: 1 });
    expect(await run('etcdctl lease grant 9000000001')).toMatchObject({ stderr: 'Error: failed to grant lease (etcdserver: too large lease TTL)\n', exitCode: 1 });
  });
  it('an unreachable endpoint times out after --command-timeout with context deadline exceeded', async () => {
    const { run, client } = newTestConsole();
    const t0 = client.clock.now();
    expect(await run('etcdctl --endpoints=127.0.0.1:1 get foo')).toEqual({ stdout: '', stderr: 'Error: context deadline exceeded\n', exitCode: 1 });
    expect(client.clock.now() - t0).toBeGreaterThanOrEqual(5000);
    const t1 = client.clock.now();
    await run('etcdctl --endpoints=127.0.0.1:1 --command-timeout=1s get foo');
    expect(client.clock.now() - t1).toBeLessThan(2000);
    expect((await run('etcdctl --endpoints=127.0.0.1:1,127.0.0.1:2379 put foo bar')).stdout).toBe('OK\n');
  });
  it('reads ETCDCTL_* environment variables and refuses a flag that shadows one', async () => {
    const client = new FakeClusterClient();
    const env = { ETCDCTL_ENDPOINTS: '127.0.0.1:28379', ETCDCTL_WRITE_OUT: 'json' };
    const r = await runEtcdctl('get foo', { client, env });
    expect(r.stdout).toBe('{"header":{"cluster_id":4989847324882585737,"member_id":5138483852803829615,"revision":1,"raft_term":2}}\n');
    const c = await runEtcdctl('etcdctl --endpoints=127.0.0.1:28379 get foo', { client, env });
    expect(c.exitCode).toBe(1);
    expect(c.stderr).toContain('conflicting environment variable "ETCDCTL_ENDPOINTS" is shadowed by corresponding command-line flag');
    expect((await runEtcdctl('ETCDCTL_WRITE_OUT=fields etcdctl get foo', { client, env: { ETCDCTL_ENDPOINTS: '127.0.0.1:28379' } })).stdout).toContain('"Count" : 0');
  });
  it('reads the value of put from stdin, trailing newline included', async () => {
    const { run } = newTestConsole();
    expect((await run('echo v | etcdctl put k')).stdout).toBe('OK\n');
    expect((await run('etcdctl get k -w json')).stdout).toContain('"value":"dgo="');
    expect((await run('echo -n fromstdin | etcdctl put stdinkey && etcdctl get stdinkey')).stdout).toBe('OK\nstdinkey\nfromstdin\n');
    expect((await run('etcdctl put -- -dash -val && etcdctl get -- -dash')).stdout).toBe('OK\n-dash\n-val\n');
  });
  it('version prints two lines; unsupported etcdctl commands say so', async () => {
    const { run } = newTestConsole();
    expect(await run('etcdctl version')).toEqual({ stdout: 'etcdctl version: 3.4.23\nAPI version: 3.4\n', stderr: '', exitCode: 0 });
    expect(await run('etcdctl user list')).toMatchObject({ stderr: 'Error: user is not available in etcdscope\n', exitCode: 1 });
    expect(await run("etcdctl put k 'unterminated")).toMatchObject({ exitCode: 2 });
  });
});

describe('request size limits (transcript 20)', () => {
  it('rejects 1.6 MB as too large, accepts 1.5 MB, and 3 MB fails in the client', async () => {
    const { run } = newTestConsole();
    expect(await run('etcdctl put big', { stdin: 'a'.repeat(1600000) })).toEqual({ stdout: '', stderr: 'Error: etcdserver: request is too large\n', exitCode: 1 });
    expect((await run('etcdctl put big', { stdin: 'a'.repeat(1500000) })).stdout).toBe('OK\n');
    expect((await run('etcdctl put big2', { stdin: 'a'.repeat(3000000) })).stderr).toBe(
      'Error: rpc error: code = ResourceExhausted desc = trying to send message larger than max (3000011 vs. 2097152)\n',
    );
  });
});
