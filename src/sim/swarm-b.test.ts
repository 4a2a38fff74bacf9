import { describe, expect, it } from 'vitest';
import { SWARM_TICKS, runSwarm, swarmCases } from './swarm';

describe('seeded swarm (second half)', () => {
  it('seeds 121-240: 3 and 5 members, mixed nemeses', () => {
    const failures = runSwarm(swarmCases(121, 120, SWARM_TICKS), console.error);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
