/**
 * The Chaos control's client workload: K concurrent clients, each running one operation at a
 * time (put, linearizable get, compare-and-swap txn) on a small set of keys with unique values,
 * recording a Jepsen-style history (src/sim/checkers/history.ts) on the cluster's clock:
 *
 *   ok    the member answered (get: the value or null; cas: whether the compare held)
 *   fail  a get that errored: a read has no effect
 *   info  a put or cas that errored or missed its deadline: it may or may not have happened,
 *         so it stays open until +infinity; the client's process retires and process + K
 *         takes its slot, as in Jepsen
 *
 * Every `rotateMs` the clients move to a fresh key set (Jepsen's independent keys), so a write
 * of unknown outcome only weighs on the search of its own keys.
 */
import { HistoryRecorder, type HistoryEvent, type OpFunction } from '../../sim/checkers';
import type { SimRand } from '../../sim/prng';
import type { WorkerCluster } from '../cluster';
import type { WorkerClusterClient } from '../client';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Options of the workload. */
export interface WorkloadOptions {
  clients: number;
  /** Keys per key set. */
  keys: number;
  /** Key prefix of this run (`chaos/<run>/`), so runs never share keys. */
  prefix: string;
  rotateMs: number;
  /** Deadline of each operation, in ms of cluster time. */
  timeoutMs: number;
}

/** Counts of completed operations by outcome. */
export interface WorkloadStats {
  ok: number;
  fail: number;
  info: number;
}

/** The running workload. */
export class ChaosWorkload {
  readonly recorder = new HistoryRecorder();
  readonly stats: WorkloadStats = { ok: 0, fail: 0, info: 0 };
  /** Every key any operation touched, in first-use order. */
  readonly keysUsed: string[] = [];
  private readonly lastSeen = new Map<string, string | null>();
  private nextValue = 1;
  private stopped = false;
  private readonly startedAt: number;
  private loops: Promise<void>[] = [];
  /** Writes (put, cas) in flight per endpoint, so a kill can land in the middle of one. */
  private readonly writing = new Map<string, number>();

  constructor(
    private readonly cluster: WorkerCluster,
    private readonly client: WorkerClusterClient,
    private readonly rand: SimRand,
    readonly opts: WorkloadOptions,
  ) {
    this.startedAt = cluster.now();
  }

  /** The history so far. */
  get history(): readonly HistoryEvent[] {
    return this.recorder.events;
  }

  /** Starts the K client loops. */
  start(): void {
    this.loops = Array.from({ length: this.opts.clients }, (_, slot) => this.loop(slot));
  }

  /** Stops starting operations and resolves once every open one completed (or timed out). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /** Whether a put or cas is in flight at `endpoint` right now. */
  writeInFlight(endpoint: string): boolean {
    return (this.writing.get(endpoint) ?? 0) > 0;
  }

  /** The key set in use now. */
  private key(): string {
    const gen = Math.floor((this.cluster.now() - this.startedAt) / this.opts.rotateMs);
    const key = `${this.opts.prefix}k${gen * this.opts.keys + this.rand.intn(this.opts.keys)}`;
    if (!this.lastSeen.has(key)) {
      this.lastSeen.set(key, null);
      this.keysUsed.push(key);
    }
    return key;
  }

  /**
   * The endpoint of `slot`'s next operation: its favourite member, or the next running one.
   * One endpoint per operation, never a fail-over: the client retries a call whose member died
   * under it at another member, which for a write that was already proposed could apply it
   * twice; pinned, such a write ends as `info` instead.
   */
  private endpoints(slot: number): string[] {
    const hs = this.cluster.handles;
    for (let i = 0; i < hs.length; i++) {
      const h = hs[(slot + i) % hs.length]!;
      if (h.running) return [h.slot.clientURLs[0]!];
    }
    return [hs[slot % hs.length]!.slot.clientURLs[0]!];
  }

  private async loop(slot: number): Promise<void> {
    let process = slot;
    while (!this.stopped) {
      const r = this.rand.intn(10);
      const f: OpFunction = r < 4 ? 'put' : r < 8 ? 'get' : 'cas';
      const outcome = await this.run(process, f, this.key(), this.endpoints(slot));
      if (outcome === 'info') process += this.opts.clients;
      // A short think time keeps the bus animated but not flooded.
      await this.cluster.sleep(this.rand.between(5, 40));
    }
  }

  /** Runs one operation by `process` and records it; resolves its outcome. */
  async run(process: number, f: OpFunction, key: string, endpoints: string[]): Promise<'ok' | 'fail' | 'info'> {
    const opts = { endpoints, timeoutMs: this.opts.timeoutMs };
    const now = (): number => this.cluster.now();
    const ep = endpoints[0]!;
    const write = f !== 'get';
    if (write) this.writing.set(ep, (this.writing.get(ep) ?? 0) + 1);
    try {
      switch (f) {
        case 'put': {
          const value = `v${this.nextValue++}`;
          this.recorder.invoke(process, f, key, { value }, now());
          const res = await this.client.put({ key: enc(key), value: enc(value) }, opts);
          this.recorder.ok(process, now(), { rev: res.header.revision });
          this.lastSeen.set(key, value);
          break;
        }
        case 'get': {
          this.recorder.invoke(process, f, key, {}, now());
          const res = await this.client.range({ key: enc(key) }, opts);
          const kv = res.kvs[0];
          const value = kv === undefined ? null : dec(kv.value);
          this.recorder.ok(process, now(), { value, rev: res.header.revision });
          this.lastSeen.set(key, value);
          break;
        }
        case 'cas': {
          const value = `v${this.nextValue++}`;
          const expect = this.lastSeen.get(key) ?? null;
          this.recorder.invoke(process, f, key, { value, expect }, now());
          const k = enc(key);
          const compare =
            expect === null
              ? { result: 'EQUAL' as const, target: 'VERSION' as const, key: k, version: 0 }
              : { result: 'EQUAL' as const, target: 'VALUE' as const, key: k, value: enc(expect) };
          const res = await this.client.txn({ compare: [compare], success: [{ requestPut: { key: k, value: enc(value) } }], failure: [] }, opts);
          this.recorder.ok(process, now(), { succeeded: res.succeeded, rev: res.header.revision });
          if (res.succeeded) this.lastSeen.set(key, value);
          break;
        }
        case 'delete':
          throw new Error('the chaos workload does not delete');
      }
      this.stats.ok++;
      return 'ok';
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (f === 'get') {
        this.recorder.fail(process, now(), error);
        this.stats.fail++;
        return 'fail';
      }
      this.recorder.info(process, now(), error);
      this.stats.info++;
      return 'info';
    } finally {
      if (write) this.writing.set(ep, (this.writing.get(ep) ?? 1) - 1);
    }
  }
}
