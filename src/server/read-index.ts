/**
 * ReadIndexer: linearizable reads (etcd's linearizableReadLoop). Concurrent reads are batched
 * behind one raft ReadIndex request; when raft answers with a ReadState, the batch is served
 * once the applied index reaches the read index.
 *
 * ```
 *   linearizableRead() ─► pending ──(no request in flight)──► rawNode.readIndex(ctx) ─► inflight
 *   ReadState{ctx, index} ─► waiting for applied >= index ─► resolve every read of the batch
 *   no answer for 500 ms (lost, no leader) ─► retry with a new ctx      deadline ─► ErrTimeout
 *   leader changed while in flight ─► ErrLeaderChanged
 * ```
 */
import type { ReadState } from '../raft';
import type { RequestOptions } from './api';
import { ErrLeaderChanged, ErrStopped, ErrTimeout } from './errors';
import type { EtcdServer } from './server';

interface Reader {
  resolve: () => void;
  reject: (e: unknown) => void;
  deadlineMs: number;
}

interface Batch {
  ctx: Uint8Array;
  readers: Reader[];
  sentMs: number;
  /** Set when raft answered. */
  index?: number;
}

/** etcd's readIndexRetryTime. */
const RETRY_MS = 500;

function sameCtx(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Batches linearizable reads behind raft ReadIndex requests. */
export class ReadIndexer {
  private pending: Reader[] = [];
  private inflight: Batch | undefined;
  private ready: Batch[] = [];

  constructor(private readonly s: EtcdServer) {}

  /** Resolves when a read at this moment may be served from the local store. */
  linearizableRead(opts?: RequestOptions): Promise<void> {
    const s = this.s;
    if (s.stopped) return Promise.reject(new ErrStopped());
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ resolve, reject, deadlineMs: s.nowMs + s.timeoutMs(opts) });
      this.maybeSend();
    });
  }

  private maybeSend(): void {
    if (this.inflight !== undefined || this.pending.length === 0) return;
    const ctx = new Uint8Array(8);
    new DataView(ctx.buffer).setBigUint64(0, this.s.ids.next());
    this.inflight = { ctx, readers: this.pending, sentMs: this.s.nowMs };
    this.pending = [];
    this.s.r.node.readIndex(ctx);
    this.s.r.kick();
  }

  /** Raft answered ReadIndex requests. */
  onReadStates(rs: ReadState[]): void {
    for (const st of rs) {
      const b = this.inflight;
      if (b === undefined || !sameCtx(b.ctx, st.requestCtx)) continue;
      b.index = st.index;
      this.inflight = undefined;
      this.ready.push(b);
    }
    this.onApplied();
    this.maybeSend();
  }

  /** The applied index moved: serve the batches it covers. */
  onApplied(): void {
    if (this.ready.length === 0) return;
    const applied = this.s.appliedIndex;
    const keep: Batch[] = [];
    for (const b of this.ready) {
      if (b.index! <= applied) for (const r of b.readers) r.resolve();
      else keep.push(b);
    }
    this.ready = keep;
  }

  /** Per tick: retry a lost ReadIndex, fail reads past their deadline. */
  onTick(): void {
    const now = this.s.nowMs;
    const expired = (r: Reader): boolean => {
      if (now < r.deadlineMs) return false;
      r.reject(new ErrTimeout());
      return true;
    };
    this.pending = this.pending.filter((r) => !expired(r));
    for (const b of this.ready) b.readers = b.readers.filter((r) => !expired(r));
    this.ready = this.ready.filter((b) => b.readers.length > 0);
    const b = this.inflight;
    if (b !== undefined) {
      b.readers = b.readers.filter((r) => !expired(r));
      if (b.readers.length === 0 || now - b.sentMs >= RETRY_MS) {
        this.inflight = undefined;
        this.pending = [...b.readers, ...this.pending];
      }
    }
    this.maybeSend();
  }

  /**
   * The leader changed while a ReadIndex was in flight: its reads fail with
   * `etcdserver: leader changed` (etcd 3.4's linearizableReadLoop); queued ones go to the new leader.
   */
  onLeaderChanged(): void {
    const b = this.inflight;
    if (b === undefined) return;
    this.inflight = undefined;
    for (const r of b.readers) r.reject(new ErrLeaderChanged());
  }

  /** Fails every read (server stopped). */
  failAll(e: unknown): void {
    const all = [...this.pending, ...(this.inflight?.readers ?? []), ...this.ready.flatMap((b) => b.readers)];
    this.pending = [];
    this.inflight = undefined;
    this.ready = [];
    for (const r of all) r.reject(e);
  }
}
