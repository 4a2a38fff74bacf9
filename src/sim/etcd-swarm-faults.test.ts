import { describe, it } from 'vitest';
import { SWARM_TIMEOUT_MS, runSwarmNemesis } from './etcd-swarm-check';

// The etcd-mode swarm's fault half (the other half is in etcd-sim.test.ts), so vitest runs both in parallel.
describe('etcd mode: full members under crashes and every fault', () => {
  for (const nemesis of ['crash', 'all'] as const) {
    it(`keeps hashes equal, loses no acknowledged write, stays linearizable, watches and locks hold: ${nemesis}`, async () => {
      await runSwarmNemesis(nemesis);
    }, SWARM_TIMEOUT_MS);
  }
});
