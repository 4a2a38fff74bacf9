import { describe, expect, it } from 'vitest';
import { Harness } from './harness';

/**
 * 6.824's Figure 8 tests: leaders crash (or get cut off) right after
 * accepting a command, again and again, so entries from old terms get
 * replicated to a majority by later leaders. The checker catches a leader
 * that commits a previous-term entry by counting replicas (paper §5.4.2).
 */
describe('6.824 Figure 8', () => {
  it('Figure8: crash the leader after every proposal', () => {
    const h = new Harness({ seed: 31, members: 5 });
    h.one(`${h.rand(10_000)}`, 1, true);
    let nup = 5;
    for (let iters = 0; iters < 3000; iters++) {
      let leader = -1;
      for (let id = 1; id <= 5; id++) {
        if (h.isUp(id) && h.propose(id, `f${iters}.${id}`)) leader = id;
      }
      h.run(h.rand(1000) < 100 ? h.rand(h.electionTick * 5) : h.rand(2));
      if (leader !== -1) {
        h.crash(leader);
        nup--;
      }
      if (nup < 3) {
        const s = h.rand(5) + 1;
        if (!h.isUp(s)) {
          h.start1(s);
          h.connect(s);
          nup++;
        }
      }
    }
    for (let id = 1; id <= 5; id++) {
      if (!h.isUp(id)) h.start1(id);
      h.connect(id);
    }
    h.one(`${h.rand(10_000)}final`, 5, true);
    expect(h.world.crashes).toBeGreaterThan(150);
    h.finish();
  });

  it('Figure8Unreliable: cut leaders off over an unreliable, long-reordering network', () => {
    const h = new Harness({ seed: 32, members: 5 });
    h.setUnreliable(true);
    h.one(`${h.rand(10_000)}`, 1, true);
    let nup = 5;
    for (let iters = 0; iters < 1000; iters++) {
      if (iters === 200) h.setLongReordering(true);
      let leader = -1;
      for (let id = 1; id <= 5; id++) {
        if (h.propose(id, `u${iters}.${id}`) && h.isConnected(id)) leader = id;
      }
      h.run(h.rand(1000) < 100 ? h.rand(h.electionTick * 5) : h.rand(2));
      if (leader !== -1 && h.rand(1000) < h.electionTick * 50) {
        h.disconnect(leader);
        nup--;
      }
      if (nup < 3) {
        const s = h.rand(5) + 1;
        if (!h.isConnected(s)) {
          h.connect(s);
          nup++;
        }
      }
    }
    for (let id = 1; id <= 5; id++) h.connect(id);
    h.setUnreliable(false);
    h.one(`${h.rand(10_000)}final`, 5, true);
    h.finish();
  });
});
