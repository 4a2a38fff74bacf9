#!/usr/bin/env node
/**
 * `npm run bench`: builds the app, serves it with `vite preview`, opens it in headless Chromium
 * (Debian's, through playwright-core) and measures the real in-page cluster (one Web Worker per
 * member, IndexedDB, MessageChannels) through `window.etcdscope` only. Workload loops run inside
 * the page (in-page.js); Node starts them and prints one JSON object per measurement on stdout,
 * then a summary line comparing with real etcd's figures (etcd-baseline.mjs). Progress goes to
 * stderr. It is a measurement, not a test: it exits 0 when targets are missed, and non-zero only
 * when the harness itself fails. `npm run bench -- --help` lists the flags.
 */
import { readFileSync, mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build, serve } from './server.mjs';
import { attachProfiler, summarize as summarizeProfile } from './profile.mjs';
import { summarize } from './etcd-baseline.mjs';
import { parseArgs, HELP } from './args.mjs';
import { cpuWindow } from './machine.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const IN_PAGE = readFileSync(join(import.meta.dirname, 'in-page.js'), 'utf8');
const ARTIFACTS = join(ROOT, 'e2e/artifacts/bench');

const log = (msg) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects after `ms` so a stuck page cannot hang the harness. */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: no answer within ${Math.round(ms / 1000)} s`)), ms)))]).finally(() => clearTimeout(timer));
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${e.message}\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const selected = (name) => !opts.only.length || opts.only.some((s) => name.includes(s));
const results = [];
mkdirSync(ARTIFACTS, { recursive: true });
const jsonl = join(ARTIFACTS, 'last.jsonl');
writeFileSync(jsonl, '');

/** Prints one measurement (stdout, one JSON object per line) and keeps it for the summary. */
function emit(rec) {
  results.push(rec);
  const line = JSON.stringify(rec);
  process.stdout.write(line + '\n');
  appendFileSync(jsonl, line + '\n');
}

/** With --wait-quiet S: waits (at most S seconds) for a second in which others use < 15% CPU. */
async function waitQuiet() {
  const t0 = Date.now();
  while (Date.now() - t0 < opts.waitQuiet * 1000) {
    const w = cpuWindow();
    await sleep(1000);
    const { other_cpu_pct: other } = w.end();
    if (other === null || other < 15) return;
    log(`  waiting for a quiet machine (others use ${other}% of the CPU)`);
  }
}

/** Runs one named measurement; a failure inside the page is recorded, not fatal. */
async function measure(name, fn) {
  if (!selected(name)) return;
  log(`${name} ...`);
  await waitQuiet();
  const cpu = cpuWindow();
  try {
    const r = await fn();
    const machine = cpu.end();
    if (machine.other_cpu_pct > 10) log(`  note: other processes used ${machine.other_cpu_pct}% of the machine's CPU during ${name}`);
    emit({ name, ...r, machine });
  } catch (e) {
    log(`${name} FAILED: ${e.message}`);
    emit({ name, error: String(e.message).slice(0, 500), machine: cpu.end() });
  }
}

let browser;
/** The page clock's resolution, reported with the summary (latencies are quantized to it). */
let clock;
/** A fresh browser context (fresh IndexedDB and localStorage) on the page with `members`. */
async function openCluster(url, members, linkDelayMs, durability = 'strict') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 300)));
  const tNav = Date.now();
  await page.goto(`${url}/?members=${members}&seed=1&durability=${durability}`);
  await page.waitForFunction(() => window.etcdscope !== undefined, null, { timeout: 30_000 });
  const actual = await page.evaluate(() => window.etcdscope.durability());
  if (actual !== durability) throw new Error(`the page runs ${actual} durability, not ${durability}`);
  await page.addScriptTag({ content: IN_PAGE });
  await withTimeout(page.evaluate(() => window.etcdscope.waitForLeader(30_000)), 40_000, 'waitForLeader');
  await page.evaluate((ms) => window.__bench.setLinkDelay(ms), linkDelayMs);
  await withTimeout(page.evaluate(() => window.__bench.converged(30_000)), 40_000, 'converged');
  log(`  cluster of ${members} up in ${Date.now() - tNav} ms`);
  clock ??= await page.evaluate(() => window.__bench.clockInfo());
  return { context, page, errors, close: () => context.close() };
}

const inPage = (page, fn, arg, ms, what) => withTimeout(page.evaluate(([f, a]) => window.__bench[f](a), [fn, arg]), ms, what);
const loopMs = () => (opts.warmup + opts.duration) * 1000 + 60_000;
const linkLabel = opts.linkDelay === null ? 'page default 2-8 ms' : `${opts.linkDelay} ms`;

/**
 * Puts and gets at 1/16/128 clients on a cluster of `m` members with `durability`; a relaxed
 * cluster runs only the puts (reads do not touch IndexedDB), named `put/mM/cC/relaxed`.
 */
async function throughput(url, m, durability) {
  const names = [];
  const ops = durability === 'strict' ? ['put', 'get-lin', 'get-ser'] : ['put'];
  const suffix = durability === 'strict' ? '' : `/${durability}`;
  for (const op of ops) for (const c of opts.clients) names.push([op, c, `${op}/m${m}/c${c}${suffix}`]);
  if (!names.some(([, , n]) => selected(n))) return;
  const cl = await openCluster(url, m, opts.linkDelay, durability);
  try {
    for (const [op, clients, name] of names) {
      await measure(name, async () => ({
        members: m,
        clients,
        durability,
        link_delay: linkLabel,
        ...(await inPage(cl.page, 'closedLoop', { op, clients, warmupMs: opts.warmup * 1000, durationMs: opts.duration * 1000 }, loopMs(), name)),
        page_errors: cl.errors.splice(0),
      }));
    }
  } finally {
    await cl.close();
  }
}

/** Puts on the page's own network (2-8 ms per link, what a learner sees), for reference. */
async function defaultLinks(url) {
  const names = opts.clients.filter((c) => c !== 16).map((c) => [c, `put-default-links/m3/c${c}`]);
  if (!names.some(([, n]) => selected(n)) || opts.linkDelay === null) return;
  const cl = await openCluster(url, 3, null);
  try {
    for (const [clients, name] of names) {
      await measure(name, async () => ({
        members: 3,
        clients,
        link_delay: 'page default 2-8 ms',
        ...(await inPage(cl.page, 'closedLoop', { op: 'put', clients, warmupMs: opts.warmup * 1000, durationMs: opts.duration * 1000 }, loopMs(), name)),
      }));
    }
  } finally {
    await cl.close();
  }
}

/** Page load (navigation start) to the first elected leader, on a fresh origin, `reps` times. */
async function loadToLeader(url, m, reps = 3) {
  await measure(`load-to-leader/m${m}`, async () => {
    const each = [];
    for (let i = 0; i < reps; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
      try {
        const page = await context.newPage();
        await page.goto(`${url}/?members=${m}&seed=${i + 1}`);
        await page.waitForFunction(() => window.etcdscope !== undefined, null, { timeout: 30_000 });
        const t = await withTimeout(
          page.evaluate(async () => {
            await window.etcdscope.waitForLeader(30_000);
            const leaderAt = performance.now();
            const nav = performance.getEntriesByType('navigation')[0];
            return { leaderAt, domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN, load: nav ? nav.loadEventEnd : NaN };
          }),
          40_000,
          'load-to-leader',
        );
        each.push(t);
      } finally {
        await context.close();
      }
    }
    const sorted = each.map((e) => e.leaderAt).sort((a, b) => a - b);
    const r = (x) => Math.round(x);
    return { members: m, reps, p50_ms: r(sorted[Math.floor(sorted.length / 2)]), min_ms: r(sorted[0]), max_ms: r(sorted[sorted.length - 1]), each_ms: each.map((e) => r(e.leaderAt)), dom_content_loaded_ms: each.map((e) => r(e.domContentLoaded)), load_event_ms: each.map((e) => r(e.load)) };
  });
}

/** Restart of a follower holding `keys` keys until it serves a serializable read. */
async function restart(url, keys) {
  const name = `restart/m3/keys${keys}`;
  if (!selected(name)) return;
  const cl = await openCluster(url, 3, opts.linkDelay);
  try {
    await measure(name, async () => {
      const loaded = await inPage(cl.page, 'load', { keys }, 600_000, 'load keys');
      log(`  loaded ${keys} keys in ${loaded.load_ms} ms`);
      const r = await inPage(cl.page, 'restart', { keys }, 180_000, 'restart');
      return { keys, ...r, load: loaded, page_errors: cl.errors.splice(0) };
    });
  } finally {
    await cl.close();
  }
}

/** A full compaction at the head after `versions` key versions. */
async function compaction(url, versions) {
  const name = `compact/m3/versions${versions}`;
  if (!selected(name)) return;
  const cl = await openCluster(url, 3, opts.linkDelay);
  try {
    await measure(name, async () => ({ ...(await inPage(cl.page, 'compaction', { versions }, 1_800_000, 'compaction')), page_errors: cl.errors.splice(0) }));
  } finally {
    await cl.close();
  }
}

/** requestAnimationFrame deltas, idle and under a steady write load, on the page's own network. */
async function frames(url, m, rate) {
  const names = [`frames/m${m}/idle`, `frames/m${m}/writes${rate}`];
  if (!names.some(selected)) return;
  const cl = await openCluster(url, m, null);
  try {
    await measure(names[0], async () => ({ members: m, link_delay: 'page default 2-8 ms', ...(await inPage(cl.page, 'frames', { durationMs: opts.duration * 1000, rate: 0, warmupMs: 500 }, loopMs(), 'frames')) }));
    await measure(names[1], async () => ({ members: m, link_delay: 'page default 2-8 ms', ...(await inPage(cl.page, 'frames', { durationMs: opts.duration * 1000, rate }, loopMs(), 'frames')), page_errors: cl.errors.splice(0) }));
  } finally {
    await cl.close();
  }
}

/** CPU profile of the page and every member worker during puts at the highest concurrency. */
async function profile(url, distDir) {
  const clients = Math.max(...opts.clients);
  const name = `profile/put/m3/c${clients}`;
  if (!opts.profile || !selected(name)) return;
  const cl = await openCluster(url, 3, opts.linkDelay);
  try {
    await measure(name, async () => {
      const prof = await attachProfiler(cl.context, cl.page);
      const leader = await cl.page.evaluate(() => window.etcdscope.waitForLeader(10_000));
      const durationMs = opts.profileDuration * 1000;
      const run = inPage(cl.page, 'closedLoop', { op: 'put', clients, warmupMs: 2000, durationMs }, durationMs + 70_000, name);
      await sleep(2000);
      await prof.start(250);
      await sleep(durationMs);
      const profiles = await prof.stop();
      const loadResult = await run;
      await prof.detach();
      const targets = profiles.map(({ target, profile: p }) => {
        writeFileSync(join(ARTIFACTS, `${target.replace(/\W+/g, '_')}.cpuprofile`), JSON.stringify(p));
        const s = summarizeProfile(p, distDir);
        return { target: target + (target === `etcd ${leader}` ? ' (leader)' : ''), ...s };
      });
      return { leader, ops_per_s_while_profiling: loadResult.ops_per_s, p99_ms: loadResult.p99_ms, sampling_us: 250, profiles: targets, cpuprofiles: ARTIFACTS };
    });
  } finally {
    await cl.close();
  }
}

/** Prints the profile as a short table on stderr. */
function printProfile(rec) {
  if (!rec?.profiles) return;
  for (const p of rec.profiles) {
    log(`profile ${p.target}: busy ${p.busy_ms} of ${p.total_ms} ms (gc ${p.gc_ms}, program ${p.program_ms})`);
    log(`  areas: ${p.areas.map((a) => `${a.area} ${a.pct}%`).join(', ')}`);
    log('  self time:');
    for (const f of p.top_self.slice(0, 10)) log(`  ${String(f.pct).padStart(5)}%  ${f.fn}  ${f.where}${f.callers.length ? '  <- ' + f.callers.join(', ') : ''}`);
    log('  total time:');
    for (const f of p.top_total.slice(0, 12)) log(`  ${String(f.pct).padStart(5)}%  ${f.fn}  ${f.where}`);
  }
}

async function main() {
  const t0 = Date.now();
  const distDir = build(log);
  const server = await serve(distDir, log);
  const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
  try {
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    emit({
      name: 'env',
      browser: `Chromium ${browser.version()}`,
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model,
      node: process.version,
      durability: `put matrix: ${opts.durability.join(', ')} (?durability=); everything else: strict, the page's default`,
      link_delay: linkLabel,
      warmup_s: opts.warmup,
      duration_s: opts.duration,
      value_bytes: 256,
      key_space: 100_000,
    });
    for (const m of opts.members) for (const d of opts.durability) await throughput(server.url, m, d);
    await defaultLinks(server.url);
    await loadToLeader(server.url, 3);
    await restart(server.url, opts.restartKeys);
    await compaction(server.url, opts.compactRevisions);
    await frames(server.url, opts.frameMembers, opts.frameRate);
    await profile(server.url, distDir);
    printProfile(results.find((r) => r.name.startsWith('profile/')));
    const others = results.map((r) => r.machine?.other_cpu_pct).filter((x) => typeof x === 'number');
    const machine = others.length ? { other_cpu_pct_max: Math.max(...others), other_cpu_pct_mean: Math.round((others.reduce((a, b) => a + b, 0) / others.length) * 10) / 10 } : null;
    if (machine && machine.other_cpu_pct_max > 10) log(`WARNING: other processes used up to ${machine.other_cpu_pct_max}% of the CPU during measurements (mean ${machine.other_cpu_pct_mean}%): figures are low`);
    const summary = { ...summarize(results), machine, page_clock: clock ?? null, wall_s: Math.round((Date.now() - t0) / 1000) };
    emit(summary);
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    log(`harness failed: ${e.stack ?? e}`);
    process.exit(1);
  },
);
