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
type Layout = 'fresh' | 'ref' | 'ref-with-foo' | 'no-leader';
type TargetFactory = (layout: Layout) => Promise<GoldenTarget>;

/** The 3-member cluster of transcript 23: n2 and n3 killed, n1 alone without a leader, key a=1. */
const NO_LEADER_MEMBERS = [
  { ID: 0xf7d71a44483b95c5n, name: 'n1', peerURLs: ['http://127.0.0.1:23380'], clientURLs: ['http://127.0.0.1:23379'], isLearner: false },
  { ID: 0x8d4fb63368759b44n, name: 'n2', peerURLs: ['http://127.0.0.1:24380'], clientURLs: ['http://127.0.0.1:24379'], isLearner: false },
  { ID: 0x37089a6bff97bf77n, name: 'n3', peerURLs: ['http://127.0.0.1:25380'], clientURLs: ['http://127.0.0.1:25379'], isLearner: false },
];

/**
 * Cluster factories the golden transcripts run against. A new target (the in-page or simulator
 * cluster) must give each layout the member names and client/peer URLs above, since those are
 * printed verbatim; member, cluster and lease IDs may differ (the IdBinder matches them), and
 * ETCDCTL_ENDPOINTS must name the layout's first client URL, as when the transcripts were made.
 */
const TARGETS: Record<string, TargetFactory> = {
  fake: async (layout) => {
    let client: FakeClusterClient;
    let ep: string;
    if (layout === 'fresh') {
      client = new FakeClusterClient();
      ep = '127.0.0.1:28379';
    } else if (layout === 'ref' || layout === 'ref-with-foo') {
      client = new FakeClusterClient({
        clusterId: 14443903163313418560n,
        members: [{ ID: 0x9e737febb6b99eeen, name: 'ref1', peerURLs: ['http://127.0.0.1:22380'], clientURLs: ['http://127.0.0.1:22379'], isLearner: false }],
      });
      if (layout === 'ref-with-foo') await client.put({ key: new TextEncoder().encode('foo'), value: new TextEncoder().encode('bar') });
      ep = '127.0.0.1:22379';
    } else {
      client = new FakeClusterClient({ members: NO_LEADER_MEMBERS.map((m) => ({ ...m })) });
      await client.put({ key: new TextEncoder().encode('a'), value: new TextEncoder().encode('1') });
      client.down.add('127.0.0.1:24379').add('127.0.0.1:25379');
      client.loseLeader();
      ep = '127.0.0.1:23379';
    }
    return { client, host: { now: client.clock.now, sleep: client.clock.sleep }, env: { ETCDCTL_ENDPOINTS: ep } };
  },
};

/**
 * Transcript steps whose output is not compared, and why. They still run (later revisions
 * depend on their effects).
 */
const NOT_COMPARED: [RegExp, string][] = [
  [/-w protobuf/, 'protobuf output is not implemented (binary gogo-protobuf encoding)'],
  [/\| od -c/, 'the console has no od(1)'],
  [/lease\(\\"key1|value\(\\"k\\"\) ~/, 'etcdctl 3.4.23 panics here; the console prints a clean error (spec section 8)'],
  [/^etcdctl endpoint status -w json$/, "the DB size depends on the member's own bbolt page allocation"],
  [/cat <tmpdir> cat <tmpdir>$/, 'the recording redacted two different temp files to the same name'],
];

for (const [name, make] of Object.entries(TARGETS)) {
  suite(`golden transcripts on ${name}`, () => {
    it('replays the fresh-cluster KV session (spec 9.1) then leases (9.2)', async () => {
      const steps = [...parseTranscript(transcript('fresh-kv.txt')), ...parseTranscript(transcript('fresh-lease.txt'))];
      expect(steps.length).toBeGreaterThan(40);
      const results = await replay(steps, await make('fresh'));
      const failed = results.filter((r) => !r.ok).map(describe);
      expect(failed.join('\n\n')).toBe('');
    });

    it('replays one long session: put/get/del, watch, txn, compaction, leases (transcripts 01-12)', async () => {
      const steps = parseTranscript(transcript('ref-session.txt'));
      const results = await replay(steps, await make('ref'));
      const compared = results.filter((r) => !NOT_COMPARED.some(([re]) => re.test(r.step.command)));
      expect(results.length).toBe(207);
      expect(compared.length).toBe(results.length - 6);
      expect(compared.filter((r) => !r.ok).map(describe).join('\n\n')).toBe('');
    });

    it('replays member add/update/remove/promote, prefix matching and connection errors (transcripts 16-18)', async () => {
      const steps = parseTranscript(transcript('ref-member-conn.txt'));
      const results = await replay(steps, await make('ref-with-foo'));
      // Health `took` durations, DB sizes and raft indexes of a healthy reachable member differ by nature.
      const byNature = (r: (typeof results)[number]): boolean => /^env -u .*127\.0\.0\.1:22379 endpoint (health|status)/.test(r.step.command);
      expect(results.filter(byNature).length).toBe(4);
      expect(results.filter((r) => !byNature(r) && !r.ok).map(describe).join('\n\n')).toBe('');
    });

    it('replays a member that lost its quorum (transcript 23): writes time out, serializable reads work', async () => {
      const steps = parseTranscript(transcript('no-leader.txt'));
      const results = await replay(steps, await make('no-leader'));
      // endpoint status shows raft term 3 / index 11 from that cluster's own history.
      const compared = results.filter((r) => !r.step.command.includes('endpoint status'));
      expect(compared.length).toBe(results.length - 1);
      expect(compared.filter((r) => !r.ok).map(describe).join('\n\n')).toBe('');
    });
  });
}
