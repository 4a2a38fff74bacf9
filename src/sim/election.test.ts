import { describe, expect, it } from 'vitest';
import { Harness } from './harness';

describe('6.824 elections', () => {
  it('InitialElection: one leader, stable term without failures', () => {
    const h = new Harness({ seed: 1, members: 3 });
    h.checkOneLeader();
    const term1 = h.checkTerms();
    expect(term1).toBeGreaterThanOrEqual(2);
    h.run(20 * h.electionTick);
    expect(h.checkTerms()).toBe(term1);
    h.checkOneLeader();
    h.finish();
  });

  it('ReElection: leader loss, rejoin, no quorum, quorum back', () => {
    const h = new Harness({ seed: 2, members: 3 });
    const leader1 = h.checkOneLeader();
    h.disconnect(leader1);
    const leader2 = h.checkOneLeader();
    expect(leader2).not.toBe(leader1);
    h.connect(leader1);
    const leader3 = h.checkOneLeader();
    h.disconnect(leader3);
    h.disconnect(h.peer(leader3, 1));
    h.run(20 * h.electionTick);
    h.checkNoLeader();
    h.connect(h.peer(leader3, 1));
    h.checkOneLeader();
    h.connect(leader3);
    h.checkOneLeader();
    h.finish();
  });

  it('ManyElections: 7 members, 3 random ones cut off, 9 times', () => {
    const h = new Harness({ seed: 3, members: 7 });
    h.checkOneLeader();
    for (let iter = 0; iter < 9; iter++) {
      const cut = [h.rand(7) + 1, h.rand(7) + 1, h.rand(7) + 1];
      for (const i of cut) h.disconnect(i);
      h.checkOneLeader();
      for (const i of cut) h.connect(i);
    }
    h.checkOneLeader();
    h.finish();
  });
});
