import { describe, expect, it } from 'vitest';
import { Harness } from './harness';

describe('6.824 persistence', () => {
  it('Persist1: state survives crashing everyone, the leader, a follower', () => {
    const h = new Harness({ seed: 21, members: 3 });
    h.one('11', 3, true);
    for (let id = 1; id <= 3; id++) h.start1(id);
    for (let id = 1; id <= 3; id++) {
      h.disconnect(id);
      h.connect(id);
    }
    h.one('12', 3, true);
    const leader1 = h.checkOneLeader();
    h.disconnect(leader1);
    h.start1(leader1);
    h.connect(leader1);
    h.one('13', 3, true);
    const leader2 = h.checkOneLeader();
    h.disconnect(leader2);
    h.one('14', 2, true);
    h.start1(leader2);
    h.connect(leader2);
    h.wait(h.indexOf('14') as number, 3);
    const i3 = h.peer(h.checkOneLeader(), 1);
    h.disconnect(i3);
    h.one('15', 2, true);
    h.start1(i3);
    h.connect(i3);
    h.one('16', 3, true);
    h.finish();
  });

  it('Persist2: partial partitions plus crashes, 5 members', () => {
    const h = new Harness({ seed: 22, members: 5 });
    let index = 1;
    for (let iters = 0; iters < 5; iters++) {
      h.one(`${10 + index++}`, 5, true);
      const leader1 = h.checkOneLeader();
      h.disconnect(h.peer(leader1, 1));
      h.disconnect(h.peer(leader1, 2));
      h.one(`${10 + index++}`, 3, true);
      h.disconnect(leader1);
      h.disconnect(h.peer(leader1, 3));
      h.disconnect(h.peer(leader1, 4));
      h.start1(h.peer(leader1, 1));
      h.start1(h.peer(leader1, 2));
      h.connect(h.peer(leader1, 1));
      h.connect(h.peer(leader1, 2));
      h.run(h.electionTick * 5);
      h.start1(h.peer(leader1, 3));
      h.connect(h.peer(leader1, 3));
      h.one(`${10 + index++}`, 3, true);
      h.connect(h.peer(leader1, 4));
      h.connect(leader1);
    }
    h.one('1000', 5, true);
    h.finish();
  });

  it('Persist3: partitioned leader and a follower crash, the leader restarts', () => {
    const h = new Harness({ seed: 23, members: 3 });
    h.one('101', 3, false);
    const leader = h.checkOneLeader();
    h.disconnect(h.peer(leader, 2));
    h.one('102', 2, false);
    h.crash(leader);
    h.crash(h.peer(leader, 1));
    h.connect(h.peer(leader, 2));
    h.start(leader);
    h.connect(leader);
    h.one('103', 2, true);
    h.start(h.peer(leader, 1));
    h.connect(h.peer(leader, 1));
    h.one('104', 3, true);
    h.finish();
  });

  it('UnreliableAgree: agreement over a lossy, duplicating, reordering network', () => {
    const h = new Harness({ seed: 24, members: 5 });
    h.setUnreliable(true);
    for (let iters = 1; iters < 50; iters++) {
      const leader = h.world.leader();
      for (let j = 0; j < 4; j++) if (leader !== 0) h.propose(leader, `${100 * iters + j}`);
      h.one(`${iters}`, 1, true);
    }
    h.setUnreliable(false);
    h.one('100', 5, true);
    expect(h.world.net.stats.droppedLoss).toBeGreaterThan(0);
    expect(h.world.net.stats.duplicated).toBeGreaterThan(0);
    h.finish();
  });
});
