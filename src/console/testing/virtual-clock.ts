/**
 * A virtual clock for the fake client and console tests. `sleep` does not wait for real time:
 * pending sleeps wake one at a time, earliest first, each on its own turn of the event loop, and
 * `now` jumps to the wake-up time. So keep-alives, TTLs, `timeout N` and `sleep N` interleave in
 * the order real time would give them, in microseconds of real time.
 */

/** Time source shared by the fake cluster and the console host. */
export interface TestClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Moves time forward by `ms` (e.g. to let leases expire). */
  advance(ms: number): void;
}

/** Runs `f` on the next macrotask: setImmediate where it exists (no 1 ms clamp), else setTimeout. */
function yieldToEventLoop(f: () => void): void {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (g.setImmediate) g.setImmediate(f);
  else setTimeout(f, 0);
}

interface Timer {
  due: number;
  seq: number;
  resolve: () => void;
}

/** Creates a virtual clock starting at `startMs`. */
export function virtualClock(startMs = 0): TestClock {
  let now = startMs;
  let seq = 0;
  let pumping = false;
  const timers: Timer[] = [];
  const pump = (): void => {
    pumping = false;
    timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    const t = timers.shift();
    if (!t) return;
    if (t.due > now) now = t.due;
    t.resolve();
    schedule();
  };
  const schedule = (): void => {
    if (pumping || timers.length === 0) return;
    pumping = true;
    yieldToEventLoop(pump);
  };
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(new Error('context canceled'));
          return;
        }
        const timer: Timer = { due: now + Math.max(ms, 0), seq: seq++, resolve };
        signal?.addEventListener(
          'abort',
          () => {
            const i = timers.indexOf(timer);
            if (i >= 0) timers.splice(i, 1);
            reject(new Error('context canceled'));
          },
          { once: true },
        );
        timers.push(timer);
        schedule();
      }),
  };
}
