import { describe, expect, it } from 'vitest';
import { createSimCluster } from './browser';
import type { SimEvent } from './events';

describe('createSimCluster (browser API)', () => {
  it('shows 3 nodes electing a leader, with messages in flight', () => {
    const c = createSimCluster({ seed: 1, members: 3 });
    const events: SimEvent[] = [];
    const off = c.on((e) => events.push(e));
    expect(c.status().leader).toBe(0);
    let sawInflight = false;
    for (let t = 0; t < 100 && c.status().leader === 0; t++) {
      c.tick();
      sawInflight ||= c.status().inflight.length > 0;
    }
    const s = c.status();
    expect(s.leader).not.toBe(0);
    expect(sawInflight).toBe(true);
    expect(s.members.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(s.members.filter((m) => m.raftState === 'StateLeader')).toHaveLength(1);
    expect(events.some((e) => e.ev === 'become-leader' && e.node === s.leader)).toBe(true);
    expect(events.some((e) => e.ev === 'send' && e.type === 'MsgPreVote')).toBe(true);
    expect(events.some((e) => e.ev === 'deliver' && e.type === 'MsgVoteResp')).toBe(true);
    off();
    const n = events.length;
    c.tick(5);
    expect(events.length).toBe(n);
  });

  it('kill, restart, isolate, propose and transfer leadership', () => {
    const c = createSimCluster({ seed: 2, members: 3 });
    c.tick(60);
    const l1 = c.status().leader;
    expect(l1).not.toBe(0);
    expect(c.propose('hello')).toBe(true);
    c.tick(10);
    expect(c.status().members.every((m) => m.recent.includes('hello'))).toBe(true);
    c.kill(l1);
    expect(c.status().members[l1 - 1]?.raftState).toBe('StateDown');
    c.tick(80);
    const l2 = c.status().leader;
    expect(l2).not.toBe(0);
    expect(l2).not.toBe(l1);
    c.restart(l1);
    c.isolate(l2);
    expect(c.status().cutLinks.length).toBe(4);
    c.tick(80);
    const l3 = c.status().leader;
    expect(l3).not.toBe(l2);
    c.heal();
    c.tick(40);
    const l4 = c.status().leader;
    const target = c.ids.find((id) => id !== l4) as number;
    c.transferLeader(target);
    c.tick(40);
    expect(c.status().leader).toBe(target);
    expect(c.status().violations).toEqual([]);
  });
});
