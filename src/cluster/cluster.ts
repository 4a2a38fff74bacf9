/**
 * WorkerCluster: the page's etcd cluster. It spawns one member process (a Web Worker) per slot
 * of the layout, owns the far end of each member's MessageChannel, and runs the bus:
 *
 * ```
 *   member ──port──► onMemberMessage ──► Network.send (fate: cut/lost/dup/delay, seeded)
 *                                              │ queue ordered by cluster time
 *   BusClock (wall x speed, pause) ──► pump ──► Network.advance ──► ticks + deliveries ──port──► members
 * ```
 * Kill = terminate the worker (IndexedDB stays); restart = a new worker that recovers from
 * IndexedDB; wipe = delete the member's databases, then remove it from the membership and add
 * it back (a fresh member ID that joins as 'existing' and gets the data from the leader); reset =
 * wipe everything and bootstrap a new cluster. Timers for client deadlines run in cluster time.
 */
import type { MessageType } from '../raft';
import type { MemberAddResult } from '../server/api';
import type { MemberSummary, StartRequest } from '../../workers/host-protocol';
import { BusClock } from './clock';
import type { BusEvent } from './events';
import { EventRecorder } from './events';
import { MinHeap } from './heap';
import type { ClusterLayout, Durability, LayoutStore, Timing } from './layout';
import { DEFAULT_TIMING, memberConfig, newLayout, slotForAdded, stripScheme } from './layout';
import { CORRUPT_ERRORS, MemberHandle } from './member-handle';
import type { SpawnMember } from './member-process';
import type { LinkState } from './links';
import { Network } from './network';
import { messageFields, type InFlightMessage } from './message-fields';
import { roleOf } from './role';
import { statusViews, type MemberStatusView } from './status-view';

export type { MemberStatusView } from './status-view';

/** The environment a cluster runs in (the page, or a Node test). */
export interface ClusterHost {
  spawn: SpawnMember;
  layouts: LayoutStore;
  /** Deletes a member's durable data (its IndexedDB databases). */
  deleteMemberData(cluster: string, name: string): Promise<void>;
  /** Monotonic wall clock in ms (performance.now). */
  wallNow(): number;
  /** Unix time in ms (Date.now). */
  unixNow(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Options of {@link WorkerCluster.open}. */
export interface ClusterOptions {
  /** Members of a new cluster (1..7, default 3); ignored when a persisted layout is restored. */
  members?: number;
  seed?: number;
  timing?: Partial<Timing>;
  /** Start a new cluster even if a layout was persisted. */
  fresh?: boolean;
  /** IndexedDB durability of the members (default `strict`; overrides a persisted layout's). */
  durability?: Durability;
  /**
   * etcd's `--quota-backend-bytes` for every member; kept in the layout, so a reload keeps it.
   * Given for a persisted layout, it replaces the persisted value (a start flag, as in etcd).
   */
  quotaBackendBytes?: number;
  /**
   * Test hook (`?idb-quota-bytes=N`): each member's IndexedDB adapters refuse, with a real
   * QuotaExceededError, a write that would make its databases hold more than N bytes.
   */
  idbQuotaBytes?: number;
  /** Limits the idbQuotaBytes hook to the member of this name. */
  idbQuotaMember?: string;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** The cluster of member workers and the bus between them. */
export class WorkerCluster {
  readonly events = new EventRecorder();
  handles: MemberHandle[] = [];
  /** The bus; messages are the members' encoded buffers (src/server/msg-codec.ts), decoded only for the message inspector. */
  network!: Network<ArrayBuffer>;
  clock!: BusClock;
  timing: Timing;
  private timers = new MinHeap<Timer>((a, b) => a.at - b.at || a.seq - b.seq);
  private timerSeq = 0;
  private wakeHandle: unknown;
  private wakeAt = Infinity;
  /**
   * Cluster time at which each member last received a message from the leader it follows (or
   * became candidate): what its election timer counts from, for drawing the timeout arc.
   */
  readonly lastLeaderContactAt = new Map<number, number>();
  /** Unix ms that cluster time 0 maps to (member clocks). */
  private unixBase = 0;
  private closed = false;
  /** See ClusterOptions.idbQuotaBytes and idbQuotaMember. */
  private idbQuota: { bytes?: number | undefined; member?: string | undefined } = {};

  private constructor(
    private readonly host: ClusterHost,
    public layout: ClusterLayout,
    timing: Partial<Timing> | undefined,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.resetBus();
  }

  /** Opens the persisted cluster (or a new one) and starts every member. */
  static async open(host: ClusterHost, opts: ClusterOptions = {}): Promise<WorkerCluster> {
    const saved = opts.fresh ? undefined : host.layouts.load();
    const layout = saved ?? newLayout(opts.members ?? 3, opts.seed ?? 1, `c${host.unixNow().toString(36)}`, host.unixNow(), opts.durability);
    if (opts.durability !== undefined) layout.durability = opts.durability;
    if (opts.quotaBackendBytes !== undefined) layout.quotaBackendBytes = opts.quotaBackendBytes;
    host.layouts.save(layout);
    const c = new WorkerCluster(host, layout, opts.timing);
    c.idbQuota = { bytes: opts.idbQuotaBytes, member: opts.idbQuotaMember };
    await c.startAll();
    return c;
  }

  // ---- members ---------------------------------------------------------------------------

  /** The handle of a member by name (`infra1`), raft id, or client URL (`127.0.0.1:2379`). */
  member(ref: string | number): MemberHandle {
    const h =
      typeof ref === 'number'
        ? this.handles.find((x) => x.raftId === ref)
        : this.handles.find((x) => x.name === ref || x.slot.clientURLs.some((u) => stripScheme(u) === stripScheme(ref)));
    if (!h) throw new Error(`no member ${String(ref)}`);
    return h;
  }

  /** The IndexedDB durability the members run with. */
  get durability(): Durability {
    return this.layout.durability ?? 'strict';
  }

  /** Per-member status, in slot order. */
  status(): MemberStatusView[] {
    return statusViews(this.handles);
  }

  /** Asks every running member for its summary now (status() otherwise shows the last tick's). */
  async refresh(): Promise<void> {
    await Promise.all(
      this.handles.map(async (h) => {
        const proc = h.proc;
        if (!proc || !h.running) return;
        const s = await Promise.race([proc.summary(), h.whenDead().then(() => undefined)]);
        if (s && h.proc === proc && h.running) this.onSummary(h, s);
      }),
    );
  }

  /** The running leader of the highest term, if any. */
  leader(): MemberHandle | undefined {
    let best: MemberHandle | undefined;
    for (const h of this.handles) {
      if (h.running && h.summary?.raftState === 'StateLeader' && (!best || h.summary.term > best.summary!.term)) best = h;
    }
    return best;
  }

  /** Resolves with the leader once one is elected (rejects after `timeoutMs` of wall time). */
  async waitForLeader(timeoutMs = 10_000): Promise<MemberHandle> {
    const until = this.host.wallNow() + timeoutMs;
    for (;;) {
      const l = this.leader();
      if (l) return l;
      if (this.host.wallNow() > until) throw new Error('no leader elected');
      await new Promise((r) => this.host.setTimer(() => r(undefined), 20));
    }
  }

  private async startAll(): Promise<void> {
    this.handles = this.layout.members.map((slot) => new MemberHandle(slot));
    await Promise.all(this.handles.map((h) => this.startMember(h)));
    this.wake();
  }

  private async startMember(h: MemberHandle): Promise<void> {
    const proc = this.host.spawn(h.name);
    const ch = new MessageChannel();
    h.attach(proc, ch.port1);
    h.lastError = undefined;
    ch.port1.onmessage = (ev: MessageEvent) => this.onMemberMessage(h, ch.port1, ev.data);
    const startMs = this.host.unixNow();
    const req: StartRequest = { cluster: this.layout.cluster, config: memberConfig(this.layout, h.slot, this.timing, startMs) };
    const q = this.idbQuota;
    if (q.bytes !== undefined && (q.member === undefined || q.member === h.name)) req.idbQuotaBytes = q.bytes;
    const res = await proc.start(req, ch.port2);
    if (h.port !== ch.port1) return; // killed while starting
    if (!res.ok) {
      h.terminate();
      h.lifecycle = CORRUPT_ERRORS.has(res.name) ? 'corrupt' : 'failed';
      h.lastError = res.message;
      this.emit({ kind: 'lifecycle', member: h.raftId, at: this.now(), what: 'failed', detail: res.message });
      return;
    }
    h.lifecycle = 'running';
    this.onSummary(h, res.value);
    this.emit({ kind: 'lifecycle', member: h.raftId, at: this.now(), what: 'started' });
  }

  /** Kills a member: its worker is terminated; what it wrote to IndexedDB stays. */
  kill(name: string): void {
    const h = this.member(name);
    if (!h.proc) return;
    h.terminate();
    this.network.dropFor(h.raftId, this.now());
    this.emit({ kind: 'lifecycle', member: h.raftId, at: this.now(), what: 'killed' });
    this.flush();
  }

  /** Restarts a stopped member from its IndexedDB (a no-op for a running one). */
  async restart(name: string): Promise<void> {
    const h = this.member(name);
    if (h.lifecycle === 'running' || h.lifecycle === 'starting') return;
    this.emit({ kind: 'lifecycle', member: h.raftId, at: this.now(), what: 'restarted' });
    await this.startMember(h);
    this.wake();
  }

  /**
   * Wipes a member's disk. A member with an empty disk must not rejoin under its old identity
   * (it forgot its vote and log; raft's safety depends on them), so, as an operator would, this
   * stops it, removes it from the membership, and only then deletes its databases, adds it back
   * with `member add` (a new member ID) and starts it as an 'existing' member that catches up
   * from the leader. Needs a quorum of the other members running (else it refuses before
   * stopping anything); if the removal is refused (or times out without taking effect) the disk
   * is kept and the member restarts as it was.
   */
  async wipe(name: string): Promise<void> {
    const h = this.member(name);
    // etcd's strict reconfig check, done before the member is stopped: removing a voter must
    // leave a quorum of the remaining voters running. Otherwise the removal cannot commit, would
    // time out, and could still commit later, once the restarted member restores the quorum.
    const rest = this.handles.filter((x) => x !== h && !x.summary?.isLearner);
    if (!h.summary?.isLearner && rest.length > 0 && rest.filter((x) => x.running).length < Math.floor(rest.length / 2) + 1) {
      throw new Error('wipe: memberRemove: etcdserver: re-configuration failed due to not enough started members');
    }
    h.terminate();
    this.network.dropFor(h.raftId, this.now());
    const via = this.handles.find((x) => x !== h && x.running);
    if (!via) {
      await this.startMember(h);
      throw new Error('wipe: no running member to remove it through');
    }
    try {
      // A member that never reported since the page loaded (e.g. corrupt) is found by its peer URLs.
      const oldId = h.summary?.memberId ?? (await this.memberIdByPeerURLs(h.slot.peerURLs));
      // A removal that timed out may still have applied: "member not found" then means done.
      if (oldId !== undefined) await this.callAtLeader('memberRemove', [oldId], (msg) => msg === 'etcdserver: member not found');
    } catch (e) {
      await this.startMember(h);
      this.wake();
      throw e;
    }
    await this.host.deleteMemberData(this.layout.cluster, h.name);
    this.emit({ kind: 'lifecycle', member: h.raftId, at: this.now(), what: 'wiped' });
    const added = (await this.callAtLeader('memberAdd', [h.slot.peerURLs, false])) as MemberAddResult;
    h.slot = {
      ...h.slot,
      raftId: added.raftId,
      initialClusterState: 'existing',
      memberId: added.member.ID.toString(16),
      clusterId: added.header.clusterId.toString(16),
    };
    this.saveSlots();
    h.summary = undefined;
    await this.startMember(h);
    this.wake();
  }

  /**
   * The member ID the cluster knows for these peer URLs (a member that never reported in this
   * page, e.g. corrupt since the last reload), asked of the leader.
   */
  private async memberIdByPeerURLs(peerURLs: string[]): Promise<bigint | undefined> {
    const list = (await this.callAtLeader('memberList', [])) as { members: { ID: bigint; peerURLs: string[] }[] };
    return list.members.find((m) => m.peerURLs.some((u) => peerURLs.includes(u)))?.ID;
  }

  /** Starts the process of a member that `member add` just added (see slotForAdded for its name). */
  async adopt(added: MemberAddResult): Promise<void> {
    const slot = slotForAdded(added);
    const name = slot.name;
    let h = this.handles.find((x) => x.name === name);
    if (h) {
      h.terminate();
      await this.host.deleteMemberData(this.layout.cluster, name);
      h.slot = slot;
      h.summary = undefined;
    } else {
      h = new MemberHandle(slot);
      this.handles.push(h);
    }
    this.saveSlots();
    await this.startMember(h);
    this.wake();
  }

  /** Stops and forgets the member `member remove` removed (etcd's removed member exits). */
  async forget(memberId: bigint): Promise<void> {
    const h = this.handles.find((x) => x.summary?.memberId === memberId || (x.slot.memberId !== undefined && BigInt('0x' + x.slot.memberId) === memberId));
    if (!h) return;
    h.terminate();
    this.network.dropFor(h.raftId, this.now());
    this.handles = this.handles.filter((x) => x !== h);
    this.saveSlots();
    await this.host.deleteMemberData(this.layout.cluster, h.name);
  }

  private saveSlots(): void {
    this.layout.members = this.handles.map((x) => x.slot);
    this.host.layouts.save(this.layout);
  }

  /**
   * Calls a method at the current leader, following not-leader hints, for up to 10 s of cluster
   * time; an error `done(message)` accepts counts as success (resolves undefined).
   */
  private async callAtLeader(method: 'memberRemove' | 'memberAdd' | 'memberList', args: unknown[], done: (message: string) => boolean = () => false): Promise<unknown> {
    const deadline = this.now() + 10_000;
    let last = 'no leader';
    while (this.now() < deadline) {
      const l = this.leader();
      if (l) {
        const r = await l.call(method, args);
        if (r.ok) return r.value;
        if (done(r.message)) return undefined;
        last = r.message;
      }
      await this.sleep(100);
    }
    throw new Error(`${method}: ${last}`);
  }

  /**
   * Stops every member and starts a brand-new cluster of `members`, resolving once it has a
   * leader. `durability` and `quotaBackendBytes` (etcd's `--quota-backend-bytes`, 0 = etcd's
   * default) are kept from the old cluster unless given. `snapshotCount` (etcd's
   * `--snapshot-count`) is the default Timing's unless given.
   */
  async reset(opts: { members?: number; seed?: number; durability?: Durability; quotaBackendBytes?: number; snapshotCount?: number } = {}): Promise<void> {
    const old = this.layout;
    for (const h of this.handles) h.terminate();
    await Promise.all(old.members.map((m) => this.host.deleteMemberData(old.cluster, m.name)));
    this.layout = newLayout(opts.members ?? old.members.length, opts.seed ?? old.seed, `c${this.host.unixNow().toString(36)}`, this.host.unixNow(), opts.durability ?? old.durability ?? 'strict');
    const quota = opts.quotaBackendBytes ?? old.quotaBackendBytes;
    if (quota !== undefined && quota > 0) this.layout.quotaBackendBytes = quota;
    if (opts.snapshotCount !== undefined && opts.snapshotCount > 0) this.layout.snapshotCount = Math.floor(opts.snapshotCount);
    this.host.layouts.save(this.layout);
    this.resetBus();
    await this.startAll();
    await this.waitForLeader();
  }

  /** Terminates every worker (the page is going away; data stays). */
  close(): void {
    this.closed = true;
    for (const h of this.handles) h.terminate();
    if (this.wakeHandle !== undefined) this.host.clearTimer(this.wakeHandle);
  }

  // ---- network controls ------------------------------------------------------------------------

  /** Partitions the members by name: `[["infra1"], ["infra2", "infra3"]]`. */
  partition(groups: string[][]): void {
    this.network.links.partition(groups.map((g) => g.map((n) => this.member(n).raftId)));
  }

  /** Removes partitions and link faults. */
  heal(): void {
    this.network.links.heal();
  }

  /** Changes the link between a and b (both directions). */
  link(a: string, b: string, patch: { up?: boolean; dropRate?: number; delayMs?: number | [number, number]; duplicateRate?: number }): void {
    const p: Partial<LinkState> = {};
    if (patch.up !== undefined) p.up = patch.up;
    if (patch.dropRate !== undefined) p.dropRate = patch.dropRate;
    if (patch.duplicateRate !== undefined) p.duplicateRate = patch.duplicateRate;
    if (patch.delayMs !== undefined) {
      const [lo, hi] = typeof patch.delayMs === 'number' ? [patch.delayMs, patch.delayMs] : patch.delayMs;
      p.delayMinMs = lo;
      p.delayMaxMs = hi;
    }
    this.network.links.set(this.member(a).raftId, this.member(b).raftId, p);
  }

  /** Changes one direction of a link only (from -> to): asymmetric faults. */
  linkDirected(from: string, to: string, patch: { up?: boolean; dropRate?: number }): void {
    this.network.links.setDirected(this.member(from).raftId, this.member(to).raftId, patch);
  }

  /** The raft message `id` while it is in flight on the bus, with its fields; else undefined. */
  inFlight(id: number): InFlightMessage | undefined {
    const env = this.network.find(id);
    return env && messageFields(env, (r) => this.handles.find((h) => h.raftId === r)?.name ?? `member ${r}`);
  }

  /** Every raft message in flight, earliest delivery first (the inspector's list while paused). */
  inFlightAll(): InFlightMessage[] {
    return this.network.inFlight().map((env) => messageFields(env, (r) => this.handles.find((h) => h.raftId === r)?.name ?? `member ${r}`));
  }

  /** Drops the raft message `id` by hand (reason 'by-hand'); false when it is no longer in flight. */
  dropMessage(id: number): boolean {
    const ok = this.network.drop(id, this.now());
    this.flush();
    return ok;
  }

  /** etcdscope's teaching action: `name` campaigns now (RawNode.forceCampaign in its worker). */
  async campaign(name: string): Promise<void> {
    const r = await this.member(name).call('campaign', []);
    if (!r.ok) throw new Error(r.message);
  }

  /** Freezes cluster time; whatever was due before this instant is delivered now. */
  pause(): void {
    this.clock.setPaused(true, this.host.wallNow());
    this.pump();
  }

  resume(): void {
    this.clock.setPaused(false, this.host.wallNow());
    this.wake();
  }

  /** While paused: advances cluster time to the next tick, delivering what is due on the way. */
  step(): void {
    const now = this.now();
    this.clock.advance(this.network.nextTick - now, this.host.wallNow());
    this.pump();
  }

  /** Sets the speed factor of cluster time (1 = real time). */
  speed(x: number): void {
    this.clock.setSpeed(x, this.host.wallNow());
    this.wake();
  }

  // ---- clock and timers ---------------------------------------------------------------------

  /** Cluster time in ms. */
  now(): number {
    return this.clock.now(this.host.wallNow());
  }

  /** Resolves after `ms` of cluster time (frozen while paused). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Runs `fn` after `ms` of cluster time; returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    let live = true;
    this.timers.push({ at: this.now() + ms, seq: this.timerSeq++, fn: () => live && fn() });
    this.wake();
    return () => {
      live = false;
    };
  }

  private resetBus(): void {
    const wall = this.host.wallNow();
    this.clock = new BusClock(wall);
    this.unixBase = this.host.unixNow();
    this.network = new Network<ArrayBuffer>(this.layout.seed, this.timing.tickMs, (e) => this.events.record(e), 0, (b) => b.slice(0));
  }

  private emit(e: BusEvent): void {
    this.events.record(e);
  }

  private flush(): void {
    this.events.flush();
  }

  /** Delivers and ticks everything due by now, then sleeps until the next due time. */
  private pump(): void {
    if (this.closed) return;
    this.wakeHandle = undefined;
    this.wakeAt = Infinity;
    const now = this.now();
    const batches = new Map<MemberHandle, ArrayBuffer[]>();
    const flushMsgs = (): void => {
      for (const [h, bufs] of batches) h.port?.postMessage({ t: 'msgs', bufs }, bufs);
      batches.clear();
    };
    const alive = (id: number): boolean => this.handles.some((h) => h.raftId === id && h.running);
    for (const due of this.network.advance(now, alive)) {
      if (due.kind === 'deliver') {
        const h = this.handles.find((x) => x.raftId === due.env.to && x.running);
        if (!h) continue;
        if (h.summary && due.env.from === h.summary.lead) this.lastLeaderContactAt.set(h.raftId, due.at);
        const list = batches.get(h) ?? [];
        list.push(due.env.msg);
        batches.set(h, list);
      } else {
        flushMsgs();
        for (const h of this.handles) if (h.running) h.port?.postMessage({ t: 'tick', nowMs: this.unixBase + due.at });
      }
    }
    flushMsgs();
    while (this.timers.size > 0 && this.timers.peek()!.at <= now) this.timers.pop()!.fn();
    this.flush();
    this.wake();
  }

  /** (Re)arms the wall-clock timer for the next tick, delivery or cluster timer. */
  private wake(): void {
    if (this.closed) return;
    const next = Math.min(this.network.nextDueAt(), this.timers.peek()?.at ?? Infinity);
    const wall = this.host.wallNow();
    const at = this.clock.wallAt(next, wall);
    if (at === Infinity || at >= this.wakeAt) return;
    if (this.wakeHandle !== undefined) this.host.clearTimer(this.wakeHandle);
    this.wakeAt = at;
    this.wakeHandle = this.host.setTimer(() => this.pump(), Math.max(0, at - wall));
  }

  private onMemberMessage(h: MemberHandle, port: MessagePort, data: { t: 'msgs'; heads: Array<[number, MessageType, number, boolean]>; bufs: ArrayBuffer[] } | { t: 'report'; summary: MemberSummary }): void {
    if (h.port !== port || this.closed) return; // a message from a killed incarnation
    if (data.t === 'report') {
      this.onSummary(h, data.summary);
      return;
    }
    const now = this.now();
    for (let i = 0; i < data.bufs.length; i++) {
      const [to, type, term, reject] = data.heads[i]!;
      this.network.send(h.raftId, to, type, data.bufs[i]!, now, { term, reject });
    }
    this.wake();
  }

  private onSummary(h: MemberHandle, s: MemberSummary): void {
    const prev = h.summary;
    h.summary = s;
    const at = this.now();
    const role = roleOf(s);
    if (!prev || roleOf(prev) !== role || prev.term !== s.term) {
      this.emit({ kind: 'role', member: h.raftId, at, role, term: s.term });
      this.lastLeaderContactAt.set(h.raftId, at);
    }
    if (!prev || prev.commit !== s.commit) this.emit({ kind: 'commit', member: h.raftId, at, index: s.commit });
    if (!prev || prev.applied !== s.applied) this.emit({ kind: 'apply', member: h.raftId, at, index: s.applied, revision: s.revision });
  }
}
