import { describe, expect, it } from 'vitest';
import { openBackend, MemoryPageStore } from '../backend';
import { revToBytes } from '../mvcc/revision';
import { BackendEventLog, backendView, keyLabel } from './backend-view';

describe('backendView', () => {
  it('decodes revision keys as main.sub, tombstones with t, other buckets as text or hex', () => {
    expect(keyLabel('key', revToBytes({ main: 12, sub: 3 }))).toBe('12.3');
    expect(keyLabel('key', revToBytes({ main: 7, sub: 0 }, true))).toBe('7.0t');
    expect(keyLabel('meta', new TextEncoder().encode('consistent_index'))).toBe('consistent_index');
    expect(keyLabel('lease', new Uint8Array([0, 0, 0, 0, 0, 0, 1, 255]))).toBe('0x00000000000001ff');
  });

  it('draws the key bucket bounded, counts splits from the event log, and pages after a commit', async () => {
    const log = new BackendEventLog();
    const be = await openBackend(new MemoryPageStore(), { pageSize: 512, listener: (e) => log.record(e) });
    for (let i = 1; i <= 2000; i++) be.unsafePut('key', revToBytes({ main: i, sub: 0 }), new Uint8Array(20));
    await be.forceCommit();
    const v = backendView(be, log, { maxPerLevel: 10 });
    expect(v.bucket).toBe('key');
    expect(v.nodes[0]).toMatchObject({ path: '0', parent: null, kind: 'branch', first: '1.0' });
    expect(v.nodes.filter((n) => n.level === v.depth - 1).at(-1)!.last).toBe('2000.0');
    expect(v.nodes.every((n) => n.pgid !== null)).toBe(true);
    expect(v.elided.length).toBeGreaterThan(0);
    expect(v.events.some((e) => e.type === 'split' && e.bucket === 'key')).toBe(true);
    expect(v.stats.dbSizeInUse).toBeLessThanOrEqual(v.stats.dbSize);
    expect(v.buckets.find((b) => b.name === 'key')!.keys).toBe(2000);
    // Only newer events when asked with sinceEvent.
    const again = backendView(be, log, { sinceEvent: v.lastEvent });
    expect(again.events).toEqual([]);
    be.unsafePut('key', revToBytes({ main: 2001, sub: 0 }), new Uint8Array(20));
    await be.forceCommit();
    expect(backendView(be, log, { sinceEvent: v.lastEvent }).events.map((e) => e.type)).toContain('commit');
  });
});
