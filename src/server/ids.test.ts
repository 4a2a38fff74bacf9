import { describe, expect, it } from 'vitest';
import { computeClusterId, computeMemberId, formatId } from './ids';
import { sha1 } from './sha1';

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('ids', () => {
  it('sha1 matches the FIPS test vectors', () => {
    expect(hex(sha1(new TextEncoder().encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    const long = new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
    expect(hex(sha1(long))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it("derives the member and cluster IDs etcd's docs print (etcd-spec §12)", () => {
    const ids = [12380, 22380, 32380].map((p) => computeMemberId([`http://127.0.0.1:${p}`], 'etcd-cluster-1'));
    expect(ids.map((i) => i.toString(16))).toEqual(['8211f1d0f64f3269', '91bc3c398fb3c146', 'fd422379fda50e48']);
    expect(computeClusterId(ids)).toBe(17237436991929493444n);
    expect(formatId(computeClusterId(ids))).toBe('ef37ad9dc622a7c4');
  });

  it('a runtime-added member mixes in the time, so the ID changes with it', () => {
    const a = computeMemberId(['http://127.0.0.1:42380'], 'etcd-cluster-1', 1000);
    const b = computeMemberId(['http://127.0.0.1:42380'], 'etcd-cluster-1', 1001);
    expect(a).not.toBe(b);
  });
});
