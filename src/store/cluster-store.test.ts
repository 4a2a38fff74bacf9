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
    expect(selectLeader({ members: [member(1, 'leader', 2), member(2, 'leader', 3), member(3, 'follower', 3)] })!.id).toBe(2);
    expect(selectLeader({ members: [member(1, 'candidate', 2)] })).toBeUndefined();
  });

  it('looks back at an earlier tick while the live cluster keeps publishing, then goes back to live', () => {
    const store = createClusterStore();
    const publish = (tick: number, role: MemberView['role']) => store.getState().publish({ tick, members: [member(1, role, 2)], messages: [{ key: 'm', from: 1, to: 2, type: 'MsgApp', sentAt: tick, deliverAt: tick + 1 }], leaderChanges: 1 }, []);
    publish(10, 'leader');
    publish(11, 'leader');
    publish(12, 'stopped');
    store.getState().viewPast(10);
    expect(store.getState()).toMatchObject({ viewTick: 10, tick: 10, liveTick: 12, messages: [] });
    expect(store.getState().members[0]!.role).toBe('leader');
    publish(13, 'stopped');
    expect(store.getState()).toMatchObject({ viewTick: 10, tick: 10, liveTick: 13 });
    expect(store.getState().members[0]!.role).toBe('leader');
    store.getState().viewPast(null);
    expect(store.getState()).toMatchObject({ viewTick: null, tick: 13 });
    expect(store.getState().members[0]!.role).toBe('stopped');
    publish(14, 'stopped');
    expect(store.getState().tick).toBe(14);
  });

  it('goes back to live when asked for the live tick or later, and when the clock restarts', () => {
    const store = createClusterStore();
    for (let t = 1; t <= 5; t++) store.getState().publish({ tick: t, members: [member(1, 'follower', 1)], messages: [], leaderChanges: 0 }, []);
    store.getState().viewPast(9);
    expect(store.getState().viewTick).toBeNull();
    store.getState().viewPast(2);
    expect(store.getState().viewTick).toBe(2);
    store.getState().publish({ tick: 0, members: [], messages: [], leaderChanges: 0 }, []);
    expect(store.getState().viewTick).toBeNull();
    expect(store.getState().history.size).toBe(1);
  });

  it('records timeline markers as it publishes', () => {
    const store = createClusterStore();
    store.getState().publish({ tick: 1, members: [member(1, 'follower', 1)], messages: [], leaderChanges: 0 }, []);
    store.getState().publish({ tick: 2, members: [member(1, 'leader', 1)], messages: [], leaderChanges: 1 }, []);
    expect(store.getState().timeline.markers).toEqual([{ tick: 2, kind: 'leader', member: 1, text: 'infra1 became leader of term 1' }]);
  });

  it('forgets the future when the engine rewinds to a past tick (deterministic replay)', () => {
    const store = createClusterStore();
    const roles: MemberView['role'][] = ['follower', 'leader', 'leader', 'stopped', 'stopped'];
    roles.forEach((role, t) => store.getState().publish({ tick: t, members: [member(1, role, 1)], messages: [], leaderChanges: 0 }, [{ tick: t, text: `e${t}` }]));
    store.getState().viewPast(2);
    store.getState().rewoundTo(2);
    const s = store.getState();
    expect([s.viewTick, s.liveTick, s.history.lastTick]).toEqual([null, 2, 2]);
    expect(s.timeline.markers.map((x) => x.kind)).toEqual(['leader']);
    expect(s.events.map((e) => e.text)).toEqual(['e0', 'e1', 'e2']);
    store.getState().publish({ tick: 3, members: [member(1, 'leader', 1)], messages: [], leaderChanges: 0 }, []);
    expect(store.getState().timeline.markers.map((x) => x.kind)).toEqual(['leader']);
  });
});
