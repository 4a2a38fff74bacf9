import { ErrDeadlineExceeded, type EtcdServer } from '../server';
import { HistoryRecorder, type HistoryEvent, type OpFunction } from './checkers';
import type { SimRand } from './prng';

/** ClientOptions configure the concurrent client workload of etcd mode. */
export interface ClientOptions {
  /** clients is the number of concurrent client processes (each has one open op at most). */
  clients: number;
  /** keys is the size of the key set (k0..k{keys-1}). */
  keys: number;
  /** rate is the per-tick probability that an idle client starts an operation. */
  rate: number;
  /** deadlineTicks is each operation's deadline (the server's timeoutMs too). */
  deadlineTicks: number;
  /**
   * rotateTicks: every rotateTicks ticks the clients move to a fresh key set (Jepsen's
   * independent keys), so a write whose outcome is unknown (open until +infinity) only
   * burdens the linearizability search of its own generation of keys.
   */
  rotateTicks: number;
  tickMs: number;
}

/** ClientStats count completed operations by outcome. */
export interface ClientStats {
  ok: number;
  info: number;
  fail: number;
}

/** ClientHost is what the clients need from the run: time and the running servers. */
export interface ClientHost {
  readonly now: number;
  /** server returns member `id`'s running server, or undefined when it is down or opening. */
  server(id: number): EtcdServer | undefined;
  readonly ids: readonly number[];
}

interface Pending {
  process: number;
  f: OpFunction;
  deadline: number;
  done: boolean;
}

/** FINAL_READ_PROCESS numbers the processes of the reads after the run (plus their slot). */
const FINAL_READ_PROCESS = 1_000_000;

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * EtcdClients is a Jepsen-style workload: K client processes each run one operation at a time
 * (put, get, cas as a txn comparing the value, delete) on a small key set against a random
 * member, and record a history (checkers/history.ts). Outcomes:
 *
 *   ok    the member answered; get carries the value (null when absent), cas `succeeded`
 *   fail  a get that errored (a read has no effect), a write to a member that was down, or
 *         one the member never handed to raft (ErrDeadlineExceeded, "context deadline exceeded")
 *   info  a write that errored or missed its deadline: it may or may not have happened;
 *         the process is then retired and a fresh one (process + K) takes its slot
 *
 * Time is world ticks * tickMs on one clock. All randomness comes from the world's PRNG.
 */
export class EtcdClients {
  readonly recorder = new HistoryRecorder();
  readonly stats: ClientStats = { ok: 0, info: 0, fail: 0 };
  private readonly slots: (Pending | undefined)[];
  private readonly processOf: number[];
  private nextValue = 1;
  /** lastSeen is the last value each key was read or written with (cas expectations). */
  private readonly lastSeen = new Map<string, string | null>();

  constructor(
    private readonly rand: SimRand,
    private readonly host: ClientHost,
    readonly opts: ClientOptions,
  ) {
    this.slots = Array.from({ length: opts.clients }, () => undefined);
    this.processOf = Array.from({ length: opts.clients }, (_, i) => i);
  }

  /** history is every event so far. */
  get history(): readonly HistoryEvent[] {
    return this.recorder.events;
  }

  /** busy reports whether any operation is still open. */
  busy(): boolean {
    return this.slots.some((p) => p !== undefined);
  }

  /** step expires overdue operations, then lets idle clients start new ones (unless `stopped`). */
  step(stopped: boolean): void {
    this.expire();
    if (stopped) return;
    for (let slot = 0; slot < this.slots.length; slot++) {
      if (this.slots[slot] !== undefined || !this.rand.chance(this.opts.rate)) continue;
      this.start(slot, this.rand.pick(this.host.ids));
    }
  }

  /** expire completes every operation whose deadline passed: info for writes, fail for reads. */
  expire(force = false): void {
    for (let slot = 0; slot < this.slots.length; slot++) {
      const p = this.slots[slot];
      if (p === undefined || (!force && this.host.now < p.deadline)) continue;
      this.finish(slot, p, (process, time) => this.unknown(slot, p, process, time, 'deadline exceeded'));
    }
  }

  private time(): number {
    return this.host.now * this.opts.tickMs;
  }

  /** generation is the index of the current key set. */
  private generation(): number {
    return Math.floor(this.host.now / this.opts.rotateTicks);
  }

  /** keysUsed lists every key of every generation so far: k0, k1, ... */
  keysUsed(): string[] {
    return Array.from({ length: (this.generation() + 1) * this.opts.keys }, (_, i) => `k${i}`);
  }

  /** read starts a get of `key` at member `id` by a fresh process (the final reads). */
  read(id: number, key: string): void {
    const slot = this.slots.length;
    this.slots.push(undefined);
    this.processOf.push(FINAL_READ_PROCESS + slot);
    this.start(slot, id, 'get', key);
  }

  /** start begins one random operation of client `slot` against member `id`. */
  start(slot: number, id: number, f: OpFunction = this.pickFunction(), key = `k${this.generation() * this.opts.keys + this.rand.intn(this.opts.keys)}`): void {
    const process = this.processOf[slot] as number;
    const p: Pending = { process, f, deadline: this.host.now + this.opts.deadlineTicks, done: false };
    const s = this.host.server(id);
    const opts = { timeoutMs: this.opts.deadlineTicks * this.opts.tickMs };
    let call: Promise<(time: number) => void>;
    switch (f) {
      case 'put': {
        const value = `v${this.nextValue++}`;
        this.recorder.invoke(process, f, key, { value }, this.time());
        call = s === undefined ? Promise.reject(new Error('member down')) : s.put({ key: enc.encode(key), value: enc.encode(value) }, opts).then((r) => {
          this.lastSeen.set(key, value);
          return (time) => this.recorder.ok(process, time, { rev: r.header.revision });
        });
        break;
      }
      case 'get':
        this.recorder.invoke(process, f, key, {}, this.time());
        call = s === undefined ? Promise.reject(new Error('member down')) : s.range({ key: enc.encode(key) }, opts).then((r) => {
          const kv = r.kvs[0];
          const value = kv === undefined ? null : dec.decode(kv.value);
          this.lastSeen.set(key, value);
          return (time) => this.recorder.ok(process, time, { value, rev: r.header.revision });
        });
        break;
      case 'cas': {
        const value = `v${this.nextValue++}`;
        const expect = this.lastSeen.get(key) ?? null;
        this.recorder.invoke(process, f, key, { value, expect }, this.time());
        const k = enc.encode(key);
        const compare =
          expect === null
            ? { result: 'EQUAL' as const, target: 'VERSION' as const, key: k, version: 0 }
            : { result: 'EQUAL' as const, target: 'VALUE' as const, key: k, value: enc.encode(expect) };
        const req = { compare: [compare], success: [{ requestPut: { key: k, value: enc.encode(value) } }], failure: [] };
        call = s === undefined ? Promise.reject(new Error('member down')) : s.txn(req, opts).then((r) => {
          if (r.succeeded) this.lastSeen.set(key, value);
          return (time) => this.recorder.ok(process, time, { succeeded: r.succeeded, rev: r.header.revision });
        });
        break;
      }
      case 'delete':
        this.recorder.invoke(process, f, key, {}, this.time());
        call = s === undefined ? Promise.reject(new Error('member down')) : s.deleteRange({ key: enc.encode(key) }, opts).then((r) => {
          this.lastSeen.set(key, null);
          return (time) => this.recorder.ok(process, time, { rev: r.header.revision, deleted: r.deleted });
        });
        break;
    }
    this.slots[slot] = p;
    call.then(
      (complete) => this.finish(slot, p, (_process, time) => complete(time)),
      (e: unknown) => this.finish(slot, p, (process, time) => this.unknown(slot, p, process, time, errorText(e), s === undefined || e instanceof ErrDeadlineExceeded)),
    );
  }

  /** finish completes pending op `p` once (a late answer after the deadline is ignored). */
  private finish(slot: number, p: Pending, record: (process: number, time: number) => void): void {
    if (p.done) return;
    p.done = true;
    record(p.process, this.time());
    if (this.slots[slot] === p) this.slots[slot] = undefined;
    const last = this.recorder.events[this.recorder.events.length - 1] as HistoryEvent;
    this.stats[last.type as keyof ClientStats]++;
  }

  /**
   * unknown records a failed op: fail for reads and for writes that never reached raft (the
   * member was down, or ErrDeadlineExceeded: raft dropped the proposal until the deadline, so
   * the checker holds the server to that claim); info (and a new process) for other writes.
   */
  private unknown(slot: number, p: Pending, process: number, time: number, error: string, neverSent = false): void {
    if (p.f === 'get' || neverSent) {
      this.recorder.fail(process, time, error);
      return;
    }
    this.recorder.info(process, time, error);
    this.processOf[slot] = process + this.opts.clients;
  }

  private pickFunction(): OpFunction {
    const r = this.rand.intn(20);
    return r < 7 ? 'put' : r < 14 ? 'get' : r < 17 ? 'cas' : 'delete';
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** formatHistoryLine renders one event with issue 4 §4's field order. */
export function formatHistoryLine(e: HistoryEvent): string {
  const o: Record<string, unknown> = { process: e.process, type: e.type, f: e.f, key: e.key };
  if (e.expect !== undefined) o.expect = e.expect;
  if (e.value !== undefined) o.value = e.value;
  if (e.succeeded !== undefined) o.succeeded = e.succeeded;
  o.time = e.time;
  if (e.rev !== undefined) o.rev = e.rev;
  if (e.deleted !== undefined) o.deleted = e.deleted;
  if (e.error !== undefined) o.error = e.error;
  return JSON.stringify(o);
}
