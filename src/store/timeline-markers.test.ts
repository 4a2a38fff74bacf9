import { describe, expect, it } from 'vitest';
import type { LinkView, MemberView } from './cluster-store';
import { committedBetween, diffMarkers, MarkerLog } from './timeline-markers';

const m = (id: number, role: MemberView['role'], term: number, commit = 0): MemberView => ({
  id, name: `infra${id}`, role, term, lead: 0, commit, applied: commit, lastIndex: commit, electionElapsed: 0, electionTimeout: 10,
});
const link = (a: number, b: number, cut: boolean): LinkView => ({ a, b, cut, dropRate: 0, delayMs: 10 });

describe('timeline markers', () => {
  it('marks a campaign, a new leader, a kill and a restart', () => {
    const t0 = { tick: 1, members: [m(1, 'leader', 2), m(2, 'follower', 2), m(3, 'stopped', 0)] };
    const t1 = { tick: 2, members: [m(1, 'stopped', 2), m(2, 'candidate', 3), m(3, 'follower', 2)] };
    const t2 = { tick: 3, members: [m(1, 'stopped', 2), m(2, 'leader', 3), m(3, 'follower', 3)] };
    expect(diffMarkers(t0, t1).map((x) => [x.kind, x.member])).toEqual([['kill', 1], ['election', 2], ['restart', 3]]);
    expect(diffMarkers(t1, t2)).toEqual([{ tick: 3, kind: 'leader', member: 2, text: 'infra2 became leader of term 3' }]);
    expect(diffMarkers(undefined, t0)).toEqual([]);
  });

  it('marks a leader re-elected in a later term, but not a steady leader', () => {
    const a = { tick: 1, members: [m(1, 'leader', 2)] };
    expect(diffMarkers(a, { tick: 2, members: [m(1, 'leader', 2)] })).toEqual([]);
    expect(diffMarkers(a, { tick: 2, members: [m(1, 'leader', 3)] })[0]!.kind).toBe('leader');
  });

  it('marks partitions and heals from the cut links', () => {
    const up = { tick: 1, members: [], links: [link(1, 2, false), link(1, 3, false)] };
    const cut = { tick: 2, members: [], links: [link(1, 2, true), link(1, 3, true)] };
    expect(diffMarkers(up, cut)).toEqual([{ tick: 2, kind: 'partition', text: '2 links cut' }]);
    expect(diffMarkers(cut, { ...up, tick: 3 })).toEqual([{ tick: 3, kind: 'heal', text: 'network healed' }]);
  });

  it('counts committed entries by the highest commit index', () => {
    expect(committedBetween({ tick: 1, members: [m(1, 'leader', 1, 4), m(2, 'follower', 1, 3)] }, { tick: 2, members: [m(1, 'leader', 1, 7), m(2, 'follower', 1, 7)] })).toBe(3);
    expect(committedBetween({ tick: 1, members: [m(1, 'leader', 1, 4)] }, { tick: 2, members: [m(1, 'stopped', 1, 0)] })).toBe(0);
  });

  it('logs markers, one commit count per tick, and trims the old ones', () => {
    const log = new MarkerLog();
    log.add({ tick: 1, members: [m(1, 'follower', 1, 0)] });
    log.add({ tick: 2, members: [m(1, 'leader', 1, 1)] });
    log.add({ tick: 2, members: [m(1, 'leader', 1, 3)] });
    log.add({ tick: 5, members: [m(1, 'leader', 1, 4)] });
    expect(log.commits).toEqual([{ tick: 2, count: 3 }, { tick: 5, count: 1 }]);
    expect(log.markers.map((x) => x.tick)).toEqual([2]);
    const v = log.version;
    log.trim(3);
    expect(log.markers).toEqual([]);
    expect(log.commits).toEqual([{ tick: 5, count: 1 }]);
    expect(log.version).toBeGreaterThan(v);
  });

  it('does not mark a member coming up for the first time (a new cluster) as a restart', () => {
    const log = new MarkerLog();
    log.add({ tick: 0, members: [m(1, 'stopped', 0), m(2, 'follower', 1)] });
    log.add({ tick: 1, members: [m(1, 'follower', 1), m(2, 'stopped', 1)] });
    log.add({ tick: 2, members: [m(1, 'follower', 1), m(2, 'follower', 1)] });
    expect(log.markers.map((x) => [x.kind, x.member])).toEqual([['kill', 2], ['restart', 2]]);
  });
});
