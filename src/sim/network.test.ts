import { describe, expect, it } from 'vitest';
import { RELIABLE, SimNetwork } from './network';
import { SimRand } from './prng';

interface M {
  from: number;
  to: number;
  n: number;
}

function net(): SimNetwork<M> {
  return new SimNetwork<M>(new SimRand(3));
}

describe('SimNetwork', () => {
  it('delivers reliably within the delay bounds, in send order per tick', () => {
    const n = net();
    for (let i = 0; i < 50; i++) expect(n.send({ from: 1, to: 2, n: i }, 0)).toBe('queued');
    const got: number[] = [];
    for (let t = 1; t <= RELIABLE.delayMaxTicks; t++) got.push(...n.due(t).map((f) => f.msg.n));
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(n.inflightSize()).toBe(0);
    expect(n.stats.delivered).toBe(50);
  });

  it('never duplicates a message neverDuplicate exempts (etcd mode: MsgProp)', () => {
    const n = net();
    n.profile = { ...RELIABLE, dupRate: 1 };
    n.neverDuplicate = (m) => m.n % 2 === 0;
    for (let i = 0; i < 10; i++) n.send({ from: 1, to: 2, n: i }, 0);
    const got: number[] = [];
    for (let t = 1; t <= RELIABLE.delayMaxTicks; t++) got.push(...n.due(t).map((f) => f.msg.n));
    expect(got.sort((a, b) => a - b)).toEqual([0, 1, 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 9]);
    expect(n.stats.duplicated).toBe(5);
  });

  it('partitions cut links both at send and in flight; heal restores them', () => {
    const n = net();
    n.send({ from: 1, to: 2, n: 1 }, 0);
    n.partition([[1], [2, 3]]);
    expect(n.send({ from: 2, to: 1, n: 2 }, 0)).toBe('dropped-partition');
    expect(n.connected(2, 3)).toBe(true);
    expect(n.due(1).length + n.due(2).length).toBe(0);
    expect(n.stats.droppedPartition).toBe(2);
    n.heal();
    expect(n.send({ from: 2, to: 1, n: 3 }, 5)).toBe('queued');
  });

  it('supports one-way links, isolation and reconnect', () => {
    const n = net();
    n.blockLink(1, 2);
    expect(n.connected(1, 2)).toBe(false);
    expect(n.connected(2, 1)).toBe(true);
    n.isolate(3, [1, 2, 3]);
    expect(n.connected(3, 1) || n.connected(2, 3)).toBe(false);
    n.reconnect(3);
    expect(n.connected(3, 1) && n.connected(2, 3)).toBe(true);
    expect(n.blockedLinks()).toEqual([[1, 2]]);
  });

  it('drops, duplicates and reorders according to the profile', () => {
    const n = net();
    n.profile = { dropRate: 0.3, dupRate: 0.3, delayMinTicks: 1, delayMaxTicks: 1, reorderRate: 0.5, reorderDelayMaxTicks: 10 };
    for (let i = 0; i < 1000; i++) n.send({ from: 1, to: 2, n: i }, 0);
    const order: number[] = [];
    for (let t = 1; t <= 12; t++) order.push(...n.due(t).map((f) => f.msg.n));
    expect(n.stats.droppedLoss).toBeGreaterThan(200);
    expect(n.stats.duplicated).toBeGreaterThan(100);
    expect(order.length).toBe(1000 - n.stats.droppedLoss + n.stats.duplicated);
    const sorted = order.slice().sort((a, b) => a - b);
    expect(order).not.toEqual(sorted);
  });
});
