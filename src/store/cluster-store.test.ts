import { describe, expect, it } from 'vitest';
import { createClusterStore, selectLeader, type MemberView } from './cluster-store';

const member = (id: number, role: MemberView['role'], term: number): MemberView => ({
  id, name: `infra${id}`, role, term, lead: 0, commit: 0, applied: 0, lastIndex: 0, electionElapsed: 0, electionTimeout: 10,
});

describe('cluster store', () => {
  it('publishes snapshots with links and rate, and keeps the last 50 events', () => {
    const store = createClusterStore();
    const links = [{ a: 1, b: 2, cut: true, dropRate: 0, delayMs: 8 }];
    for (let i = 0; i < 60; i++) store.getState().publish({ tick: i, members: [], messages: [], links, messageRate: { perSecond: 40, sampled: false }, leaderChanges: 0 }, [{ tick: i, text: `e${i}` }]);
    const s = store.getState();
    expect(s.tick).toBe(59);
    expect(s.links).toEqual(links);
    expect(s.messageRate).toEqual({ perSecond: 40, sampled: false });
    expect(s.events).toHaveLength(50);
    expect(s.events.at(-1)!.text).toBe('e59');
  });

  it('keeps the event list object when a frame brings no events', () => {
    const store = createClusterStore();
    store.getState().publish({ tick: 1, members: [], messages: [], leaderChanges: 0 }, [{ tick: 1, text: 'x' }]);
    const before = store.getState().events;
    store.getState().publish({ tick: 2, members: [], messages: [], leaderChanges: 0 }, []);
    expect(store.getState().events).toBe(before);
  });

  it('selects the leader of the highest term (a stale isolated leader loses)', () => {
    expect(selectLeader({ tick: 0, members: [member(1, 'leader', 2), member(2, 'leader', 3), member(3, 'follower', 3)], messages: [], leaderChanges: 0, events: [], paused: false })!.id).toBe(2);
    expect(selectLeader({ tick: 0, members: [member(1, 'candidate', 2)], messages: [], leaderChanges: 0, events: [], paused: false })).toBeUndefined();
  });
});
