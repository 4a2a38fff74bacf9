import { describe, expect, it } from 'vitest';
import { MessageTrail } from './message-trail';

const msg = (id: number) => ({ id, from: 1, to: 2, type: 'MsgApp' });

describe('MessageTrail', () => {
  it('stretches a fast message to the minimum visual duration', () => {
    const t = new MessageTrail({ minMs: 300 });
    t.sent(msg(1), 1000, 5);
    expect(t.views(1150)[0]!.progress).toBeCloseTo(0.5);
    expect(t.views(1299)).toHaveLength(1);
    expect(t.views(1300)).toHaveLength(0);
    expect(t.size).toBe(0);
  });

  it('keeps a slow message for its real flight', () => {
    const t = new MessageTrail({ minMs: 300 });
    t.sent(msg(1), 0, 1000);
    expect(t.views(500)[0]!.progress).toBeCloseTo(0.5);
  });

  it('fades a dropped message where it died', () => {
    const t = new MessageTrail({ minMs: 300, fadeMs: 400 });
    t.sent(msg(7), 0, 5);
    t.dropped(7, 150);
    const v = t.views(350)[0]!;
    expect(v.dropped).toBe(true);
    expect(v.progress).toBeCloseTo(0.5);
    expect(v.opacity).toBeCloseTo(0.5);
    expect(t.views(550)).toHaveLength(0);
  });

  it('skips and counts messages above the visible cap', () => {
    const t = new MessageTrail({ maxVisible: 2 });
    for (let i = 1; i <= 5; i++) t.sent(msg(i), 0, 1);
    expect(t.views(10)).toHaveLength(2);
    expect(t.skipped).toBe(3);
  });

  it('forgets the flights of a killed member', () => {
    const t = new MessageTrail();
    t.sent(msg(1), 0, 1);
    t.sent({ id: 2, from: 3, to: 2, type: 'MsgVote' }, 0, 1);
    t.forget(1);
    expect(t.views(10).map((v) => v.key)).toEqual(['2']);
  });
});
