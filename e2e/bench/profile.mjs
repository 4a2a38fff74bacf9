/**
 * CPU profiles of the page and of every member worker through the Chrome DevTools Protocol:
 * the page through Playwright's CDPSession, the workers (dedicated workers, children of the page
 * target) through `Target.setAutoAttach` + `Target.sendMessageToTarget` on that same session.
 * `summarize` turns a profile into self time per function and per source folder, mapped back
 * through the build's source maps.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SourceMap } from './sourcemap.mjs';

/** Opens CDP on the page and attaches to its workers; returns a handle to profile them all. */
export async function attachProfiler(context, page) {
  const session = await context.newCDPSession(page);
  const workers = [];
  let nextId = 0;
  const pending = new Map();
  session.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workers.push({ sessionId: e.sessionId, url: e.targetInfo.url, title: e.targetInfo.title });
  });
  session.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    const p = m.id !== undefined ? pending.get(m.id) : undefined;
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(`${p.method}: ${m.error.message}`));
    else p.resolve(m.result);
  });
  /** Sends a CDP command to a worker's session (non-flattened protocol). */
  const toWorker = (sessionId, method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject, method });
      session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await new Promise((r) => setTimeout(r, 300));
  for (const w of workers) {
    const r = await toWorker(w.sessionId, 'Runtime.evaluate', { expression: 'self.name', returnByValue: true });
    w.name = r?.result?.value || w.url;
  }
  return {
    workers,
    /** Starts sampling everywhere (interval in µs). */
    async start(intervalUs = 250) {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: intervalUs });
      await session.send('Profiler.start');
      for (const w of workers) {
        await toWorker(w.sessionId, 'Profiler.enable');
        await toWorker(w.sessionId, 'Profiler.setSamplingInterval', { interval: intervalUs });
        await toWorker(w.sessionId, 'Profiler.start');
      }
    },
    /** Stops sampling; resolves `[{target, profile}]` (page first). */
    async stop() {
      const out = [{ target: 'page', profile: (await session.send('Profiler.stop')).profile }];
      for (const w of workers) out.push({ target: w.name, profile: (await toWorker(w.sessionId, 'Profiler.stop')).profile });
      return out;
    },
    detach: () => session.detach().catch(() => {}),
  };
}

const NAME_RES = [
  /function\*?\s+([\w$]+)/,
  /(?:const|let|var)\s+([\w$]+)\s*=/,
  /^(?:(?:export|public|private|protected|static|async|get|set|readonly|override)\s+)*([\w$]+)\s*(?:<[^(]*>)?\s*\(/,
  /([\w$]+)\s*[:=]\s*(?:async\s*)?(?:\(|function)/,
  /class\s+([\w$]+)/,
];

/** A readable name for a function from its source line. */
function nameFromText(text) {
  for (const re of NAME_RES) {
    const m = re.exec(text);
    if (m) return m[1];
  }
  return undefined;
}

/** Loads (and caches) the source map of a served script from the dist folder. */
function mapFor(distDir, url, cache) {
  if (cache.has(url)) return cache.get(url);
  let map;
  try {
    const path = join(distDir, new URL(url).pathname + '.map');
    const root = resolve(import.meta.dirname, '../..');
    // the page's map names sources relative to its (temp) folder, the worker's as if it sat in
    // dist/assets: show both relative to the repository
    const normalize = (s) => {
      const abs = resolve(dirname(path), s);
      return abs.startsWith(root + '/') ? relative(root, abs) : s.replace(/^(\.\.\/)+/, '');
    };
    if (existsSync(path)) map = new SourceMap(JSON.parse(readFileSync(path, 'utf8')), normalize);
  } catch {
    map = undefined;
  }
  cache.set(url, map);
  return map;
}

/** The folder a source belongs to, for the by-area table (src/raft, workers, node_modules/idb...). */
function areaOf(source) {
  if (!source) return '(native/other)';
  const nm = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return 'node_modules/' + nm[1];
  const m = source.match(/^(src\/[^/]+|workers)\//);
  return m ? m[1] : source;
}

/** Labels profile nodes with their original function, place and area (memoized per node). */
function labeler(byId, distDir, cache) {
  const labels = new Map();
  return (id) => {
    let l = labels.get(id);
    if (l) return l;
    const cf = byId.get(id).callFrame;
    let where = cf.url ? `${cf.url.replace(/^https?:\/\/[^/]+\//, '')}:${cf.lineNumber + 1}:${cf.columnNumber + 1}` : '(native)';
    let fn = cf.functionName || '(anonymous)';
    let area = cf.url ? '(bundle, unmapped)' : fn.startsWith('(') ? fn : '(native)';
    const map = cf.url ? mapFor(distDir, cf.url, cache) : undefined;
    const pos = map?.lookup(cf.lineNumber, cf.columnNumber);
    if (pos) {
      where = `${pos.source}:${pos.line}`;
      area = areaOf(pos.source);
      const named = nameFromText(pos.text);
      if (named && (fn.length <= 2 || fn === '(anonymous)')) fn = named;
    }
    l = { key: fn + ' @ ' + where, fn, where, area, special: !cf.url && fn.startsWith('(') };
    labels.set(id, l);
    return l;
  };
}

/**
 * Self and total time per function, and self time per area, of one profile: `{total_ms,
 * busy_ms, idle_ms, gc_ms, program_ms, top_self: [{fn, where, self_ms, pct, callers}],
 * top_total: [{fn, where, total_ms, pct}], areas: [{area, self_ms, pct}]}` (pct of busy time).
 */
export function summarize(profile, distDir, top = 15, cache = new Map()) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = labeler(byId, distDir, cache);
  const fns = new Map();
  const totals = new Map();
  const areas = new Map();
  let total = 0;
  let idle = 0;
  let gc = 0;
  let program = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const ms = (timeDeltas[i + 1] ?? 0) / 1000;
    const id = samples[i];
    total += ms;
    const l = label(id);
    if (l.fn === '(idle)') {
      idle += ms;
      continue;
    }
    if (l.fn === '(garbage collector)') gc += ms;
    if (l.fn === '(program)') program += ms;
    const f = fns.get(l.key) ?? { fn: l.fn, where: l.where, self_ms: 0, callers: new Map() };
    f.self_ms += ms;
    const p = parent.get(id);
    const pl = p !== undefined ? label(p) : undefined;
    if (pl && pl.fn !== '(root)') f.callers.set(pl.fn + ' @ ' + pl.where, (f.callers.get(pl.fn + ' @ ' + pl.where) ?? 0) + ms);
    fns.set(l.key, f);
    areas.set(l.area, (areas.get(l.area) ?? 0) + ms);
    // total (inclusive) time: each function once per sample, however deep it recurses
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const nl = label(n);
      if (nl.special || seen.has(nl.key)) continue;
      seen.add(nl.key);
      const t = totals.get(nl.key) ?? { fn: nl.fn, where: nl.where, total_ms: 0 };
      t.total_ms += ms;
      totals.set(nl.key, t);
    }
  }
  const busy = total - idle;
  const pct = (ms) => Math.round((ms / (busy || 1)) * 1000) / 10;
  const r1 = (x) => Math.round(x * 10) / 10;
  return {
    total_ms: Math.round(total),
    busy_ms: Math.round(busy),
    idle_ms: Math.round(idle),
    gc_ms: Math.round(gc),
    program_ms: Math.round(program),
    top_self: [...fns.values()]
      .sort((a, b) => b.self_ms - a.self_ms)
      .slice(0, top)
      .map((f) => ({
        fn: f.fn,
        where: f.where,
        self_ms: r1(f.self_ms),
        pct: pct(f.self_ms),
        callers: [...f.callers].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([c, ms]) => `${c} (${pct(ms)}%)`),
      })),
    top_total: [...totals.values()].sort((a, b) => b.total_ms - a.total_ms).slice(0, top).map((t) => ({ ...t, total_ms: r1(t.total_ms), pct: pct(t.total_ms) })),
    areas: [...areas].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([area, ms]) => ({ area, self_ms: r1(ms), pct: pct(ms) })),
  };
}
