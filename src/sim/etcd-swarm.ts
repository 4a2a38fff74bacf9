import type { EtcdRunOptions } from './etcd-run';
import type { NemesisKind } from './nemesis';

/** ETCD_SWARM_TICKS is the length of each etcd-mode swarm run, sized for the suite's time budget. */
export const ETCD_SWARM_TICKS = 900;

/**
 * ETCD_SWARM_SEEDS is how many seeds each nemesis runs in the etcd-mode swarm test (half with
 * 3 members, half with 5). Every run has 5 KV clients, 3 watchers, 3 lockers and a compactor;
 * on the 2-core development machine, under load, a run takes ~2 s and the whole etcd-mode
 * suite (two files, in parallel with the raft swarm) about 2 minutes.
 */
export const ETCD_SWARM_SEEDS = 10;

/**
 * etcdSwarmCases returns the etcd-mode swarm runs of one nemesis: ETCD_SWARM_SEEDS seeds
 * (seed = 100 * nemesis index + i), 3 and 5 members alternating, 5 clients, 3 keys, watchers,
 * lockers. Each case replays with `npm run sim -- ... --mode etcd --clients 5`.
 */
export function etcdSwarmCases(nemesis: NemesisKind, count = ETCD_SWARM_SEEDS, ticks = ETCD_SWARM_TICKS): EtcdRunOptions[] {
  const base = { none: 100, partition: 200, crash: 300, all: 400, membership: 500 }[nemesis];
  return Array.from({ length: count }, (_, i) => ({ seed: base + i, members: i % 2 === 1 ? 5 : 3, ticks, nemesis, clients: 5 }));
}

/**
 * ETCD_REGRESSION_SEEDS are etcd-mode runs that once failed (or pin a scenario worth keeping);
 * the test runs them every time. Re-pin them when a change to the world shifts the PRNG draws.
 */
export const ETCD_REGRESSION_SEEDS: readonly { c: EtcdRunOptions; caught: string }[] = [
  {
    c: { seed: 1, members: 3, ticks: 1000, nemesis: 'partition', clients: 5 },
    caught: 'sim host: the leader bounce at heal (crash then restart in one call) left a mid-Ready crash unfinished, so the member stayed down',
  },
  {
    c: { seed: 20, members: 3, ticks: 2000, nemesis: 'all', clients: 5 },
    caught:
      'sim network: a duplicated forwarded MsgProp was appended twice (index 237 and 240, same request ID) and applied twice, ' +
      'resurrecting a deleted value (stale read); etcd mode never duplicates MsgProp (TCP does not)',
  },
  {
    c: { seed: 11, members: 3, ticks: 900, nemesis: 'all', clients: 5 },
    caught: 'watch checker: a counted delete of a key that only an indeterminate cas created was dropped from the write history (false "no write at revision 4")',
  },
  {
    c: { seed: 1, members: 3, ticks: 900, nemesis: 'partition', clients: 5 },
    caught: 'lock checker: a waiter whose session lease expired while it waited "acquired" (etcd 3.4 Mutex) out of fencing order; now an unsafe hold, not a fencing violation',
  },
  {
    c: { seed: 307, members: 5, ticks: 1500, nemesis: 'crash', clients: 5 },
    caught: 'watch checker: prev_kv is legitimately absent when modRevision - 1 was compacted (etcd reads prev_kv at rev - 1)',
  },
  {
    c: { seed: 1009, members: 3, ticks: 2000, nemesis: 'partition', clients: 5 },
    caught: 'watch checker: an indeterminate put that landed unseen made version 16 where the history knew 14; version, create revision and prev_kv are not judged after one',
  },
];
