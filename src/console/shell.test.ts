import { describe, expect, it } from 'vitest';
import { printfText } from './printf';
import { filterText, newShellSession, runShellLine, splitShell } from './shell';
import { FakeClusterClient } from './testing/fake-client';
import { DEFAULT_MEMBER } from './testing/console';

const client = () => new FakeClusterClient({ members: [{ ...DEFAULT_MEMBER }] });

describe('shell helpers', () => {
  it('splits at unquoted operators only', () => {
    expect(splitShell(`printf 'a|b' | etcdctl txn && etcdctl get "x;y" ; etcdctl version`).map((s) => [s.text.trim(), s.op])).toEqual([
      ["printf 'a|b'", '|'],
      ['etcdctl txn', '&&'],
      ['etcdctl get "x;y"', ';'],
      ['etcdctl version', ''],
    ]);
  });
  it('printf escapes and text filters', () => {
    expect(printfText(['a\\nb\\tc\\x27\\\\'])).toBe("a\nb\tc'\\");
    expect(printfText(['%s=%d%%', 'k', '5'])).toBe('k=5%');
    expect(filterText(['head', '-2'], 'a\nb\nc\n')).toBe('a\nb\n');
    expect(filterText(['head', '-c', '3'], 'abcdef')).toBe('abc');
    expect(filterText(['grep', 'Lease'], '"Key" : "k"\n"Lease" : 5\n')).toBe('"Lease" : 5\n');
    expect(filterText(['wc', '-l'], 'a\nb\n')).toBe('2\n');
    expect(filterText(['sort'], 'x')).toBeUndefined();
  });
});

describe('runShellLine', () => {
  it('runs && chains, stops on failure, and || recovers', async () => {
    const c = client();
    expect((await runShellLine('etcdctl put a 1 && etcdctl get a', { client: c })).stdout).toBe('OK\na\n1\n');
    const r = await runShellLine('etcdctl get && etcdctl put b 2', { client: c });
    expect(r.exitCode).toBe(128);
    expect((await runShellLine('etcdctl get b', { client: c })).stdout).toBe('');
    expect((await runShellLine('etcdctl get || etcdctl version', { client: c })).stdout).toBe('etcdctl version: 3.4.23\nAPI version: 3.4\n');
    expect((await runShellLine('etcdctl get a -w fields | grep Value', { client: c })).stdout).toBe('"Value" : "1"\n');
  });
  it('keeps shell variables per session, as the etcd demo pages use them', async () => {
    const c = client();
    const session = newShellSession();
    expect((await runShellLine('HOST_1=127.0.0.1', { client: c, session })).exitCode).toBe(0);
    await runShellLine('ENDPOINTS=$HOST_1:2379', { client: c, session });
    expect(session.vars['ENDPOINTS']).toBe('127.0.0.1:2379');
    expect((await runShellLine('etcdctl --endpoints=$ENDPOINTS put web1 value1', { client: c, session })).stdout).toBe('OK\n');
    expect((await runShellLine('etcdctl --endpoints="${ENDPOINTS}" get web --prefix', { client: c, session })).stdout).toBe('web1\nvalue1\n');
    expect((await runShellLine("etcdctl put quoted '$ENDPOINTS' && etcdctl get quoted --print-value-only", { client: c, session })).stdout).toBe('OK\n$ENDPOINTS\n');
    await runShellLine('export ETCDCTL_WRITE_OUT=json', { client: c, session });
    expect((await runShellLine('etcdctl get nothing', { client: c, session })).stdout).toMatch(/^\{"header"/);
  });
});

describe('redirections', () => {
  it('parses /dev/null and 2>&1 redirections', async () => {
    const { parseRedirects } = await import('./shell');
    expect(parseRedirects('etcdctl put a 1 >/dev/null')).toEqual({ text: 'etcdctl put a 1', out: 'null', err: 'keep' });
    expect(parseRedirects('etcdctl get a > /dev/null 2>&1')).toEqual({ text: 'etcdctl get a', out: 'null', err: 'null' });
    expect(parseRedirects("etcdctl put k '>x' 2>/dev/null")).toEqual({ text: "etcdctl put k '>x'", out: 'keep', err: 'null' });
    expect(parseRedirects('etcdctl get a 2>&1')).toEqual({ text: 'etcdctl get a', out: 'keep', err: 'stdout' });
  });
  it('drops or merges output accordingly', async () => {
    const c = client();
    expect(await runShellLine('etcdctl put a 1 >/dev/null; etcdctl get a', { client: c })).toEqual({ stdout: 'a\n1\n', stderr: '', exitCode: 0 });
    expect(await runShellLine('etcdctl get 2>/dev/null', { client: c })).toEqual({ stdout: '', stderr: '', exitCode: 128 });
    expect(await runShellLine('etcdctl get 2>&1', { client: c })).toMatchObject({ stdout: 'Error: get command needs one argument as key and an optional argument as range_end\n', stderr: '' });
  });
});

describe('Ctrl-C', () => {
  it('ends the whole command list', async () => {
    const c = client();
    const ac = new AbortController();
    const done = runShellLine('etcdctl watch k; etcdctl put after 1', { client: c, signal: ac.signal });
    await new Promise((r) => setTimeout(r, 0));
    ac.abort();
    expect((await done).exitCode).toBe(130);
    expect((await runShellLine('etcdctl get after', { client: c })).stdout).toBe('');
  });
});

describe('background jobs, sleep and cat', () => {
  it('runs (cmd > file 2>&1 &) while the line goes on; sleep advances the clock; cat reads the file', async () => {
    const c = client();
    const session = newShellSession();
    const opts = { client: c, session, host: { now: c.clock.now, sleep: c.clock.sleep } };
    const r = await runShellLine(
      '(timeout 3 etcdctl watch w1 > /tmp/w.out 2>&1 &) ; sleep 0.7; etcdctl put w1 v1 >/dev/null; etcdctl del w1 >/dev/null; sleep 2.6; cat /tmp/w.out',
      opts,
    );
    expect(r).toEqual({ stdout: 'PUT\nw1\nv1\nDELETE\nw1\n\n', stderr: '', exitCode: 0 });
    expect((await runShellLine('cat /nope', opts)).stderr).toBe('cat: /nope: No such file or directory\n');
    expect((await runShellLine('etcdctl put k v > /tmp/o; cat /tmp/o', opts)).stdout).toBe('OK\n');
    session.jobs.abort();
  });
});
