/**
 * `window.etcdscope`: the scripting API for learners at the DevTools console and for e2e tests
 * (documented in the README, "Scripting API: window.etcdscope"). Every call waits until the
 * cluster is open.
 */
import { runEtcdctl } from '../console/runner';
import { httpRequest, type HttpInit, type HttpResponse } from '../console/http';
import type { WorkerCluster, MemberStatusView } from './cluster';
import { WorkerClusterClient } from './client';
import type { BusEvent } from './events';
import type { MvccView, MvccViewOptions } from '../server/mvcc-view';
import { scriptClient, type ScriptClient } from './script-client';

/** What `etcdctl()` resolves with. */
export interface EtcdctlOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** One member in `status()`. */
export type StatusEntry = Pick<MemberStatusView, 'name' | 'id' | 'state' | 'term' | 'leader' | 'commit' | 'applied' | 'revision' | 'compactRevision'> & { lastIndex: number; error?: string };

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
  reset(opts?: { members?: number; seed?: number; quotaBackendBytes?: number }): Promise<void>;
  client(endpoint?: string): ScriptClient;
  /** Resolves with the leader's name once the cluster has one. */
  waitForLeader(timeoutMs?: number): Promise<string>;
  /** The most recent bus events (messages, roles, commits, applies, lifecycle). */
  events(): Promise<readonly BusEvent[]>;
  /** Counters that are never sampled: events by kind, delivered messages by raft type. */
  counters(): Promise<{ events: Record<BusEvent['kind'], number>; delivered: Record<string, number> }>;
  /**
   * A member's MVCC picture: current and compacted revision, the last revisions with their
   * changes, each key's generations, the leases. Undefined when the member is not running.
   */
  mvccView(name: string, opts?: MvccViewOptions): Promise<MvccView | undefined>;
  /**
   * etcd's HTTP/JSON gateway from code: `http('http://127.0.0.1:2379/v3/kv/range',
   * {method: 'POST', body: '{"key":"Zm9v"}'})` answers what etcd's gateway would (status,
   * headers, body). Streams (watch, keepalive) run until `init.signal` aborts.
   */
  http(url: string, init?: HttpInit): Promise<HttpResponse>;
}

/** Builds the API over a cluster that may still be opening. */
export function createEtcdscopeApi(cluster: () => Promise<WorkerCluster>): EtcdscopeApi {
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
          const e: StatusEntry = { name: m.name, id: m.id, state: m.state, term: m.term, leader: m.leader, commit: m.commit, applied: m.applied, revision: m.revision, compactRevision: m.compactRevision, lastIndex: m.lastIndex };
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
    client: (endpoint) => {
      let raw: WorkerClusterClient | undefined;
      return scriptClient(async () => (raw ??= new WorkerClusterClient(await cluster(), endpoint ? [endpoint] : undefined)));
    },
    waitForLeader: (timeoutMs) => withC(async (c) => (await c.waitForLeader(timeoutMs)).name),
    events: () => withC((c) => c.events.history()),
    counters: () => withC((c) => ({ events: { ...c.events.counts }, delivered: Object.fromEntries(c.events.deliveredByType) })),
    mvccView: (name, opts) => withC((c) => c.member(name).mvccView(opts)),
    http: (url, init = {}) => withC((c) => httpRequest(url, init, new WorkerClusterClient(c))),
  };
}
