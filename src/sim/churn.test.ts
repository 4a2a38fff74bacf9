import { describe, expect, it } from 'vitest';
import { Harness } from './harness';

/**
 * 6.824's churn tests: three clients propose everywhere while members are
 * disconnected, crashed and restarted at random; every value a client saw
 * committed must be in the final log of every member.
 */
function churn(seed: number, unreliable: boolean): void {
  const h = new Harness({ seed, members: 5 });
  h.setUnreliable(unreliable);
  const seen = new Set<string>();
  let pending: string[] = [];
  let n = 0;
  const clients = (): void => {
    for (let c = 0; c < 3; c++) {
      const cmd = `k${c}.${++n}`;
      if (h.propose(h.rand(5) + 1, cmd)) pending.push(cmd);
    }
  };
  for (let iters = 0; iters < 100; iters++) {
    if (h.rand(1000) < 200) h.disconnect(h.rand(5) + 1);
    if (h.rand(1000) < 500) {
      const i = h.rand(5) + 1;
      if (!h.isUp(i)) h.start1(i);
      h.connect(i);
    }
    if (h.rand(1000) < 200) h.crash(h.rand(5) + 1);
    for (let t = 0; t < 7; t++) {
      clients();
      h.run(1);
    }
    for (const cmd of pending) if (h.indexOf(cmd) !== undefined) seen.add(cmd);
    pending = pending.filter((cmd) => !seen.has(cmd));
  }
  h.run(h.electionTick);
  h.setUnreliable(false);
  for (let id = 1; id <= 5; id++) {
    if (!h.isUp(id)) h.start1(id);
    h.connect(id);
  }
  const last = h.one(`final${seed}`, 5, true);
  const values = new Set<string>();
  for (let i = 2; i <= last; i++) {
    const v = h.wait(i, 5);
    if (v !== undefined) values.add(v);
  }
  expect(seen.size).toBeGreaterThan(20);
  for (const v of seen) expect(values.has(v), `${v} committed but missing from the final log`).toBe(true);
  h.finish();
}

describe('6.824 churn', () => {
  it('ReliableChurn', () => churn(41, false));
  it('UnreliableChurn', () => churn(42, true));
});
