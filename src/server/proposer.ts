/**
 * Proposer: hands client requests to raft (etcd's processInternalRaftRequestOnce + node.Propose).
 * A proposal raft drops because there is no leader is kept and retried once a leader is known,
 * as etcd's Propose blocks until then; every request waits in wait.ts until its entry is applied
 * or its deadline passes:
 *
 * ```
 *   never handed to raft by the deadline       -> ErrDeadlineExceeded  ("context deadline exceeded")
 *   proposed, not applied, leader changed since -> ErrTimeoutDueToLeaderFail
 *   proposed, not applied                       -> ErrTimeout           ("etcdserver: request timed out")
 * ```
 */
import { ErrProposalDropped, type ConfChange } from '../raft';
import type { RequestOptions } from './api';
import { crc32 } from './crc32';
import { ErrDeadlineExceeded, ErrRequestTooLarge, ErrStopped, ErrTimeout, ErrTimeoutDueToLeaderFail } from './errors';
import { encodeRequest, type InternalOp } from './request';
import type { EtcdServer } from './server';
import { requestSize } from './size';

interface PendingProposal {
  id: bigint;
  data?: Uint8Array;
  cc?: ConfChange;
}

/** The proposal path of one member. */
export class Proposer {
  /** Proposals raft dropped (no leader yet): retried when a leader is known, until their deadline. */
  private pending: PendingProposal[] = [];

  constructor(private readonly s: EtcdServer) {}

  /** Proposes an internal request; resolves with what its apply returns on this member. */
  propose<T>(op: InternalOp, opts?: RequestOptions): Promise<T> {
    const s = this.s;
    if (s.stopped) return Promise.reject(new ErrStopped());
    if (requestSize(op.req) > s.cfg.maxRequestBytes) return Promise.reject(new ErrRequestTooLarge());
    const id = s.ids.next();
    const data = encodeRequest({ ID: id, op });
    const p = s.wait.register<T>(id, s.nowMs, s.nowMs + s.timeoutMs(opts), crc32(data));
    this.submit({ id, data });
    return p;
  }

  /** Proposes a conf change whose context carries request ID `id`. */
  proposeConfChange<T>(id: bigint, cc: ConfChange, opts?: RequestOptions): Promise<T> {
    const s = this.s;
    if (s.stopped) return Promise.reject(new ErrStopped());
    const p = s.wait.register<T>(id, s.nowMs, s.nowMs + s.timeoutMs(opts), crc32(cc.context ?? new Uint8Array(0)));
    this.submit({ id, cc });
    return p;
  }

  private submit(pp: PendingProposal): void {
    if (!this.tryPropose(pp)) this.pending.push(pp);
    this.s.r.kick();
  }

  private tryPropose(pp: PendingProposal): boolean {
    try {
      if (pp.cc !== undefined) this.s.r.node.proposeConfChange(pp.cc);
      else this.s.r.node.propose(pp.data!);
      return true;
    } catch (e) {
      if (e instanceof ErrProposalDropped) return false;
      throw e;
    }
  }

  /** Retries dropped proposals once a leader is known. */
  retry(): void {
    if (this.pending.length === 0 || this.s.lead === 0) return;
    const left: PendingProposal[] = [];
    for (const pp of this.pending) {
      if (!this.s.wait.has(pp.id)) continue;
      if (!this.tryPropose(pp)) left.push(pp);
    }
    this.pending = left;
  }

  /** Fails the requests whose deadline passed (per tick). */
  expire(): void {
    const s = this.s;
    const neverProposed = new Set(this.pending.map((p) => p.id));
    s.wait.expire(s.nowMs, (startMs, id) => {
      if (neverProposed.has(id)) return new ErrDeadlineExceeded();
      return s.leaderChangedAtMs >= startMs ? new ErrTimeoutDueToLeaderFail() : new ErrTimeout();
    });
    this.pending = this.pending.filter((p) => s.wait.has(p.id));
  }
}
