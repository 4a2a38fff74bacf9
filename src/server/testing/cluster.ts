/**
 * TestCluster: N etcd members in one Node process over MemoryWalStore + MemoryPageStore, a
 * deterministic network (network.ts) and a manual clock. Members can crash (their stores keep
 * only what was durable) and restart; the network can be partitioned.
 */
import { MemoryPageStore } from '../../backend';
import type { Message } from '../../raft';
import type { InitialMember, MemberConfig } from '../api';
import { MemoryWalStore } from '../memory-wal-store';
import { openServer } from '../open';
import type { EtcdServer } from '../server';
import { TestNetwork } from './network';

/** Options of a test cluster. */
export interface TestClusterOptions {
  size?: number;
  snapshotCount?: number;
  snapshotCatchUpEntries?: number;
  quotaBackendBytes?: number;
  seed?: number;
  tickMs?: number;
  electionTicks?: number;
  requestTimeoutMs?: number;
  leaseCheckpointIntervalMs?: number;
  batchIntervalMs?: number;
}

/** One slot of the cluster: the member's durable stores and, when up, its server. */
export interface Slot {
  raftId: number;
  cfg: MemberConfig;
  wal: MemoryWalStore;
  pages: MemoryPageStore;
  server: EtcdServer | undefined;
}

/** The Procfile layout of etcd's local cluster: infra1..N on 2379/12380, 22379/22380, ... */
export function initialMember(raftId: number): InitialMember {
  const client = raftId === 1 ? 2379 : raftId * 10000 + 2379;
  return {
    raftId,
    name: `infra${raftId}`,
    peerURLs: [`http://127.0.0.1:${raftId * 10000 + 2380}`],
    clientURLs: [`http://127.0.0.1:${client}`],
  };
}

/** N members, a network and a clock. */
export class TestCluster {
  readonly net = new TestNetwork();
  readonly slots = new Map<number, Slot>();
  nowMs = 1_700_000_000_000;

  private constructor(readonly opts: TestClusterOptions) {}

  /** Starts a new cluster of `size` members (default 3). */
  static async start(opts: TestClusterOptions = {}): Promise<TestCluster> {
    const c = new TestCluster(opts);
    const size = opts.size ?? 3;
    const initial = Array.from({ length: size }, (_, i) => initialMember(i + 1));
    for (const im of initial) {
      const cfg = c.config(im.raftId, im.name, initial, 'new');
      c.slots.set(im.raftId, { raftId: im.raftId, cfg, wal: new MemoryWalStore(), pages: new MemoryPageStore(), server: undefined });
    }
    for (const id of c.slots.keys()) await c.open(id);
    return c;
  }

  /** The configuration of a member. */
  config(raftId: number, name: string, initialCluster: InitialMember[], state: 'new' | 'existing'): MemberConfig {
    const o = this.opts;
    const cfg: MemberConfig = {
      raftId,
      name,
      clusterToken: 'etcd-cluster-1',
      initialCluster,
      initialClusterState: state,
      tickMs: o.tickMs ?? 100,
      electionTicks: o.electionTicks ?? 10,
      heartbeatTicks: 1,
      snapshotCount: o.snapshotCount ?? 10_000,
      quotaBackendBytes: o.quotaBackendBytes ?? 0,
      seed: (o.seed ?? 1) * 1000 + raftId,
      durability: 'strict',
      startMs: this.nowMs,
    };
    if (o.snapshotCatchUpEntries !== undefined) cfg.snapshotCatchUpEntries = o.snapshotCatchUpEntries;
    if (o.requestTimeoutMs !== undefined) cfg.requestTimeoutMs = o.requestTimeoutMs;
    if (o.batchIntervalMs !== undefined) cfg.batchIntervalMs = o.batchIntervalMs;
    if (o.leaseCheckpointIntervalMs !== undefined) cfg.leaseCheckpointIntervalMs = o.leaseCheckpointIntervalMs;
    return cfg;
  }

  /** Opens (or reopens) the member of slot `raftId` on its stores. */
  async open(raftId: number): Promise<EtcdServer> {
    const slot = this.slots.get(raftId)!;
    const s = await openServer({ ...slot.cfg, startMs: this.nowMs }, {
      wal: slot.wal,
      pages: slot.pages,
      transport: { send: (msgs: Message[]) => this.net.queue.push(...msgs) },
    });
    slot.server = s;
    return s;
  }

  /** Adds a slot for a member joining through `member add` and starts it. */
  async join(raftId: number, memberId: bigint, name: string, peerURL: string, clientURL: string): Promise<EtcdServer> {
    const live = this.live()[0]!;
    const initial: InitialMember[] = live.state().members.filter((m) => m.raftId !== raftId).map((m) => ({ raftId: m.raftId, name: m.name, peerURLs: m.peerURLs, clientURLs: m.clientURLs }));
    initial.push({ raftId, name, peerURLs: [peerURL], clientURLs: [clientURL] });
    const cfg = { ...this.config(raftId, name, initial, 'existing'), clusterId: live.clusterId, memberId };
    this.slots.set(raftId, { raftId, cfg, wal: new MemoryWalStore(), pages: new MemoryPageStore(), server: undefined });
    return this.open(raftId);
  }

  /** The running member with this raft id. */
  m(raftId: number): EtcdServer {
    const s = this.slots.get(raftId)?.server;
    if (s === undefined) throw new Error(`member ${raftId} is down`);
    return s;
  }

  /** Running members. */
  live(): EtcdServer[] {
    return [...this.slots.values()].flatMap((sl) => (sl.server !== undefined && !sl.server.stopped ? [sl.server] : []));
  }

  /** Lets every member's Ready loop and the network settle (no clock advance). */
  async flush(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      await Promise.resolve();
      const msgs = this.net.drain();
      for (const m of msgs) this.deliver(m);
      if (msgs.length === 0 && i > 20 && this.live().every((s) => !s.r.busy)) {
        await Promise.resolve();
        if (this.net.queue.length === 0) return;
      }
    }
  }

  private deliver(m: Message): void {
    const to = this.slots.get(m.to)?.server;
    if (to === undefined || to.stopped || !this.net.connected(m.from, m.to)) {
      this.net.dropped++;
      return;
    }
    to.step(m);
  }

  /** Advances the clock by `n` ticks, flushing after each. */
  async tick(n = 1): Promise<void> {
    const tickMs = this.opts.tickMs ?? 100;
    for (let i = 0; i < n; i++) {
      this.nowMs += tickMs;
      for (const s of this.live()) s.tick(this.nowMs);
      await this.flush();
    }
  }

  /** The leader all running members of `among` agree on, or undefined. */
  leader(among: number[] = this.live().map((s) => s.raftId)): EtcdServer | undefined {
    const ls = this.live().filter((s) => among.includes(s.raftId) && s.raftState === 'StateLeader');
    if (ls.length === 0) return undefined;
    return ls.sort((a, b) => b.r.node.raft.term - a.r.node.raft.term)[0];
  }

  /** Ticks until a leader is elected among `among` (and has applied an entry of its term). */
  async waitLeader(among?: number[], maxTicks = 300): Promise<EtcdServer> {
    for (let i = 0; i < maxTicks; i++) {
      const l = this.leader(among);
      if (l !== undefined && l.lessor.isPrimary()) return l;
      await this.tick();
    }
    throw new Error('no leader elected');
  }

  /** Ticks until `p` settles; returns its value or throws its error. */
  async run<T>(p: Promise<T>, maxTicks = 500): Promise<T> {
    let done = false;
    const q = p.finally(() => {
      done = true;
    });
    q.catch(() => {});
    await this.flush();
    for (let i = 0; i < maxTicks && !done; i++) await this.tick();
    if (!done) throw new Error(`request did not settle within ${maxTicks} ticks`);
    return q;
  }

  /** Ticks until `cond()` holds. */
  async until(cond: () => boolean, maxTicks = 500): Promise<void> {
    for (let i = 0; i < maxTicks; i++) {
      if (cond()) return;
      await this.tick();
    }
    throw new Error('condition not reached');
  }

  /** Kills a member: its stores keep only what was durable; its server is abandoned. */
  crash(raftId: number): void {
    const slot = this.slots.get(raftId)!;
    slot.wal = slot.wal.crash();
    slot.pages = slot.pages.crash();
    if (slot.server !== undefined) {
      slot.server.stopped = true;
      slot.server.r.stop();
    }
    slot.server = undefined;
  }

  /** Restarts a crashed member from its stores. */
  async restart(raftId: number): Promise<EtcdServer> {
    return this.open(raftId);
  }

  /** Closes every member. */
  async close(): Promise<void> {
    for (const s of this.live()) {
      const p = s.close();
      await this.flush();
      await p;
    }
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();
/** utf8 bytes of a string. */
export const b = (s: string): Uint8Array => enc.encode(s);
/** string of utf8 bytes. */
export const str = (u: Uint8Array): string => dec.decode(u);
