/**
 * A virtual clock for the fake client and console tests: `sleep` does not wait for real time,
 * it yields to the event loop once and then moves `now` forward to the wake-up time, so
 * keep-alives, TTLs and timeouts play out in milliseconds of real time.
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

/** Creates a virtual clock starting at `startMs`. */
export function virtualClock(startMs = 0): TestClock {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const due = now + ms;
        const wake = (): void => {
          if (signal?.aborted) {
            reject(new Error('context canceled'));
            return;
          }
          if (due > now) now = due;
          resolve();
        };
        if (signal?.aborted) {
          reject(new Error('context canceled'));
          return;
        }
        yieldToEventLoop(wake);
      }),
  };
}
