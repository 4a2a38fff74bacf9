import { describe, expect, it } from 'vitest';
import { REGRESSION_SEEDS, SWARM_TICKS, runSwarm, swarmCases } from './swarm';

// The swarm is split over two files so vitest runs the halves in parallel.
describe('seeded swarm (first half)', () => {
  it('pinned regression seeds', () => {
    const failures = runSwarm(REGRESSION_SEEDS.map((r) => r.c), console.error);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('seeds 1-120: 3 and 5 members, mixed nemeses', () => {
    const failures = runSwarm(swarmCases(1, 120, SWARM_TICKS), console.error);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
