import { describe, expect, it } from 'vitest';
import { Harness } from './harness';

describe('6.824 agreement', () => {
  it('BasicAgree: consecutive indexes, nothing committed early', () => {
    const h = new Harness({ seed: 11, members: 3 });
    h.checkOneLeader();
    let prev = h.maxIndex();
    for (let k = 1; k <= 3; k++) {
      expect(h.nCommitted(prev + 1).count).toBe(0);
      const idx = h.one(`cmd${k}`, 3, false);
      expect(idx).toBe(prev + 1);
      prev = idx;
    }
    h.finish();
  });

  it('FollowerFailure and LeaderFailure', () => {
    const h = new Harness({ seed: 12, members: 3 });
    h.one('101', 3, false);
    const leader1 = h.checkOneLeader();
    h.disconnect(h.peer(leader1, 1));
    h.one('102', 2, false);
    h.run(10 * h.electionTick);
    h.one('103', 2, false);
    const leader2 = h.checkOneLeader();
    h.disconnect(h.peer(leader2, 1));
    h.disconnect(h.peer(leader2, 2));
    expect(h.propose(leader2, '104')).toBe(true);
    const index = h.world.raftMember(leader2).storage().lastIndex();
    h.run(20 * h.electionTick);
    expect(h.nCommitted(index).count).toBe(0);
    h.finish();
  });

  it('FailAgree: a disconnected follower catches up', () => {
    const h = new Harness({ seed: 13, members: 3 });
    h.one('101', 3, false);
    const leader = h.checkOneLeader();
    h.disconnect(h.peer(leader, 1));
    for (const c of ['102', '103', '104', '105']) h.one(c, 2, false);
    h.run(20 * h.electionTick);
    h.one('106', 2, true);
    h.connect(h.peer(leader, 1));
    h.one('107', 3, true);
    h.run(10 * h.electionTick);
    h.one('108', 3, true);
    h.finish();
  });

  it('FailNoAgree: no commit without a majority, agreement after repair', () => {
    const h = new Harness({ seed: 14, members: 5 });
    h.one('10', 5, false);
    const leader = h.checkOneLeader();
    for (let k = 1; k <= 3; k++) h.disconnect(h.peer(leader, k));
    expect(h.propose(leader, '20')).toBe(true);
    const index = h.world.raftMember(leader).storage().lastIndex();
    h.run(20 * h.electionTick);
    expect(h.nCommitted(index).count).toBe(0);
    for (let k = 1; k <= 3; k++) h.connect(h.peer(leader, k));
    const leader2 = h.checkOneLeader();
    expect(h.propose(leader2, '30')).toBe(true);
    const index2 = h.world.raftMember(leader2).storage().lastIndex();
    expect(index2).toBeGreaterThanOrEqual(index);
    expect(index2).toBeLessThanOrEqual(index + 2);
    h.one('1000', 5, true);
    h.finish();
  });

  it('Rejoin: a partitioned leader loses its uncommitted entries', () => {
    const h = new Harness({ seed: 15, members: 3 });
    h.one('101', 3, true);
    const leader1 = h.checkOneLeader();
    h.disconnect(leader1);
    for (const c of ['102', '103', '104']) h.propose(leader1, c);
    h.one('103', 2, true);
    const leader2 = h.checkOneLeader();
    h.disconnect(leader2);
    h.connect(leader1);
    h.one('104', 2, true);
    h.connect(leader2);
    h.one('105', 3, true);
    expect(h.indexOf('102')).toBeUndefined();
    h.finish();
  });

  it('Backup: leader backs up quickly over incorrect follower logs', () => {
    const h = new Harness({ seed: 16, members: 5 });
    let n = 0;
    const cmd = (): string => `b${++n}`;
    h.one(cmd(), 5, true);
    const leader1 = h.checkOneLeader();
    for (const k of [2, 3, 4]) h.disconnect(h.peer(leader1, k));
    for (let i = 0; i < 50; i++) h.propose(leader1, cmd());
    h.run(h.electionTick / 2);
    h.disconnect(leader1);
    h.disconnect(h.peer(leader1, 1));
    for (const k of [2, 3, 4]) h.connect(h.peer(leader1, k));
    for (let i = 0; i < 50; i++) h.one(cmd(), 3, true);
    const leader2 = h.checkOneLeader();
    let other = h.peer(leader1, 2);
    if (leader2 === other) other = h.peer(leader2, 1);
    h.disconnect(other);
    for (let i = 0; i < 50; i++) h.propose(leader2, cmd());
    h.run(h.electionTick / 2);
    for (let id = 1; id <= 5; id++) h.disconnect(id);
    h.connect(leader1);
    h.connect(h.peer(leader1, 1));
    h.connect(other);
    for (let i = 0; i < 50; i++) h.one(cmd(), 3, true);
    for (let id = 1; id <= 5; id++) h.connect(id);
    h.one(cmd(), 5, true);
    h.finish();
  });
});
