import { describe, expect, it } from 'vitest';
import { EtcdLockers } from './etcd-locks';
import { SimRand } from './prng';

describe('EtcdLockers.earlyExpiries', () => {
  const host = { now: 0, ids: [1], server: () => undefined };
  const opts = { lockers: 1, rate: 0, ttlSeconds: 3, holdTicksMax: 1, giveUpTicks: 1, deadlineTicks: 1, tickMs: 100 };

  it('flags a lease the cluster expired before its last keep-alive TTL ran out, unless its session revoked it', () => {
    const l = new EtcdLockers(new SimRand(1), host, opts);
    l.renewedUntil.set(1n, 5000); // a keep-alive sent at 2000 ms granted 3 s
    l.renewedUntil.set(2n, 5000);
    l.renewedUntil.set(3n, 5000);
    host.now = 45; // 4500 ms
    l.onRevoked(1n);
    l.onRevoked(2n);
    l.revokedByClient.set(2n, 4000);
    host.now = 50;
    l.onRevoked(3n); // on time
    l.onRevoked(1n); // a later member applying the same revoke does not move the first time
    expect(l.earlyExpiries()).toEqual(['lease 1 expired at 4500 ms, but a keep-alive granted it until 5000 ms']);
    expect(l.expiries()).toEqual([{ leaseId: 1n, expiredAt: 4500 }, { leaseId: 2n, expiredAt: 4500 }, { leaseId: 3n, expiredAt: 5000 }]);
  });
});
