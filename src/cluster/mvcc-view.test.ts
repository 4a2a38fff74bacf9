import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerCluster } from './cluster';
import { createEtcdscopeApi } from './etcdscope-api';
import { inProcessHost } from './testing/in-process';

const opened = WorkerCluster.open(inProcessHost(), { members: 3, seed: 12 }).then((c) => {
  c.speed(4);
  return c;
});
const api = createEtcdscopeApi(() => opened);
afterAll(async () => (await opened).close());

describe('mvccView through the member handle', () => {
  it('fetches a member picture over the host protocol; undefined once the member is killed', async () => {
    const leader = await api.waitForLeader();
    await api.etcdctl('put k 1');
    await api.etcdctl('del k');
    const v = await api.mvccView(leader);
    expect(v?.revision).toBe(3);
    expect(v?.changes.map((x) => x.type)).toEqual(['PUT', 'DELETE']);
    expect(v?.keys[0]?.generations).toHaveLength(2);
    const other = (await api.status()).find((m) => m.name !== leader)!.name;
    await api.kill(other);
    expect(await api.mvccView(other)).toBeUndefined();
  });
});
