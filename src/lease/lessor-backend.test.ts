import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend';
import { MemoryPageStore, openBackend } from '../backend/index';
import { FOREVER } from './lease';
import { leaseIdToBytes } from './lease-codec';
import { Lessor } from './lessor';
import { unsafeGetAllLeases } from './lease-store';
import { MapBackend, MapDisk } from './testing/map-backend';

/** A backend kind under test: open one on its "disk", and reopen the same disk later. */
interface Kind {
  name: string;
  disk(): unknown;
  open(disk: unknown): Promise<Backend>;
}

const kinds: Kind[] = [
  { name: 'map backend', disk: () => new MapDisk(), open: (d) => Promise.resolve(new MapBackend(d as MapDisk)) },
  { name: 'bolt backend', disk: () => new MemoryPageStore(), open: (d) => openBackend(d as MemoryPageStore) },
];

const noKeys = { deleteKeys: () => {} };

describe.each(kinds)('lease bucket on the $name', (kind) => {
  it('restores committed leases after a reopen, with TTLs and checkpointed remaining TTLs', async () => {
    const disk = kind.disk();
    const be = await kind.open(disk);
    const a = new Lessor({ backend: be, rangeDeleter: noKeys, checkpointIntervalMs: 1000 });
    a.promote(0, 0);
    for (let i = 1n; i <= 300n; i++) a.grant(i * 0x10001n, 10 + Number(i), 0);
    for (const cp of a.findDueCheckpoints(1000)) a.checkpoint(cp.ID, cp.remainingTTL, 1000);
    for (let i = 1n; i <= 300n; i += 3n) a.revoke(i * 0x10001n);
    const want = a.leases().map((l) => [l.ID, l.ttl, l.remainingTTL]);
    expect(want.length).toBe(200);
    expect(want.every(([, ttl, rem]) => rem === (ttl as number) - 1)).toBe(true);
    await be.forceCommit();

    const b = new Lessor({ backend: await kind.open(disk) });
    const got = b.leases();
    expect(got.map((l) => [l.ID, l.ttl, l.remainingTTL]).sort((x, y) => (x[0]! < y[0]! ? -1 : 1))).toEqual(
      [...want].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    expect(got.every((l) => l.expiryMs === FOREVER)).toBe(true);
  });

  it('keys the bucket by the 8-byte big-endian ID, so a scan is in ID order', async () => {
    const be = await kind.open(kind.disk());
    const l = new Lessor({ backend: be });
    for (const id of [0x300n, 0x1n, 0xffffffffffffn, 0x20n]) l.grant(id, 5, 0);
    expect(unsafeGetAllLeases(be.readTx()).map((r) => r.ID)).toEqual([0x1n, 0x20n, 0x300n, 0xffffffffffffn]);
    const { values } = be.readTx().unsafeRange('lease', leaseIdToBytes(0x20n), undefined, 0);
    expect([...values[0]!]).toEqual([0x08, 0x20, 0x10, 0x05]);
  });

  it('loses a grant that was never committed', async () => {
    const disk = kind.disk();
    const be = await kind.open(disk);
    const a = new Lessor({ backend: be });
    a.grant(1n, 10, 0);
    await be.forceCommit();
    a.grant(2n, 10, 0); // the member dies before the next commit
    const b = new Lessor({ backend: await kind.open(disk) });
    expect(b.leases().map((l) => l.ID)).toEqual([1n]);
  });
});
