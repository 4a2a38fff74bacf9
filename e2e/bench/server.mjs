/**
 * Builds the app with `vite build` into a private folder (so a concurrent `npm run test:e2e`
 * keeps its dist/) and serves it with `vite preview` on 127.0.0.1 and a free port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Runs `vite build` into a fresh temp folder; returns its path. Throws on a failed build. */
export function build(log) {
  const outDir = mkdtempSync(join(tmpdir(), 'etcdscope-bench-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  log(`built in ${Math.round(performance.now() - t0)} ms -> ${outDir}`);
  return outDir;
}

/** Serves `outDir` with `vite preview`; resolves `{url, close}` once it answers HTTP. */
export async function serve(outDir, log) {
  const port = await freePort();
  const child = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // never leave the server behind, whatever ends this process (Ctrl-C included)
  const killChild = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(outDir, { recursive: true, force: true });
  };
  process.once('exit', killChild);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}):\n${output}`);
    try {
      const r = await fetch(url + '/');
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (performance.now() - t0 > 30_000) {
      child.kill();
      throw new Error(`vite preview did not answer on ${url} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`serving ${outDir} at ${url} (vite preview pid ${child.pid})`);
  return {
    url,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
