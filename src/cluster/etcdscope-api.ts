/**
 * `window.etcdscope`: the scripting API for learners at the DevTools console and for e2e tests
 * (documented in the README, "Scripting API: window.etcdscope"). Every call waits until the
 * cluster is open.
 */
import { runEtcdctl } from '../console/runner';
import { httpRequest, type HttpInit, type HttpResponse } from '../console/http';
import type { WorkerCluster, MemberStatusView } from './cluster';
import { WorkerClusterClient } from './client';
import type { BusEvent, DropReason } from './events';
import type { Durability } from './layout';
import type { InFlightMessage } from './message-fields';
import type { MvccView, MvccViewOptions } from '../server/mvcc-view';
import type { BackendView, BackendViewOptions } from '../server/backend-view';
import { scriptClient, type ScriptClient } from './script-client';
import { ChaosController } from './chaos/controller';
import type { ChaosOptions } from './chaos/runner';
import type { ChaosVerdict } from './chaos/verdict';

/** What `etcdctl()` resolves with. */
export interface EtcdctlOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** One member in `status()`. */
export type StatusEntry = Pick<MemberStatusView, 'name' | 'id' | 'state' | 'term' | 'leader' | 'commit' | 'applied' | 'revision' | 'compactRevision' | 'snapshotIndex' | 'firstIndex'> & { lastIndex: number; error?: string };

/** The API object. */
export interface EtcdscopeApi {
  etcdctl(line: string, opts?: { endpoint?: string; stdin?: string; timeoutMs?: number }): Promise<EtcdctlOutput>;
  /** Every member's state, freshly asked of each running member. */
  status(): Promise<StatusEntry[]>;
  kill(name: string): Promise<void>;
  restart(name: string): Promise<void>;
  wipe(name: string): Promise<void>;
  partition(groups: string[][]): Promise<void>;
  heal(): Promise<void>;
  link(a: string, b: string, opts: { up?: boolean; dropRate?: number; delayMs?: number | [number, number]; duplicateRate?: number }): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  step(): Promise<void>;
  speed(x: number): Promise<void>;
  /**
   * A brand-new cluster; `durability` ('strict' | 'relaxed') and `quotaBackendBytes` (etcd's
   * `--quota-backend-bytes`) default to the current one's; `snapshotCount` (etcd's
   * `--snapshot-count`) to the default timing's (1,000).
   */
  reset(opts?: { members?: number; seed?: number; durability?: Durability; quotaBackendBytes?: number; snapshotCount?: number }): Promise<void>;
  /** The IndexedDB durability the members run with ('strict' by default, `?durability=relaxed`). */
  durability(): Promise<Durability>;
  client(endpoint?: string): ScriptClient;
  /** Resolves with the leader's name once the cluster has one. */
  waitForLeader(timeoutMs?: number): Promise<string>;
  /** The most recent bus events (messages, roles, commits, applies, lifecycle). */
  events(): Promise<readonly BusEvent[]>;
  /** Counters that are never sampled: events by kind, delivered messages by raft type, dropped ones by reason. */
  counters(): Promise<{ events: Record<BusEvent['kind'], number>; delivered: Record<string, number>; dropped: Partial<Record<DropReason, number>> }>;
  /** etcdscope's teaching action: the member campaigns now, as after MsgTimeoutNow (etcd has no such API). */
  campaign(name: string): Promise<void>;
  /** One direction of a link only: `linkDirected('infra2', 'infra1', {up: false})` cuts infra2 -> infra1. */
  linkDirected(from: string, to: string, opts: { up?: boolean; dropRate?: number }): Promise<void>;
  /** The raft messages in flight on the bus now, with their fields (pause first to read them at rest). */
  inFlight(): Promise<InFlightMessage[]>;
  /** Drops one message in flight by its id (reason 'by-hand'); false when it already arrived. */
  dropMessage(id: number): Promise<boolean>;
  /**
   * A member's MVCC picture: current and compacted revision, the last revisions with their
   * changes, each key's generations, the leases. Undefined when the member is not running.
   */
  mvccView(name: string, opts?: MvccViewOptions): Promise<MvccView | undefined>;
  /**
   * A member's backend: one bucket's B+tree level by level (bounded: the middle of a wide level
   * is counted, not sent), page accounting, recent splits/merges/commits/defrags.
   */
  backendView(name: string, opts?: BackendViewOptions): Promise<BackendView | undefined>;
  /**
   * etcd's HTTP/JSON gateway from code: `http('http://127.0.0.1:2379/v3/kv/range',
   * {method: 'POST', body: '{"key":"Zm9v"}'})` answers what etcd's gateway would (status,
   * headers, body). Streams (watch, keepalive) run until `init.signal` aborts.
   */
  http(url: string, init?: HttpInit): Promise<HttpResponse>;
  /**
   * Runs the Chaos control: faults (partitions, kills, wipes, lossy and slow links, leader
   * transfers) against the cluster while clients put / get / compare-and-swap and watch, then
   * heals and resolves the verdict (linearizability, watch guarantees, lost writes, the history).
   */
  chaos(opts?: Pick<ChaosOptions, 'seconds' | 'clients' | 'faults' | 'seed'>): Promise<ChaosVerdict>;
}

/** Builds the API over a cluster that may still be opening. */
export function createEtcdscopeApi(cluster: () => Promise<WorkerCluster>, chaos = new ChaosController(cluster)): EtcdscopeApi {
  const withC = async <T>(fn: (c: WorkerCluster) => T | Promise<T>): Promise<T> => fn(await cluster());
  return {
    etcdctl: (line, opts = {}) =>
      withC(async (c) => {
        const ac = new AbortController();
        const timer = opts.timeoutMs !== undefined ? setTimeout(() => ac.abort(), opts.timeoutMs) : undefined;
        const env: Record<string, string> = {};
        if (opts.endpoint && !/(^|\s)--endpoints[=\s]/.test(line)) env.ETCDCTL_ENDPOINTS = opts.endpoint;
        try {
          const run: Parameters<typeof runEtcdctl>[1] = { client: new WorkerClusterClient(c), signal: ac.signal, env };
          if (opts.stdin !== undefined) run.stdin = opts.stdin;
          return await runEtcdctl(line, run);
        } finally {
          if (timer !== undefined) clearTimeout(timer);
        }
      }),
    status: () =>
      withC(async (c) => {
        await c.refresh();
        return c.status().map((m) => {
          const e: StatusEntry = { name: m.name, id: m.id, state: m.state, term: m.term, leader: m.leader, commit: m.commit, applied: m.applied, revision: m.revision, compactRevision: m.compactRevision, snapshotIndex: m.snapshotIndex, firstIndex: m.firstIndex, lastIndex: m.lastIndex };
          if (m.error) e.error = m.error;
          return e;
        });
      }),
    kill: (name) => withC((c) => c.kill(name)),
    restart: (name) => withC((c) => c.restart(name)),
    wipe: (name) => withC((c) => c.wipe(name)),
    partition: (groups) => withC((c) => c.partition(groups)),
    heal: () => withC((c) => c.heal()),
    link: (a, b, o) => withC((c) => c.link(a, b, o)),
    pause: () => withC((c) => c.pause()),
    resume: () => withC((c) => c.resume()),
    step: () => withC((c) => c.step()),
    speed: (x) => withC((c) => c.speed(x)),
    reset: (o) => withC((c) => c.reset(o)),
    durability: () => withC((c) => c.durability),
    client: (endpoint) => {
      let raw: WorkerClusterClient | undefined;
      return scriptClient(async () => (raw ??= new WorkerClusterClient(await cluster(), endpoint ? [endpoint] : undefined)));
    },
    waitForLeader: (timeoutMs) => withC(async (c) => (await c.waitForLeader(timeoutMs)).name),
    events: () => withC((c) => c.events.history()),
    counters: () => withC((c) => ({ events: { ...c.events.counts }, delivered: Object.fromEntries(c.events.deliveredByType), dropped: Object.fromEntries(c.events.droppedByReason) })),
    campaign: (name) => withC((c) => c.campaign(name)),
    linkDirected: (from, to, o) => withC((c) => c.linkDirected(from, to, o)),
    inFlight: () => withC((c) => c.inFlightAll()),
    dropMessage: (id) => withC((c) => c.dropMessage(id)),
    mvccView: (name, opts) => withC((c) => c.member(name).mvccView(opts)),
    backendView: (name, opts) => withC((c) => c.member(name).backendView(opts)),
    http: (url, init = {}) => withC((c) => httpRequest(url, init, new WorkerClusterClient(c))),
    chaos: (opts = {}) => chaos.run({ ...(opts.seconds !== undefined ? { seconds: opts.seconds } : {}), ...(opts.clients !== undefined ? { clients: opts.clients } : {}), ...(opts.faults !== undefined ? { faults: opts.faults } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) }),
  };
}
