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

/**
 * A cluster under test: `fresh` is the single member of transcripts 40/41 (client URL
 * 127.0.0.1:28379), `ref` the one of transcripts 01-03 (127.0.0.1:22379).
 */
type TargetFactory = (layout: 'fresh' | 'ref') => GoldenTarget;

/** Cluster factories the golden transcripts run against. */
const TARGETS: Record<string, TargetFactory> = {
  fake: (layout) => {
    const client =
      layout === 'fresh'
        ? new FakeClusterClient()
        : new FakeClusterClient({
            clusterId: 14443903163313418560n,
            members: [{ ID: 0x9e737febb6b99eeen, name: 'ref1', peerURLs: ['http://127.0.0.1:22380'], clientURLs: ['http://127.0.0.1:22379'], isLearner: false }],
          });
    const ep = layout === 'fresh' ? '127.0.0.1:28379' : '127.0.0.1:22379';
    return { client, host: { now: client.clock.now, sleep: client.clock.sleep }, env: { ETCDCTL_ENDPOINTS: ep } };
  },
};

/**
 * Transcript steps the console cannot replay, and why. Their effects matter for later steps,
 * so they are still run; only their output is not compared.
 */
const NOT_COMPARED: [RegExp, string][] = [
  [/-w protobuf/, 'protobuf output is not implemented (binary gogo-protobuf encoding)'],
  [/\| od -c/, 'the console has no od(1)'],
  [/\$\(/, 'the console has no command substitution'],
];

for (const [name, make] of Object.entries(TARGETS)) {
  suite(`golden transcripts on ${name}`, () => {
    it('replays the fresh-cluster KV session (spec 9.1) then leases (9.2)', async () => {
      const steps = [...parseTranscript(transcript('fresh-kv.txt')), ...parseTranscript(transcript('fresh-lease.txt'))];
      expect(steps.length).toBeGreaterThan(40);
      const results = await replay(steps, make('fresh'));
      const failed = results.filter((r) => !r.ok).map(describe);
      expect(failed.join('\n\n')).toBe('');
    });

    it('replays put/get/del formats, flags and validation errors (transcripts 01-03)', async () => {
      const steps = parseTranscript(transcript('ref-kv-get-del.txt'));
      const results = await replay(steps, make('ref'));
      const compared = results.filter((r) => !NOT_COMPARED.some(([re]) => re.test(r.step.command)));
      expect(compared.length).toBe(results.length - 3);
      expect(compared.filter((r) => !r.ok).map(describe).join('\n\n')).toBe('');
    });
  });
}
