/**
 * Golden pairs of etcd-spec.md sections 9.1 and 9.2, replayed line by line from the real
 * etcdctl 3.4.23 transcripts. Parameterised over a client factory: today the in-memory fake,
 * later the real in-page cluster.
 */
import { readFileSync } from 'node:fs';
import { describe as suite, expect, it } from 'vitest';
import type { GoldenTarget } from './testing/golden';
import { describe, parseTranscript, replay } from './testing/golden';
import { FakeClusterClient } from './testing/fake-client';

const transcript = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

/** Cluster factories the golden transcripts run against. */
const TARGETS: Record<string, () => GoldenTarget> = {
  fake: () => {
    const client = new FakeClusterClient();
    return { client, host: { now: client.clock.now, sleep: client.clock.sleep }, env: { ETCDCTL_ENDPOINTS: '127.0.0.1:28379' } };
  },
};

for (const [name, make] of Object.entries(TARGETS)) {
  suite(`golden transcripts on ${name}`, () => {
    it('replays the fresh-cluster KV session (spec 9.1) then leases (9.2)', async () => {
      const steps = [...parseTranscript(transcript('fresh-kv.txt')), ...parseTranscript(transcript('fresh-lease.txt'))];
      expect(steps.length).toBeGreaterThan(40);
      const results = await replay(steps, make());
      const failed = results.filter((r) => !r.ok).map(describe);
      expect(failed.join('\n\n')).toBe('');
    });
  });
}
