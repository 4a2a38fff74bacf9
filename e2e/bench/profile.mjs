/**
 * CPU profiles of the page and of every member worker through the Chrome DevTools Protocol:
 * the page through Playwright's CDPSession, the workers (dedicated workers, children of the page
 * target) through `Target.setAutoAttach` + `Target.sendMessageToTarget` on that same session.
 * `summarize` turns a profile into self time per function and per source folder, mapped back
 * through the build's source maps.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    if (existsSync(path)) map = new SourceMap(JSON.parse(readFileSync(path, 'utf8')));
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

/**
 * Self time per function and per area of one profile: `{total_ms, idle_ms, gc_ms, program_ms,
 * top: [{fn, where, self_ms, pct}], areas: [{area, self_ms, pct}]}` (pct of busy time).
 */
export function summarize(profile, distDir, top = 15, cache = new Map()) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const fns = new Map();
  const areas = new Map();
  let total = 0;
  let idle = 0;
  let gc = 0;
  let program = 0;
  for (const [id, ms] of self) {
    total += ms;
    const cf = byId.get(id).callFrame;
    if (cf.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    if (cf.functionName === '(garbage collector)') gc += ms;
    if (cf.functionName === '(program)') program += ms;
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
    const key = fn + ' @ ' + where;
    fns.set(key, { fn, where, self_ms: (fns.get(key)?.self_ms ?? 0) + ms });
    areas.set(area, (areas.get(area) ?? 0) + ms);
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
    top: [...fns.values()].sort((a, b) => b.self_ms - a.self_ms).slice(0, top).map((f) => ({ ...f, self_ms: r1(f.self_ms), pct: pct(f.self_ms) })),
    areas: [...areas].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([area, ms]) => ({ area, self_ms: r1(ms), pct: pct(ms) })),
  };
}
