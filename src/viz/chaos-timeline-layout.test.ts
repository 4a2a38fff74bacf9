import { describe, expect, it } from 'vitest';
import type { TimelineOp } from '../cluster/chaos/verdict';
import { describeOp, layoutTimeline, opClass, tickStepMs, TIMELINE } from './chaos-timeline-layout';

const op = (id: number, client: number, call: number, ret: number, o: Partial<TimelineOp> = {}): TimelineOp => ({
  id, process: client, client, f: 'put', key: 'k0', value: `v${id}`, call, ret, outcome: 'ok', ...o,
});

describe('layoutTimeline', () => {
  const ops = [
    op(0, 0, 1000, 1500, { rev: 5 }),
    op(1, 1, 1200, Infinity, { outcome: 'info', gaveUpAt: 2700, error: 'context deadline exceeded' }),
    op(2, 0, 2000, 2100, { f: 'get', value: null }),
    op(3, -1, 9000, 9100, { f: 'get', value: 'v0' }),
  ];
  const faults = [
    { id: 0, kind: 'partition' as const, label: 'isolate infra1 (leader)', start: 1100, end: 3000, members: ['infra1'] },
    { id: 1, kind: 'kill' as const, label: 'kill infra2', start: 2000, members: ['infra2'] },
  ];
  const l = layoutTimeline({ ops, faults, clients: 2, t0: 1000, t1: 11_000, width: 1092, failure: { stuck: 2, concurrent: [1] } });

  it('gives each client a lane, plus one for the final reads', () => {
    expect(l.lanes.map((x) => x.label)).toEqual(['client 1', 'client 2', 'final reads']);
    expect(l.lanes[1]!.y - l.lanes[0]!.y).toBe(TIMELINE.laneHeight + TIMELINE.laneGap);
    expect(l.height).toBeGreaterThan(l.lanes[2]!.y);
  });

  it('maps call and return onto x, and leaves an unknown outcome open to the right edge', () => {
    const [a, b] = l.bars;
    expect(a!.x).toBe(TIMELINE.labelWidth);
    expect(a!.w).toBeCloseTo(((1092 - TIMELINE.right - TIMELINE.labelWidth) * 500) / 10_000);
    expect(b!.tail).toBeDefined();
    expect(b!.tail!.x + b!.tail!.w).toBeCloseTo(1092 - TIMELINE.right);
    expect(b!.x + b!.w).toBeCloseTo(l.scale(2700));
    expect(a!.tail).toBeUndefined();
    expect(l.bars.find((x) => x.id === 3)!.y).toBe(l.lanes[2]!.y);
  });

  it('marks the operation a violation is stuck on, and those concurrent with it', () => {
    expect(l.bars.find((x) => x.id === 2)!.mark).toBe('stuck');
    expect(l.bars.find((x) => x.id === 1)!.mark).toBe('concurrent');
    expect(l.bars.find((x) => x.id === 0)!.mark).toBeUndefined();
  });

  it('shades faults: network faults on the first strip row, kills on the second; an unhealed one runs to the end', () => {
    expect(l.faults.map((f) => f.row)).toEqual([0, 1]);
    expect(l.faults[1]!.x + l.faults[1]!.w).toBeCloseTo(l.scale(11_000));
  });

  it('ticks every 1, 2 or 5 seconds', () => {
    expect(l.ticks[0]).toEqual({ x: TIMELINE.labelWidth, label: '0s' });
    expect(tickStepMs(10_000, 20)).toBe(1000);
    expect(tickStepMs(60_000, 10)).toBe(10_000);
    expect(tickStepMs(60_000, 20)).toBe(5000);
  });
});

describe('describing operations', () => {
  it('names kind and outcome', () => {
    expect(opClass(op(0, 0, 0, 1, { f: 'cas', succeeded: false }))).toBe('op op-cas op-ok op-cas-failed');
    expect(describeOp(op(0, 0, 1000, 1500, { rev: 5 }), 1000)).toBe('client 1: put k0 = v0 → ok at revision 5 (0.00s–0.50s)');
    expect(describeOp(op(1, 1, 1000, Infinity, { outcome: 'info', error: 'context deadline exceeded' }), 0)).toContain('unknown: timed out');
  });
});
