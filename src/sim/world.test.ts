import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage, type HardState } from '../raft';
import type { SimEvent } from './events';
import { runSwarm, swarmCases } from './swarm';
import { replayCommand } from './result';
import { SimWorld } from './world';

afterEach(() => {
  vi.restoreAllMocks();
});

function traceOf(seed: number): { events: SimEvent[]; world: SimWorld } {
  const world = new SimWorld({ seed, members: 5, ticks: 3000, nemesis: 'all' });
  const events: SimEvent[] = [];
  world.on((e) => events.push(e));
  world.runToEnd();
  return { events, world };
}

describe('SimWorld', () => {
  it('is deterministic: the same seed replays the same run, event for event', () => {
    const a = traceOf(99);
    const b = traceOf(99);
    expect(b.world.result()).toEqual(a.world.result());
    expect(b.events).toEqual(a.events);
    expect(traceOf(100).world.result()).not.toEqual(a.world.result());
  });

  it('traces elections and commits with term and entry hash', () => {
    const { events, world } = traceOf(5);
    const leaders = events.filter((e) => e.ev === 'become-leader');
    expect(leaders.length).toBe(world.leaderChanges);
    expect(leaders[0]).toMatchObject({ ev: 'become-leader', term: expect.any(Number), node: expect.any(Number) });
    const commits = events.filter((e) => e.ev === 'commit');
    expect(commits.length).toBeGreaterThan(100);
    expect(commits[0]).toMatchObject({ index: 2, hash: expect.stringMatching(/^[0-9a-f]{14}$/) });
    const byIndex = new Map<number, string>();
    for (const c of commits) {
      if (c.ev !== 'commit') continue;
      const h = byIndex.get(c.index);
      if (h !== undefined) expect(c.hash).toBe(h);
      byIndex.set(c.index, c.hash);
    }
    expect(events.some((e) => e.ev === 'crash')).toBe(true);
    expect(events.some((e) => e.ev === 'partition')).toBe(true);
  });

  it('without faults: one leader, steady commits, every member converges', () => {
    const w = new SimWorld({ seed: 3, members: 3, ticks: 2000 });
    const r = w.runToEnd();
    expect(r.ok).toBe(true);
    expect(r.leaderChanges).toBe(1);
    expect(r.committed).toBeGreaterThan(400);
    expect(r.snapshots).toBeGreaterThan(3);
    const hashes = new Set(w.statuses().map((s) => s.smHash));
    expect(hashes.size).toBe(1);
  });

  it('heals before the end: a leader is elected again and commits grow after the faults', () => {
    const w = new SimWorld({ seed: 7, members: 5, ticks: 8000, nemesis: 'all' });
    w.run(w.nemesis.healAt);
    const commitAtHeal = w.checker.committedIndex;
    const r = w.runToEnd();
    expect(r.ok).toBe(true);
    expect(r.finalLeader).not.toBe(0);
    expect(r.commitIndex).toBeGreaterThan(commitAtHeal);
    expect(r.crashes + r.partitions).toBeGreaterThan(10);
  });

  it('membership: a re-added member catches up by a merged snapshot, without a MsgSnap storm', () => {
    // Without merged snapshots this run sends ~690k messages (36k with them): the stored
    // snapshot predates re-adding a member, which ignores it (not in its ConfState), and every
    // (duplicated) MsgAppResp it sends back triggers another MsgSnap.
    const r = new SimWorld({ seed: 32, members: 5, ticks: 5000, nemesis: 'membership' }).runToEnd();
    expect(r.ok).toBe(true);
    expect(r.confChanges).toBeGreaterThan(5);
    expect(r.messagesSent).toBeLessThan(150_000);
  });

  it('replayCommand names every flag the CLI needs', () => {
    expect(replayCommand({ seed: 7, members: 5, ticks: 200000, nemesis: 'all' })).toBe(
      'npm run sim -- --seed 7 --members 5 --ticks 200000 --nemesis all',
    );
  });
});

/**
 * Mutation tests: break the host's durability on purpose and check that the
 * checker (and so the swarm) notices. These keep the checker honest: a
 * checker that cannot fail would pass the real swarm too.
 */
describe('the checker catches broken hosts', () => {
  it('a disk that never persists the term is caught (raft-tests.md §6: term not persisted)', () => {
    const setHardState = MemoryStorage.prototype.setHardState;
    vi.spyOn(MemoryStorage.prototype, 'setHardState').mockImplementation(function (this: MemoryStorage, hs: HardState) {
      setHardState.call(this, { ...hs, term: 1 });
    });
    const failures = runSwarm(swarmCases(1, 2, 2000), () => {});
    expect(failures.join('\n')).toMatch(/persisted (term regressed|vote changed)/);
  });

  it('a disk that loses the commit index on restart is caught', () => {
    const setHardState = MemoryStorage.prototype.setHardState;
    vi.spyOn(MemoryStorage.prototype, 'setHardState').mockImplementation(function (this: MemoryStorage, hs: HardState) {
      setHardState.call(this, { ...hs, commit: Math.max(0, hs.commit - 1) });
    });
    const failures = runSwarm(swarmCases(1, 4, 2000).map((c) => ({ ...c, nemesis: 'crash' as const })), () => {});
    expect(failures.join('\n')).toMatch(/commit/);
  });
});
