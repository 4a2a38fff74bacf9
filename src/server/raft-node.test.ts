import { afterEach, describe, expect, it } from 'vitest';
import type { WalBatch } from './ports';
import { b, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('Ready loop: raft.MustSync', () => {
  it('applies a Ready that only moves the commit index without waiting for its WAL write', async () => {
    c = await TestCluster.start({ size: 1 });
    const leader = await c.waitLeader();
    const wal = c.slots.get(leader.raftId)!.wal;
    const save = wal.save.bind(wal);
    const hung: WalBatch[] = [];
    // From now on every write without entries or snapshot hangs (a slow, unsynced write).
    wal.save = (batch: WalBatch) => {
      if (batch.entries.length > 0 || batch.snapshot !== undefined) return save(batch);
      hung.push(batch);
      return new Promise<void>(() => {});
    };
    let rev = 0;
    for (let i = 0; i < 3; i++) rev = (await c.run(leader.put({ key: b(`k${i}`), value: b('v') }))).header.revision;
    expect(rev).toBe(4);
    expect(hung.length).toBeGreaterThan(0);
    expect(hung.every((h) => h.hardState !== undefined && h.hardState.term === leader.r.node.raft.term)).toBe(true);
  });
});
