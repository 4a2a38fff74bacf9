import { describe, expect, it } from 'vitest';
import type { MvccView, MvccViewOptions } from '../../server/mvcc-view';
import { createMvccStore } from '../../store/mvcc-store';
import { startMvccPolling } from './mvcc-poller';

const view = (revision: number): MvccView => ({ revision, compactRevision: 0, changes: [], keys: [], totalKeys: 0, leases: [], watches: [] });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startMvccPolling', () => {
  it('asks the current member (with the focus key) one request at a time and publishes; stops cleanly', async () => {
    const store = createMvccStore();
    const asked: [string, MvccViewOptions][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let member: string | null = null;
    const stop = startMvccPolling({
      store,
      member: () => member,
      focusKey: () => 'k',
      intervalMs: 2,
      source: async (name, opts) => {
        asked.push([name, opts]);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await tick(5);
        inFlight--;
        return name === 'infra2' ? undefined : view(asked.length);
      },
    });
    await tick(20);
    expect(asked).toEqual([]); // no member yet: nothing asked
    member = 'infra1';
    await tick(40);
    expect(store.getState().member).toBe('infra1');
    expect(store.getState().view?.revision).toBeGreaterThan(0);
    expect(asked[0]).toEqual(['infra1', { limitKeys: 60, focusKey: 'k' }]);
    member = 'infra2';
    await tick(40);
    expect(store.getState()).toMatchObject({ member: 'infra2', view: null });
    stop();
    const n = asked.length;
    await tick(30);
    expect(asked.length).toBeLessThanOrEqual(n + 1);
    expect(maxInFlight).toBe(1);
  });
});
