/**
 * How busy the machine was during a measurement, from Linux's /proc: the share of all CPUs
 * that processes outside the benchmark's own tree (this Node process, vite preview, Chromium and
 * its renderers and workers) used. On a shared 2-core machine a concurrent test run halves the
 * figures; this says when that happened. Elsewhere (no /proc) it answers null.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

const HAS_PROC = existsSync('/proc/stat');

/** [busy, total] jiffies of all CPUs. */
function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = f[3] + (f[4] ?? 0);
  return [total - idle, total];
}

/** Jiffies used by `root` and all its descendants (reaped children included). */
function treeTimes(root) {
  const procs = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      // fields after the command: state ppid ... utime(12) stime(13) cutime(14) cstime(15)
      procs.set(Number(d), { ppid: Number(f[1]), jiffies: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      /* the process ended while we looked */
    }
  }
  const inTree = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let sum = 0;
  for (const [pid, p] of procs) if (inTree(pid)) sum += p.jiffies;
  return sum;
}

/** Starts a window; `end()` returns `{other_cpu_pct, load1}` for it. */
export function cpuWindow() {
  if (!HAS_PROC) return { end: () => ({ other_cpu_pct: null, load1: Math.round(loadavg()[0] * 100) / 100 }) };
  const [busy0, total0] = cpuTimes();
  const ours0 = treeTimes(process.pid);
  return {
    end() {
      const [busy1, total1] = cpuTimes();
      const ours1 = treeTimes(process.pid);
      const total = total1 - total0;
      const other = Math.max(0, busy1 - busy0 - (ours1 - ours0));
      return { other_cpu_pct: total > 0 ? Math.round((other / total) * 1000) / 10 : null, load1: Math.round(loadavg()[0] * 100) / 100 };
    },
  };
}
