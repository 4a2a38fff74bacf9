/**
 * FakeClusterClient: a small, honest in-memory ClusterClient for tests - one logical store
 * (FakeStore) behind any number of member endpoints, leases with TTLs on a virtual clock, watches
 * with history replay and compaction cancels, membership and maintenance answers shaped like a
 * single healthy etcd 3.4.23 cluster. Endpoints can be taken down to exercise timeouts.
 */
import type {
  AlarmMember,
  AlarmResponse,
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  HashKVResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveRequest,
  LeaseTimeToLiveResponse,
  Member,
  MemberAddResponse,
  MemberListResponse,
  MemberRemoveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  ResponseHeader,
  ResponseOp,
  StatusResponse,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
  WatchResponse,
} from '../../protocol/rpc';
import type { ClusterClient } from '../client';
import type {
  CallOptions,
  ClientStream,
  DefragmentResponse,
  EndpointCallOptions,
  MemberPromoteResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  SnapshotStatus,
  WatchStream,
} from '../client-types';
import { AsyncQueue } from './async-queue';
import { bkey, ERR, FakeStore, ServerError } from './fake-store';
import { checkRequestSize, crc32, putRequestSize } from './fake-limits';
import { FakeWatchHub } from './fake-watch';
import type { TestClock } from './virtual-clock';
import { virtualClock } from './virtual-clock';

/** Construction options. */
export interface FakeClusterOptions {
  clusterId?: bigint;
  members?: Member[];
  clock?: TestClock;
  /** First lease ID handed out (then +1 per grant... plus one per request, as etcd's ID generator). */
  leaseIdBase?: bigint;
}

/** The single-node cluster of etcd-spec.md section 9.1 (`runs/40-fresh.txt`). */
export const FRESH_MEMBER: Member = {
  ID: 0x474f8fd6da73ef6fn,
  name: 'fresh',
  peerURLs: ['http://127.0.0.1:28380'],
  clientURLs: ['http://127.0.0.1:28379'],
  isLearner: false,
};

/** Virtual time every request takes (so `--command-timeout=1ms` fails as it does for real). */
const FAKE_LATENCY_MS = 1;

const stripScheme = (ep: string): string => ep.replace(/^[a-z]+:\/\//, '');

/** The fake. */
export class FakeClusterClient implements ClusterClient {
  readonly store = new FakeStore();
  readonly clock: TestClock;
  readonly clusterId: bigint;
  members: Member[];
  /** Client URLs (without scheme) of members that do not answer. */
  readonly down = new Set<string>();
  hasLeader = true;
  alarms: AlarmMember[] = [];
  raftIndex = 4;
  private nextLeaseId: bigint;
  private readonly watches: FakeWatchHub;
  private memberSeq = 0n;

  constructor(opts: FakeClusterOptions = {}) {
    this.clock = opts.clock ?? virtualClock(1_000_000);
    this.clusterId = opts.clusterId ?? 4989847324882585737n;
    this.members = opts.members ?? [FRESH_MEMBER];
    this.nextLeaseId = opts.leaseIdBase ?? 0x6f6fa20c5f546223n;
    this.watches = new FakeWatchHub(this.store, (rev) => this.header(this.members[0]!, rev));
    this.store.onCommit = (changes) => this.watches.deliver(changes);
  }

  endpoints(): string[] {
    return this.members.flatMap((m) => m.clientURLs.map(stripScheme));
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private memberAt(ep: string): Member | undefined {
    const e = stripScheme(ep);
    return this.members.find((m) => m.clientURLs.some((u) => stripScheme(u) === e));
  }

  /** Picks the serving member, or waits out the timeout and fails like an unreachable endpoint. */
  private async serve(opts?: CallOptions | EndpointCallOptions, endpoints?: readonly string[]): Promise<Member> {
    this.clock.advance(FAKE_LATENCY_MS);
    this.expireLeases();
    if (opts?.timeoutMs !== undefined && opts.timeoutMs <= FAKE_LATENCY_MS) throw new Error('context deadline exceeded');
    const eps = endpoints ?? (opts && 'endpoints' in opts ? opts.endpoints : undefined) ?? this.endpoints();
    for (const ep of eps) {
      const m = this.memberAt(ep);
      if (m && !this.down.has(stripScheme(ep))) return m;
    }
    const wait = opts?.timeoutMs ?? opts?.dialTimeoutMs ?? 2000;
    await this.clock.sleep(wait, opts?.signal);
    throw new Error('context deadline exceeded');
  }

  private header(m: Member, revision = this.store.rev): ResponseHeader {
    return { clusterId: this.clusterId, memberId: m.ID, revision, raftTerm: 2 };
  }

  /**
   * Serves a request. Without a leader, requests that need one (`quorum`) wait out the client's
   * timeout - or, with none, the server's 5 s request timeout - and fail as etcd 3.4 does.
   */
  private async call<T>(opts: CallOptions | undefined, fn: (m: Member) => T, endpoints?: readonly string[], quorum = true): Promise<T> {
    const m = await this.serve(opts, endpoints);
    if (quorum && !this.hasLeader) {
      const clientTimeout = opts?.timeoutMs;
      await this.clock.sleep(clientTimeout ?? 5000, opts?.signal);
      throw new Error(clientTimeout !== undefined ? 'context deadline exceeded' : 'rpc error: code = Unknown desc = context deadline exceeded');
    }
    return fn(m);
  }

  /** Lease expiry, as the leader's lessor would do it. */
  expireLeases(): void {
    for (const l of [...this.store.leases.values()]) {
      if (l.expiryMs <= this.clock.now()) this.store.revoke(l.id);
    }
  }

  // ---- KV -------------------------------------------------------------------------------------

  range(req: RangeRequest, opts?: CallOptions): Promise<RangeResponse> {
    return this.call(opts, (m) => ({ header: this.header(m), ...this.store.range(req) }), undefined, !req.serializable);
  }

  put(req: PutRequest, opts?: CallOptions): Promise<PutResponse> {
    return this.call(opts, (m) => {
      checkRequestSize(putRequestSize(req));
      if (req.key.length > 0) this.raftIndex++;
      const prev = this.store.put(req);
      const resp: PutResponse = { header: this.header(m) };
      if (req.prevKv && prev) resp.prevKv = prev;
      return resp;
    });
  }

  deleteRange(req: DeleteRangeRequest, opts?: CallOptions): Promise<DeleteRangeResponse> {
    return this.call(opts, (m) => {
      if (req.key.length > 0) this.raftIndex++;
      const prevs = this.store.deleteRange(req);
      return { header: this.header(m), deleted: prevs.length, prevKvs: req.prevKv ? prevs : [] };
    });
  }

  txn(req: TxnRequest, opts?: CallOptions): Promise<TxnResponse> {
    return this.call(opts, (m) => {
      const puts = [...req.success, ...req.failure].flatMap((op) => ('requestPut' in op ? [putRequestSize(op.requestPut) + 4] : []));
      checkRequestSize(puts.reduce((a, b) => a + b, 0));
      this.store.checkTxn(req);
      // etcd serves a txn with no writes in either branch as a linearizable read, not through raft.
      const writes = [...req.success, ...req.failure].some((op) => !('requestRange' in op));
      if (writes) this.raftIndex++;
      const r = this.store.txn(req);
      const inner = (rev: number): ResponseHeader => ({ clusterId: 0n, memberId: 0n, revision: rev, raftTerm: 0 });
      const responses: ResponseOp[] = r.responses.map(({ result }) => {
        switch (result.kind) {
          case 'range':
            return { responseRange: { header: inner(result.rev), ...result.range } };
          case 'put':
            return { responsePut: result.prevKv ? { header: inner(result.rev), prevKv: result.prevKv } : { header: inner(result.rev) } };
          case 'del':
            return { responseDeleteRange: { header: inner(result.rev), deleted: result.deleted, prevKvs: result.prevKvs } };
        }
      });
      return { header: this.header(m), succeeded: r.succeeded, responses };
    });
  }

  compact(req: CompactionRequest, opts?: CallOptions): Promise<CompactionResponse> {
    return this.call(opts, (m) => {
      this.raftIndex++;
      this.store.compact(req.revision);
      return { header: this.header(m) };
    });
  }

  // ---- Lease ----------------------------------------------------------------------------------

  leaseGrant(req: LeaseGrantRequest, opts?: CallOptions): Promise<LeaseGrantResponse> {
    return this.call(opts, (m) => {
      this.raftIndex++;
      if (req.TTL > 9_000_000_000) throw new ServerError(ERR.ttlTooLarge);
      const ttl = Math.max(req.TTL, 2);
      const id = req.ID && req.ID !== 0n ? req.ID : this.nextLeaseId;
      if (this.store.leases.has(id)) throw new ServerError('etcdserver: lease already exists');
      this.nextLeaseId = id + 2n;
      this.store.leases.set(id, { id, grantedTTL: ttl, expiryMs: this.clock.now() + ttl * 1000, keys: new Set() });
      return { header: this.header(m), ID: id, TTL: ttl, error: '' };
    });
  }

  leaseRevoke(id: bigint, opts?: CallOptions): Promise<LeaseRevokeResponse> {
    return this.call(opts, (m) => {
      this.raftIndex++;
      this.store.revoke(id);
      return { header: this.header(m) };
    });
  }

  leaseTimeToLive(req: LeaseTimeToLiveRequest, opts?: CallOptions): Promise<LeaseTimeToLiveResponse> {
    return this.call(opts, (m) => {
      const l = this.store.leases.get(req.ID);
      if (!l) return { header: this.header(m), ID: req.ID, TTL: -1, grantedTTL: 0, keys: [] };
      const remaining = Math.floor((l.expiryMs - this.clock.now()) / 1000);
      const keys = req.keys ? [...l.keys].map((k) => Uint8Array.from(k, (c) => c.charCodeAt(0))) : [];
      return { header: this.header(m), ID: l.id, TTL: remaining, grantedTTL: l.grantedTTL, keys };
    });
  }

  leaseLeases(opts?: CallOptions): Promise<LeaseLeasesResponse> {
    return this.call(opts, (m) => {
      const ls = [...this.store.leases.values()].sort((a, b) => a.expiryMs - b.expiryMs || (a.id < b.id ? -1 : 1));
      return { header: this.header(m), leases: ls.map((l) => ({ ID: l.id })) };
    });
  }

  leaseKeepAliveOnce(id: bigint, opts?: CallOptions): Promise<LeaseKeepAliveResponse> {
    return this.call(opts, (m) => {
      const l = this.store.leases.get(id);
      if (!l) throw new ServerError(ERR.leaseNotFound);
      l.expiryMs = this.clock.now() + l.grantedTTL * 1000;
      return { header: this.header(m), ID: id, TTL: l.grantedTTL };
    });
  }

  leaseKeepAlive(id: bigint, opts?: CallOptions): ClientStream<LeaseKeepAliveResponse> {
    const q = new AsyncQueue<LeaseKeepAliveResponse>();
    void (async () => {
      while (!q.isClosed) {
        let resp: LeaseKeepAliveResponse;
        try {
          resp = await this.leaseKeepAliveOnce(id, { ...opts, signal: undefined });
        } catch {
          q.close();
          return;
        }
        q.push(resp);
        await this.clock.sleep((resp.TTL * 1000) / 3).catch(() => undefined);
      }
    })();
    return q;
  }

  // ---- Watch ----------------------------------------------------------------------------------

  watch(req: WatchCreateRequest, opts?: CallOptions): WatchStream<WatchResponse> {
    return this.watches.open(req, Boolean(opts?.requireLeader) && !this.hasLeader);
  }

  /**
   * Simulates leader loss: every require-leader watch is canceled with `etcdserver: no leader`;
   * later requests that need a leader time out (see `call`).
   */
  loseLeader(): void {
    this.hasLeader = false;
    this.watches.cancelAll('etcdserver: no leader');
  }

  // ---- Cluster --------------------------------------------------------------------------------

  private membersHeader(m: Member): ResponseHeader {
    return { clusterId: this.clusterId, memberId: m.ID, revision: 0, raftTerm: 2 };
  }

  memberList(opts?: CallOptions): Promise<MemberListResponse> {
    return this.call(opts, (m) => ({ header: this.membersHeader(m), members: [...this.members].sort((a, b) => (a.ID < b.ID ? -1 : 1)) }), undefined, false);
  }

  memberAdd(peerURLs: string[], isLearner: boolean, opts?: CallOptions): Promise<MemberAddResponse> {
    return this.call(opts, (m) => {
      if (this.members.some((x) => x.peerURLs.some((u) => peerURLs.includes(u)))) throw new ServerError('etcdserver: Peer URLs already exists');
      this.raftIndex++;
      this.memberSeq++;
      const member: Member = { ID: 0x80ea9b41447917a7n + this.memberSeq, name: '', peerURLs, clientURLs: [], isLearner };
      this.members.push(member);
      return { header: this.membersHeader(m), member, members: [...this.members].sort((a, b) => (a.ID < b.ID ? -1 : 1)) };
    });
  }

  private findMember(id: bigint): Member {
    const x = this.members.find((mm) => mm.ID === id);
    if (!x) throw new ServerError('etcdserver: member not found');
    return x;
  }

  memberRemove(id: bigint, opts?: CallOptions): Promise<MemberRemoveResponse> {
    return this.call(opts, (m) => {
      this.findMember(id);
      this.raftIndex++;
      this.members = this.members.filter((x) => x.ID !== id);
      return { header: this.membersHeader(m), members: [...this.members] };
    });
  }

  memberUpdate(id: bigint, peerURLs: string[], opts?: CallOptions): Promise<MemberUpdateResponse> {
    return this.call(opts, (m) => {
      this.findMember(id).peerURLs = peerURLs;
      this.raftIndex++;
      return { header: this.membersHeader(m), members: [...this.members] };
    });
  }

  memberPromote(id: bigint, opts?: CallOptions): Promise<MemberPromoteResponse> {
    return this.call(opts, () => {
      const x = this.findMember(id);
      if (!x.isLearner) throw new ServerError('etcdserver: can only promote a learner member');
      throw new ServerError('etcdserver: can only promote a learner member which is in sync with leader');
    });
  }

  // ---- Maintenance ----------------------------------------------------------------------------

  status(endpoint: string, opts?: EndpointCallOptions): Promise<StatusResponse> {
    return this.call(
      opts,
      (m) => ({
        header: this.header(m),
        version: '3.4.23',
        dbSize: 20480,
        leader: this.hasLeader ? this.members.find((x) => !this.down.has(stripScheme(x.clientURLs[0] ?? '')))!.ID : 0n,
        raftIndex: this.raftIndex,
        raftTerm: 2,
        raftAppliedIndex: this.raftIndex,
        errors: this.hasLeader ? [] : ['etcdserver: no leader'],
        dbSizeInUse: 16384,
        isLearner: m.isLearner,
      }),
      [endpoint],
      false,
    );
  }

  hashKV(endpoint: string, revision: number, opts?: EndpointCallOptions): Promise<HashKVResponse> {
    return this.call(
      opts,
      (m) => {
        const upTo = revision > 0 ? revision : this.store.rev;
        this.store.checkRev(upTo);
        const bytes = new TextEncoder().encode(this.store.history.filter((c) => c.rev <= upTo).map((c) => `${c.rev}${c.type}${bkey(c.kv.key)}=${bkey(c.kv.value)}`).join('\n'));
        return { header: this.header(m), hash: crc32(bytes), compactRevision: Math.max(this.store.compactRev, 0) };
      },
      [endpoint],
    );
  }

  moveLeader(endpoint: string, transfereeID: bigint, opts?: EndpointCallOptions): Promise<MoveLeaderResponse> {
    return this.call(
      opts,
      (m) => {
        if (!this.members.some((x) => x.ID === transfereeID && !x.isLearner)) throw new ServerError('etcdserver: bad leader transferee');
        return { header: this.header(m) };
      },
      [endpoint],
    );
  }

  defragment(endpoint: string, opts?: EndpointCallOptions): Promise<DefragmentResponse> {
    return this.call(opts, (m) => ({ header: this.header(m) }), [endpoint], false);
  }

  alarmList(opts?: CallOptions): Promise<AlarmResponse> {
    return this.call(opts, (m) => ({ header: this.header(m), alarms: [...this.alarms] }));
  }

  alarmDisarm(alarm: AlarmMember, opts?: CallOptions): Promise<AlarmResponse> {
    return this.call(opts, (m) => {
      const hit = this.alarms.filter((a) => a.memberID === alarm.memberID && a.alarm === alarm.alarm);
      this.alarms = this.alarms.filter((a) => !hit.includes(a));
      return { header: this.header(m), alarms: hit };
    });
  }

  snapshot(endpoint: string, opts?: EndpointCallOptions): Promise<Uint8Array> {
    return this.call(
      opts,
      () => {
        const kvs = [...this.store.stateAt(this.store.rev).values()].map((kv) => [bkey(kv.key), bkey(kv.value)]);
        return new TextEncoder().encode(JSON.stringify({ revision: this.store.rev, kvs }));
      },
      [endpoint],
      false,
    );
  }

  snapshotStatus(image: Uint8Array): Promise<SnapshotStatus> {
    const parsed = JSON.parse(new TextDecoder().decode(image)) as { revision: number; kvs: unknown[] };
    return Promise.resolve({ hash: crc32(image), revision: parsed.revision, totalKey: parsed.kvs.length, totalSize: image.length });
  }
}
