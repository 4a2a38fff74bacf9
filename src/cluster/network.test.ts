import { describe, expect, it } from 'vitest';
import { BusClock } from './clock';
import type { BusEvent } from './events';
import { EventRecorder } from './events';
import { MinHeap } from './heap';
import { LinkTable } from './links';
import { Network } from './network';

const alive = () => true;

function net(seed = 1, tickMs = 100) {
  const events: BusEvent[] = [];
  const n = new Network<string>(seed, tickMs, (e) => events.push(e));
  return { n, events };
}

describe('LinkTable', () => {
  it('cuts links across partition groups, both ways, and isolates members in no group', () => {
    const t = new LinkTable();
    t.partition([[1], [2, 3]]);
    expect(t.cut(1, 2)).toBe('partitioned');
    expect(t.cut(3, 1)).toBe('partitioned');
    expect(t.cut(2, 3)).toBeUndefined();
    expect(t.cut(4, 2)).toBe('partitioned');
    expect(t.partitionGroups()).toEqual([[1], [2, 3]]);
    t.heal();
    expect(t.cut(1, 2)).toBeUndefined();
    expect(t.partitionGroups()).toBeUndefined();
  });

  it('sets both directions of a link and keeps delay ranges ordered', () => {
    const t = new LinkTable();
    t.set(1, 2, { up: false });
    expect(t.cut(1, 2)).toBe('link-down');
    expect(t.cut(2, 1)).toBe('link-down');
    expect(t.cut(1, 3)).toBeUndefined();
    t.set(1, 3, { delayMinMs: 50, delayMaxMs: 10 });
    expect(t.get(3, 1)).toMatchObject({ delayMinMs: 50, delayMaxMs: 50 });
    t.heal();
    expect(t.cut(1, 2)).toBeUndefined();
  });
});

describe('LinkTable.setDirected', () => {
  it('cuts one direction only', () => {
    const t = new LinkTable();
    t.setDirected(2, 1, { up: false });
    expect(t.cut(2, 1)).toBe('link-down');
    expect(t.cut(1, 2)).toBeUndefined();
  });
});

describe('Network.find and drop', () => {
  it('holds a message addressable by id while in flight and drops it by hand', () => {
    const { n, events } = net();
    n.links.setDefaults({ delayMinMs: 30, delayMaxMs: 30 });
    n.send(1, 2, 'MsgApp', 'a', 0);
    n.send(1, 3, 'MsgApp', 'b', 0);
    const ids = events.filter((e) => e.kind === 'sent').map((e) => (e as { id: number }).id);
    expect(n.find(ids[0]!)?.msg).toBe('a');
    expect(n.drop(ids[0]!, 10)).toBe(true);
    expect(n.find(ids[0]!)).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ kind: 'dropped', id: ids[0], reason: 'by-hand', at: 10 });
    expect(n.drop(ids[0]!, 11)).toBe(false);
    const due = n.advance(100, alive).filter((d) => d.kind === 'deliver');
    expect(due.map((d) => (d.kind === 'deliver' ? d.env.msg : ''))).toEqual(['b']);
    const rec = new EventRecorder();
    for (const e of events) rec.record(e);
    expect(rec.droppedByReason.get('by-hand')).toBe(1);
  });
});

describe('Network', () => {
  it('delivers in time order with ticks interleaved every tickMs', () => {
    const { n } = net();
    n.links.setDefaults({ delayMinMs: 30, delayMaxMs: 30 });
    n.send(1, 2, 'MsgApp', 'a', 0);
    n.links.setDefaults({ delayMinMs: 150, delayMaxMs: 150 });
    n.send(2, 1, 'MsgAppResp', 'b', 0);
    const due = n.advance(250, alive);
    expect(due.map((d) => (d.kind === 'tick' ? `tick@${d.at}` : `${d.env.msg}@${d.at}`))).toEqual(['a@30', 'tick@100', 'b@150', 'tick@200']);
    expect(n.nextDueAt()).toBe(300);
  });

  it('is a pure function of the seed', () => {
    const run = (seed: number) => {
      const { n } = net(seed);
      n.links.setDefaults({ dropRate: 0.3, duplicateRate: 0.2, delayMinMs: 1, delayMaxMs: 50 });
      for (let i = 0; i < 50; i++) n.send(1 + (i % 3), 1 + ((i + 1) % 3), 'MsgHeartbeat', `m${i}`, i);
      return n.advance(1000, alive).map((d) => (d.kind === 'tick' ? d.at : `${d.env.msg}@${d.at.toFixed(3)}`));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('drops at send on a cut link, and on arrival when cut in flight, lost or the receiver is dead', () => {
    const { n, events } = net();
    n.links.partition([[1], [2, 3]]);
    n.send(1, 2, 'MsgVote', 'x', 0);
    expect(events.at(-1)).toMatchObject({ kind: 'dropped', reason: 'partitioned' });
    n.links.heal();
    n.send(1, 2, 'MsgApp', 'in-flight', 0);
    n.links.set(1, 2, { up: false });
    n.send(2, 3, 'MsgApp', 'to-dead', 0);
    const due = n.advance(50, (id) => id !== 3);
    expect(due.filter((d) => d.kind === 'deliver')).toEqual([]);
    expect(events.filter((e) => e.kind === 'dropped').map((e) => (e as { reason: string }).reason).sort()).toEqual(['link-down', 'member-down', 'partitioned']);
  });

  it('loses about dropRate of the messages and duplicates about duplicateRate', () => {
    const { n } = net(42);
    n.links.setDefaults({ dropRate: 0.25, duplicateRate: 0.1 });
    for (let i = 0; i < 2000; i++) n.send(1, 2, 'MsgApp', `m${i}`, 0);
    const delivered = n.advance(100, alive).filter((d) => d.kind === 'deliver').length;
    // 2000 * 1.1 copies * 0.75 kept = 1650
    expect(delivered).toBeGreaterThan(1550);
    expect(delivered).toBeLessThan(1750);
  });

  it('never duplicates a forwarded proposal (MsgProp), and duplicates one-way cuts only one way', () => {
    const { n } = net(42);
    n.links.setDefaults({ duplicateRate: 1 });
    for (let i = 0; i < 50; i++) n.send(1, 2, 'MsgProp', `p${i}`, 0);
    expect(n.advance(100, alive).filter((d) => d.kind === 'deliver')).toHaveLength(50);
    n.links.setDefaults({ duplicateRate: 0 });
    n.links.setDirected(1, 2, { up: false });
    n.send(1, 2, 'MsgApp', 'x', 200);
    n.send(2, 1, 'MsgAppResp', 'y', 200);
    expect(n.advance(300, alive).flatMap((d) => (d.kind === 'deliver' ? [d.env.msg] : []))).toEqual(['y']);
  });

  it('drops everything in flight to or from a killed member', () => {
    const { n, events } = net();
    n.send(1, 2, 'MsgApp', 'a', 0);
    n.send(2, 3, 'MsgApp', 'b', 0);
    n.send(3, 1, 'MsgApp', 'c', 0);
    n.dropFor(2, 1);
    expect(n.inFlight().map((e) => e.msg)).toEqual(['c']);
    expect(events.filter((e) => e.kind === 'dropped')).toHaveLength(2);
  });
});

describe('BusClock', () => {
  it('scales wall time by speed, freezes while paused, steps by hand, never jumps', () => {
    const c = new BusClock(1000);
    expect(c.now(1500)).toBe(500);
    c.setSpeed(0.5, 1500);
    expect(c.now(2500)).toBe(1000);
    c.setPaused(true, 2500);
    expect(c.now(9999)).toBe(1000);
    expect(c.wallAt(1100, 9999)).toBe(Infinity);
    c.advance(100, 9999);
    expect(c.now(20000)).toBe(1100);
    c.setPaused(false, 20000);
    expect(c.now(20200)).toBe(1200);
    expect(c.wallAt(1300, 20200)).toBe(20400);
    expect(() => c.setSpeed(0, 0)).toThrow(RangeError);
  });
});

describe('MinHeap', () => {
  it('pops in order and removes by predicate', () => {
    const h = new MinHeap<number>((a, b) => a - b);
    for (const x of [5, 3, 9, 1, 7, 2, 8]) h.push(x);
    expect(h.removeWhere((x) => x % 2 === 0)).toEqual([2, 8]);
    const out: number[] = [];
    while (h.size > 0) out.push(h.pop()!);
    expect(out).toEqual([1, 3, 5, 7, 9]);
  });
});

describe('EventRecorder', () => {
  it('batches events per flush and samples message events under heavy traffic, keeping a message together', () => {
    const r = new EventRecorder({ maxMessageEventsPerSecond: 100 });
    const batches: BusEvent[][] = [];
    r.subscribe((b) => batches.push(b));
    for (let i = 1; i <= 1000; i++) r.record({ kind: 'sent', id: i, from: 1, to: 2, type: 'MsgApp', at: i, deliverAt: i + 1, duplicate: false });
    r.record({ kind: 'role', member: 1, at: 1000, role: 'leader', term: 2 });
    expect(r.sampled).toBe(true);
    for (let i = 1001; i <= 2000; i++) {
      r.record({ kind: 'sent', id: i, from: 1, to: 2, type: 'MsgApp', at: i, deliverAt: i + 1, duplicate: false });
      r.record({ kind: 'delivered', id: i, from: 1, to: 2, type: 'MsgApp', at: i + 1 });
    }
    r.flush();
    expect(batches).toHaveLength(1);
    const late = batches[0]!.filter((e) => e.kind !== 'role' && e.at > 1000);
    expect(late.length).toBeLessThan(300);
    const sentIds = new Set(late.filter((e) => e.kind === 'sent').map((e) => (e as { id: number }).id));
    const deliveredIds = new Set(late.filter((e) => e.kind === 'delivered').map((e) => (e as { id: number }).id));
    expect([...sentIds].every((id) => deliveredIds.has(id) || id === 2000)).toBe(true);
    expect(batches[0]!.some((e) => e.kind === 'role')).toBe(true);
    expect(r.counts.sent).toBe(2000);
  });
});
