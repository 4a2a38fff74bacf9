import { describe, expect, it } from 'vitest';
import { newTestConsole, outputWatcher } from '../testing/console';

describe('watch', () => {
  it('replays history from --rev and streams live events until Ctrl-C (exit 130)', async () => {
    const c = newTestConsole();
    await c.run('etcdctl put foo bar && etcdctl put foo baz');
    const ac = new AbortController();
    const out = outputWatcher();
    const done = c.run('etcdctl watch foo --rev=2 --prev-kv', { signal: ac.signal, onOutput: out.onOutput });
    await out.until((t) => t.includes('baz\n'));
    await c.run('etcdctl del foo');
    await out.until((t) => t.includes('DELETE'));
    ac.abort();
    const r = await done;
    expect(r.stdout).toBe('PUT\nfoo\nbar\nPUT\nfoo\nbar\nfoo\nbaz\nDELETE\nfoo\nbaz\nfoo\n\n');
    expect(r.exitCode).toBe(130);
  });
  it('watches every key with an empty prefix', async () => {
    const c = newTestConsole();
    const ac = new AbortController();
    const out = outputWatcher();
    const done = c.run('etcdctl watch "" --prefix', { signal: ac.signal, onOutput: out.onOutput });
    await new Promise((r) => setTimeout(r, 0));
    await c.run('etcdctl put a 1 && etcdctl put zz 2');
    await out.until((t) => t.includes('zz'));
    ac.abort();
    expect((await done).stdout).toBe('PUT\na\n1\nPUT\nzz\n2\n');
  });
  it('puts all events of one txn revision in one response (json)', async () => {
    const c = newTestConsole();
    const ac = new AbortController();
    const out = outputWatcher();
    const done = c.run('etcdctl watch t --prefix -w json', { signal: ac.signal, onOutput: out.onOutput });
    await c.run('etcdctl txn', { stdin: '\nput t1 a\nput t2 b\n\n\n' });
    await out.until((t) => t.includes('\n'));
    ac.abort();
    expect((await done).stdout).toBe(
      '{"Header":{"cluster_id":4989847324882585737,"member_id":5138483852803829615,"revision":2,"raft_term":2},"Events":[{"kv":{"key":"dDE=","create_revision":2,"mod_revision":2,"version":1,"value":"YQ=="}},{"kv":{"key":"dDI=","create_revision":2,"mod_revision":2,"version":1,"value":"Yg=="}}],"CompactRevision":0,"Canceled":false,"Created":false}\n',
    );
  });
  it('is canceled by the server when its start revision was compacted (exit 5; json prints the response)', async () => {
    const c = newTestConsole();
    await c.run('etcdctl put ck v1 && etcdctl put ck v2 && etcdctl put ck v3 && etcdctl compaction 3');
    expect(await c.run('etcdctl watch ck --rev=2')).toEqual({
      stdout: '',
      stderr: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n',
      exitCode: 5,
    });
    const j = await c.run('etcdctl watch ck --rev=2 -w json');
    expect(j.stdout).toBe(
      '{"Header":{"cluster_id":4989847324882585737,"member_id":5138483852803829615,"raft_term":2},"Events":[],"CompactRevision":3,"Canceled":true,"Created":false}\n',
    );
    expect(j.exitCode).toBe(5);
  });
  it('is canceled when the member loses its leader', async () => {
    const c = newTestConsole();
    const out = outputWatcher();
    const done = c.run('etcdctl watch k', { onOutput: out.onOutput });
    await new Promise((r) => setTimeout(r, 0));
    c.client.loseLeader();
    expect(await done).toEqual({ stdout: '', stderr: 'watch was canceled (etcdserver: no leader)\nError: watch is canceled by the server\n', exitCode: 5 });
  });
  it('runs an exec command per event with ETCD_WATCH_* variables', async () => {
    const c = newTestConsole();
    await c.run('etcdctl put wx 1');
    const ac = new AbortController();
    const out = outputWatcher();
    const done = c.run(`etcdctl watch wx --rev=1 -- sh -c 'echo ev=$ETCD_WATCH_EVENT_TYPE key=$ETCD_WATCH_KEY val=$ETCD_WATCH_VALUE rev=$ETCD_WATCH_REVISION'`, {
      signal: ac.signal,
      onOutput: out.onOutput,
    });
    await out.until((t) => t.includes('rev='));
    ac.abort();
    expect((await done).stdout).toBe('PUT\nwx\n1\nev="PUT" key="wx" val="1" rev=2\n');
  });
  it('stops with exit 1 when the exec command fails, reporting it like etcdctl', async () => {
    const c = newTestConsole();
    await c.run('etcdctl put wk v2');
    expect(await c.run(`etcdctl watch wk --rev=2 -- sh -c 'exit 3'`)).toEqual({ stdout: 'PUT\nwk\nv2\n', stderr: 'command ["sh" "-c" "exit 3"] error (exit status 3)\n', exitCode: 1 });
    expect((await c.run('etcdctl watch wk --rev=2 -- nosuchprog')).stderr).toBe('command ["nosuchprog"] error (exec: "nosuchprog": executable file not found in $PATH)\n');
    expect(await c.run('etcdctl lock L2 nosuchprog')).toMatchObject({ stderr: 'Error: exec: "nosuchprog": executable file not found in $PATH\n', exitCode: 1 });
    expect((await c.run('etcdctl get L2 --prefix')).stdout).toBe('');
  });
  it('takes the key from ETCDCTL_WATCH_KEY and rejects a conflicting argument', async () => {
    const c = newTestConsole();
    expect(await c.run('ETCDCTL_WATCH_KEY=a etcdctl watch b')).toMatchObject({ stderr: 'Error: bad number of arguments (found conflicting environment key)\n', exitCode: 128 });
    expect(await c.run('ETCDCTL_WATCH_RANGE_END=z etcdctl watch b')).toMatchObject({ stderr: 'Error: ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END="z"\n', exitCode: 128 });
    await c.run('etcdctl put wk v');
    const ac = new AbortController();
    const out = outputWatcher();
    const done = c.run('ETCDCTL_WATCH_KEY=wk etcdctl watch --rev=1', { signal: ac.signal, onOutput: out.onOutput });
    await out.until((t) => t.includes('v\n'));
    ac.abort();
    expect((await done).stdout).toBe('PUT\nwk\nv\n');
  });
  it('interactive mode: watch lines, progress, invalid commands, EOF (transcript 21)', async () => {
    const c = newTestConsole();
    const out = outputWatcher();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    async function* typed() {
      yield 'watch wx\n';
      yield 'progress\n';
      await gate;
      yield 'bogus\nwatch\n';
    }
    const done = c.run('etcdctl watch -i', { stdin: typed(), onOutput: out.onOutput });
    await out.until((t) => t.includes('progress notify: 1'));
    await c.run('etcdctl put wx 2');
    await out.until((t) => t.includes('2\n'));
    release();
    const r = await done;
    expect(r.stdout).toBe('progress notify: 1\nPUT\nwx\n2\n');
    expect(r.stderr).toBe(
      'Invalid command bogus (only support watch)\nInvalid command watch (command type or key is not provided)\nError: Error reading watch request line: EOF\n',
    );
    expect(r.exitCode).toBe(3);
  });
});
