import { describe, expect, it } from 'vitest';
import { computeClusterId, computeMemberId, formatId } from '../server';
import { DEFAULT_TIMING, memberConfig, newLayout, parseDurability, type ClusterLayout } from './layout';

describe('layout', () => {
  it("uses etcd's Procfile layout, so member and cluster IDs match etcd's docs", () => {
    const l = newLayout(3, 1, 'c1', 0);
    expect(l.members.map((m) => [m.name, m.clientURLs[0], m.peerURLs[0]])).toEqual([
      ['infra1', 'http://127.0.0.1:2379', 'http://127.0.0.1:12380'],
      ['infra2', 'http://127.0.0.1:22379', 'http://127.0.0.1:22380'],
      ['infra3', 'http://127.0.0.1:32379', 'http://127.0.0.1:32380'],
    ]);
    const ids = l.members.map((m) => computeMemberId(m.peerURLs, l.token));
    expect(ids.map(formatId)).toEqual(['8211f1d0f64f3269', '91bc3c398fb3c146', 'fd422379fda50e48']);
    expect(computeClusterId(ids)).toBe(17237436991929493444n);
    expect(newLayout(5, 1, 'c', 0).members.at(-1)!.clientURLs[0]).toBe('http://127.0.0.1:52379');
  });

  it('builds member configs, with the IDs member add returned for a re-added member', () => {
    const l = newLayout(3, 9, 'c1', 0);
    const cfg = memberConfig(l, l.members[1]!, DEFAULT_TIMING, 5);
    expect(cfg).toMatchObject({ raftId: 2, name: 'infra2', clusterToken: 'etcd-cluster-1', initialClusterState: 'new', tickMs: 100, electionTicks: 10, startMs: 5 });
    const slot = { ...l.members[1]!, raftId: 4, initialClusterState: 'existing' as const, memberId: 'abc', clusterId: 'ef' };
    const re = memberConfig(l, slot, DEFAULT_TIMING, 5);
    expect(re.memberId).toBe(0xabcn);
    expect(re.clusterId).toBe(0xefn);
    expect(re.initialCluster.map((m) => m.raftId)).toEqual([1, 3, 4]);
  });

  it('runs members with strict IndexedDB durability unless the layout says relaxed', () => {
    const l = newLayout(3, 1, 'c1', 0);
    expect(l.durability).toBe('strict');
    expect(memberConfig(l, l.members[0]!, DEFAULT_TIMING, 0).durability).toBe('strict');
    const relaxed = newLayout(3, 1, 'c1', 0, 'relaxed');
    expect(memberConfig(relaxed, relaxed.members[0]!, DEFAULT_TIMING, 0).durability).toBe('relaxed');
    // a layout saved before the setting existed
    const old: ClusterLayout = { ...l };
    delete old.durability;
    expect(memberConfig(old, old.members[0]!, DEFAULT_TIMING, 0).durability).toBe('strict');
    expect([parseDurability('relaxed'), parseDurability('strict'), parseDurability('fast'), parseDurability(null)]).toEqual(['relaxed', 'strict', undefined, undefined]);
  });

  it("passes the layout's --snapshot-count to every member, the timing's when absent", () => {
    const l = newLayout(3, 1, 'c1', 0);
    expect(memberConfig(l, l.members[0]!, DEFAULT_TIMING, 0).snapshotCount).toBe(DEFAULT_TIMING.snapshotCount);
    l.snapshotCount = 10;
    expect(memberConfig(l, l.members[2]!, DEFAULT_TIMING, 0).snapshotCount).toBe(10);
  });

  it("passes the layout's --quota-backend-bytes to every member (0: etcd's default)", () => {
    const l = newLayout(3, 1, 'c1', 0);
    expect(memberConfig(l, l.members[0]!, DEFAULT_TIMING, 0).quotaBackendBytes).toBe(0);
    l.quotaBackendBytes = 65536;
    expect(l.members.map((m) => memberConfig(l, m, DEFAULT_TIMING, 0).quotaBackendBytes)).toEqual([65536, 65536, 65536]);
  });
});
