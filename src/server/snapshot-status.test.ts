import { afterEach, describe, expect, it } from 'vitest';
import { crc32, snapshotImageStatus } from './snapshot-status';
import { b, TestCluster } from './testing/cluster';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('snapshot image status', () => {
  it('crc32 is the IEEE checksum', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('reports the revision, record count and size of a member snapshot', async () => {
    c = await TestCluster.start({ size: 1 });
    const m = await c.waitLeader();
    await c.run(m.put({ key: b('a'), value: b('1') }));
    await c.run(m.put({ key: b('b'), value: b('2') }));
    const img = await m.snapshot();
    const st = snapshotImageStatus(img);
    expect(st.revision).toBe(3);
    expect(st.totalSize).toBe(img.length);
    expect(st.totalKey).toBeGreaterThanOrEqual(2 + 1 + 2); // 2 revisions, 1 member, meta records
    expect(st.hash).toBe(crc32(img));
  });
});
