/**
 * The benchmark's in-page half: installed into the etcdscope page as `window.__bench` (plain
 * script, no build step). Every workload loop runs here, against `window.etcdscope.client()`, so
 * the latencies are the page's own (performance.now() around each call), not Playwright round
 * trips. Node (run.mjs) only starts a workload and reads the result.
 */
(() => {
  const api = () => {
    if (!window.etcdscope) throw new Error('window.etcdscope is not installed (is this the etcdscope page?)');
    return window.etcdscope;
  };

  /** A 256-byte value (printable, not all one character). */
  const VALUE = Array.from({ length: 256 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');

  /** etcd's benchmark tool's key shape: a fixed-width decimal key over the key space. */
  const keyOf = (i) => 'k' + String(i).padStart(7, '0');

  /** xorshift32: a cheap, seeded key chooser so runs are comparable. */
  function rng(seed) {
    let s = seed >>> 0 || 1;
    return () => {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      return s;
    };
  }

  /** p-th percentile (0..100) of a sorted Float64Array. */
  const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
  const r2 = (x) => Math.round(x * 100) / 100;

  /** Summary of latency samples (ms). */
  function summarize(samples, n) {
    const s = samples.subarray(0, n).slice().sort();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += s[i];
    return { p50_ms: r2(pct(s, 50)), p90_ms: r2(pct(s, 90)), p99_ms: r2(pct(s, 99)), max_ms: r2(n ? s[n - 1] : NaN), mean_ms: r2(n ? sum / n : NaN) };
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** The leader's client endpoint (e.g. `127.0.0.1:22379`), from status(). */
  async function leaderEndpoint() {
    const name = await api().waitForLeader(30_000);
    const n = Number(name.replace(/^infra/, ''));
    return n === 1 ? '127.0.0.1:2379' : `127.0.0.1:${n}2379`;
  }

  /** Every member's client endpoint. */
  async function allEndpoints() {
    const st = await api().status();
    return st.map((m) => {
      const n = Number(m.name.replace(/^infra/, ''));
      return n === 1 ? '127.0.0.1:2379' : `127.0.0.1:${n}2379`;
    });
  }

  /** Builds the request one client makes; `op` is put | get-lin | get-ser. */
  function requester(client, op, keySpace, next) {
    switch (op) {
      case 'put':
        return () => client.put(keyOf(next() % keySpace), VALUE);
      case 'get-lin':
        return () => client.get(keyOf(next() % keySpace));
      case 'get-ser':
        return () => client.get(keyOf(next() % keySpace), { serializable: true });
      default:
        throw new Error('unknown op ' + op);
    }
  }

  /**
   * Runs `clients` closed-loop clients (each issues its next request when the previous answers)
   * for warmupMs, then measures for durationMs. Returns throughput and latency percentiles.
   */
  async function closedLoop({ op, clients, warmupMs, durationMs, keySpace = 100_000, endpoints = 'leader', seed = 1 }) {
    const eps = endpoints === 'leader' ? [await leaderEndpoint()] : await allEndpoints();
    const cls = eps.map((ep) => api().client(ep));
    const cap = 4_000_000;
    const lat = new Float64Array(cap);
    let n = 0;
    let errors = 0;
    const errorSamples = new Map();
    let phase = 'warmup';
    const t0 = performance.now();
    let tMeasure = 0;
    let tEnd = Infinity;
    let measuring = false;
    const one = async (id) => {
      const next = rng(seed * 7919 + id * 104729);
      const call = requester(cls[id % cls.length], op, keySpace, next);
      while (phase !== 'done') {
        const s = performance.now();
        try {
          await call();
          const e = performance.now();
          if (measuring && e <= tEnd && n < cap) lat[n++] = e - s;
        } catch (err) {
          if (measuring) errors++;
          const m = String(err && err.message ? err.message : err);
          errorSamples.set(m, (errorSamples.get(m) ?? 0) + 1);
          await sleep(1);
        }
      }
    };
    const running = Array.from({ length: clients }, (_, i) => one(i));
    await sleep(warmupMs);
    // Requests already in flight when the window opens count if they finish inside it (their
    // latency includes warm-up time they waited; closed-loop clients make this negligible).
    measuring = true;
    tMeasure = performance.now();
    tEnd = tMeasure + durationMs;
    await sleep(durationMs);
    measuring = false;
    const tStop = performance.now();
    phase = 'done';
    await Promise.all(running);
    const seconds = (Math.min(tStop, tEnd) - tMeasure) / 1000;
    return {
      ops: n,
      ops_per_s: Math.round(n / seconds),
      ...summarize(lat, n),
      errors,
      error_kinds: Object.fromEntries(errorSamples),
      endpoints: eps,
      warmup_s: r2(warmupMs / 1000),
      duration_s: r2(seconds),
      wall_s: r2((performance.now() - t0) / 1000),
    };
  }

  /** Loads `keys` keys (k0000000..) of 256-byte values with txns of `perTxn` puts, `conc` in flight. */
  async function load({ keys, perTxn = 100, conc = 16, prefix = '' }) {
    const c = api().client(await leaderEndpoint());
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      for (;;) {
        const from = next;
        if (from >= keys) return;
        next = Math.min(keys, from + perTxn);
        const success = [];
        for (let i = from; i < next; i++) success.push({ put: { key: prefix + keyOf(i), value: VALUE } });
        await c.txn({ success }, { timeoutMs: 30_000 });
      }
    };
    await Promise.all(Array.from({ length: conc }, worker));
    const ms = performance.now() - t0;
    const last = await c.get(prefix + keyOf(keys - 1));
    return { load_ms: Math.round(ms), keys_per_s: Math.round(keys / (ms / 1000)), revision: Number(last.header.revision) };
  }

  /** Waits until every running member applied the same index as the leader's commit. */
  async function converged(timeoutMs = 60_000) {
    const t0 = performance.now();
    for (;;) {
      const st = (await api().status()).filter((m) => m.state !== 'stopped');
      const c = Math.max(...st.map((m) => m.commit));
      if (st.every((m) => m.applied === c && m.revision === st[0].revision)) return st[0].revision;
      if (performance.now() - t0 > timeoutMs) throw new Error('members did not converge: ' + JSON.stringify(st));
      await sleep(20);
    }
  }

  /**
   * Kills a follower that holds the data, restarts it, and times until it serves a serializable
   * read of the last key with its value (that is: recovered from IndexedDB and applied).
   */
  async function restart({ keys }) {
    await converged();
    const leader = await api().waitForLeader(30_000);
    const st = await api().status();
    const victim = (st.find((m) => m.name !== leader) ?? st[0]).name;
    const n = Number(victim.replace(/^infra/, ''));
    const ep = n === 1 ? '127.0.0.1:2379' : `127.0.0.1:${n}2379`;
    const c = api().client(ep);
    const key = keyOf(keys - 1);
    await api().kill(victim);
    const t0 = performance.now();
    await api().restart(victim);
    const tRestarted = performance.now();
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        const r = await c.get(key, { serializable: true, timeoutMs: 200 });
        if (r.kvs && r.kvs.length === 1 && r.kvs[0].value === VALUE) break;
      } catch {
        /* not serving yet */
      }
      if (performance.now() - t0 > 120_000) throw new Error('restarted member never served the key');
      await sleep(2);
    }
    const tServed = performance.now();
    let tLeader = NaN;
    if (victim === leader || st.length === 1) {
      await api().waitForLeader(30_000);
      tLeader = performance.now();
    }
    return { member: victim, restart_call_ms: r2(tRestarted - t0), to_serializable_read_ms: r2(tServed - t0), read_attempts: attempts, ...(Number.isNaN(tLeader) ? {} : { to_leader_ms: r2(tLeader - t0) }) };
  }

  /**
   * Writes `versions` key versions (txns of `perTxn` puts over `keySpace` keys), then compacts at
   * the head revision. Times the Compact call, and the first put+get that completes after it
   * (does the compaction block the apply loop?).
   */
  async function compaction({ versions, perTxn = 100, keySpace = 1000, conc = 16 }) {
    const c = api().client(await leaderEndpoint());
    const t0 = performance.now();
    let done = 0;
    let rev = 0;
    const worker = async () => {
      while (done < versions) {
        const from = done;
        done += perTxn;
        const success = [];
        for (let i = 0; i < perTxn; i++) success.push({ put: { key: keyOf((from + i) % keySpace), value: VALUE } });
        const r = await c.txn({ success }, { timeoutMs: 30_000 });
        rev = Math.max(rev, Number(r.header.revision));
      }
    };
    await Promise.all(Array.from({ length: conc }, worker));
    const writeMs = performance.now() - t0;
    await converged(120_000);
    const st0 = await api().status();
    const tc = performance.now();
    await c.compact(rev);
    const compactMs = performance.now() - tc;
    await c.put('after-compact', VALUE, { timeoutMs: 60_000 });
    await c.get('after-compact', { timeoutMs: 60_000 });
    const nextOpMs = performance.now() - tc;
    // every member applied the compaction
    await converged(120_000);
    const allMs = performance.now() - tc;
    const st1 = await api().status();
    return {
      versions: done,
      revisions: rev - 1,
      write_ms: Math.round(writeMs),
      compact_call_ms: r2(compactMs),
      compact_then_put_get_ms: r2(nextOpMs),
      compact_all_members_applied_ms: r2(allMs),
      compact_revision: Math.max(...st1.map((m) => m.compactRevision ?? 0)),
      head_revision_before: st0[0]?.revision,
    };
  }

  /**
   * Frame times (requestAnimationFrame deltas) for `durationMs`, while an open-loop writer
   * issues `rate` puts/s (at most `maxInFlight` outstanding) if rate > 0.
   */
  async function frames({ durationMs, rate, maxInFlight = 256, warmupMs = 1000 }) {
    const c = rate > 0 ? api().client(await leaderEndpoint()) : null;
    const next = rng(42);
    let inFlight = 0;
    let sent = 0;
    let acked = 0;
    let failed = 0;
    let skipped = 0;
    const stopAt = performance.now() + warmupMs + durationMs;
    let timer = 0;
    if (c) {
      const tStart = performance.now();
      const tick = () => {
        const due = Math.floor(((performance.now() - tStart) / 1000) * rate);
        while (sent + skipped < due) {
          if (inFlight >= maxInFlight) {
            skipped++;
            continue;
          }
          sent++;
          inFlight++;
          c.put(keyOf(next() % 100_000), VALUE).then(
            () => (acked++, inFlight--),
            () => (failed++, inFlight--),
          );
        }
        if (performance.now() < stopAt) timer = setTimeout(tick, 4);
      };
      tick();
    }
    await sleep(warmupMs);
    const ackedAtStart = acked;
    const deltas = [];
    let longTasks = 0;
    const po = typeof PerformanceObserver !== 'undefined' ? new PerformanceObserver((l) => (longTasks += l.getEntries().length)) : null;
    try {
      po?.observe({ type: 'longtask', buffered: false });
    } catch {
      /* longtask unsupported */
    }
    const t0 = performance.now();
    await new Promise((resolve) => {
      let last = 0;
      const f = (t) => {
        if (last) deltas.push(t - last);
        last = t;
        if (performance.now() - t0 < durationMs) requestAnimationFrame(f);
        else resolve();
      };
      requestAnimationFrame(f);
    });
    const secs = (performance.now() - t0) / 1000;
    const ackedInWindow = acked - ackedAtStart;
    po?.disconnect();
    clearTimeout(timer);
    const s = Float64Array.from(deltas).sort();
    return {
      frames: s.length,
      fps: r2(s.length / secs),
      p50_ms: r2(pct(s, 50)),
      p95_ms: r2(pct(s, 95)),
      p99_ms: r2(pct(s, 99)),
      max_ms: r2(s[s.length - 1]),
      // a frame that missed its vsync (60 Hz): a delta of 1.5 frames or more
      late_frames: s.filter((x) => x > 25).length,
      long_tasks: longTasks,
      target_writes_per_s: rate,
      writes_per_s: Math.round(ackedInWindow / secs),
      writes_failed: failed,
      writes_skipped_in_flight_cap: skipped,
    };
  }

  /** Sets every link's one-way delay (`ms`: a number, or null to keep the page's default 2-8 ms). */
  async function setLinkDelay(ms) {
    if (ms === null) return;
    const st = await api().status();
    for (const a of st) for (const b of st) if (a.name < b.name) await api().link(a.name, b.name, { delayMs: ms });
  }

  /** The page's clock: performance.now()'s step (coarsened to 0.1 ms unless cross-origin isolated). */
  function clockInfo() {
    let step = Infinity;
    let prev = performance.now();
    for (let i = 0; i < 200_000; i++) {
      const t = performance.now();
      if (t > prev && t - prev < step) step = t - prev;
      prev = t;
    }
    return { timer_step_ms: Math.round(step * 1e4) / 1e4, cross_origin_isolated: self.crossOriginIsolated === true };
  }

  window.__bench = { clockInfo, setLinkDelay, closedLoop, load, converged, restart, compaction, frames, leaderEndpoint, VALUE };
})();
