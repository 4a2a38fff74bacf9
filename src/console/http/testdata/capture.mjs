// Records what a real etcd 3.4.23 gateway answers to the curl lines in gateway-lines.txt.
//
//   etcd --name default --data-dir /tmp/etcd-gw --listen-client-urls http://127.0.0.1:12379 \
//     --advertise-client-urls http://127.0.0.1:12379 --listen-peer-urls http://127.0.0.1:12380 \
//     --initial-advertise-peer-urls http://127.0.0.1:12380 --initial-cluster default=http://127.0.0.1:12380 &
//   node src/console/http/testdata/capture.mjs 12379 > src/console/http/testdata/gateway-3.4.23.json
//
// Lines are written against 127.0.0.1:2379 (the in-page member); the script talks to PORT and
// rewrites the port back in what it records. `$MEMBER` is the ID of the member the last
// `member/add` created (random by nature), in lines and in what is recorded. Streaming lines (watch) run with `-m 1.5`, and
// `# put: <curl args>` lines before them are fired 0.5 s into the stream.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const port = process.argv[2] ?? '12379';
const here = new URL('.', import.meta.url).pathname;
const lines = readFileSync(here + 'gateway-lines.txt', 'utf8').split('\n');
const vars = {};
const toReal = (s) =>
  s
    .replaceAll('127.0.0.1:2379', `127.0.0.1:${port}`)
    .replaceAll('127.0.0.1:2380', `127.0.0.1:${Number(port) + 1}`)
    .replaceAll('$MEMBER', vars.MEMBER ?? '$MEMBER');
const fromReal = (s) => s.replaceAll(`127.0.0.1:${port}`, '127.0.0.1:2379').replaceAll(`127.0.0.1:${Number(port) + 1}`, '127.0.0.1:2380');

/** Splits a curl line into argv: single quotes only, as the lines use. */
function words(line) {
  const out = [];
  const re = /'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2]);
  return out;
}

function run(argv, stream) {
  const args = [...argv.slice(1).map(toReal), '-D', '/tmp/gw-headers', ...(stream ? ['-m', '1.5'] : [])];
  rmSync('/tmp/gw-headers', { force: true });
  return new Promise((resolve) => {
    const p = spawn('curl', args);
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => {
      let h = '';
      try {
        h = readFileSync('/tmp/gw-headers', 'utf8');
      } catch {
        h = '';
      }
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(h)?.[1] ?? 0);
      const contentType = /^Content-Type: (.*)\r$/m.exec(h)?.[1] ?? '';
      resolve({ status, contentType, stdout: fromReal(out), stderr: err, exitCode: code });
    });
  });
}

const records = [];
let comment = '';
let puts = [];
for (const line of lines) {
  if (line.startsWith('# put: ')) {
    puts.push(line.slice(7));
    continue;
  }
  if (line.startsWith('#')) {
    comment = line.slice(1).trim();
    continue;
  }
  if (!line.trim()) continue;
  const argv = words(line);
  const stream = /\/v3\/watch\b/.test(line);
  const pending = run(argv, stream);
  const putLines = [...puts];
  if (puts.length) {
    await new Promise((r) => setTimeout(r, 500));
    for (const p of puts) spawnSync('curl', words(p).slice(1).map(toReal));
    puts = [];
  }
  const r = await pending;
  const added = /"member":\{"ID":"(\d+)"/.exec(r.stdout);
  if (added) vars.MEMBER = added[1];
  if (vars.MEMBER) r.stdout = r.stdout.replaceAll(vars.MEMBER, '$MEMBER');
  records.push({ comment, line, stream, ...(putLines.length ? { puts: putLines } : {}), ...r, exitCode: stream && r.exitCode === 28 ? 'aborted' : r.exitCode });
}
process.stdout.write(JSON.stringify(records, null, 1) + '\n');
