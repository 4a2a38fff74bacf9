import type { Message } from './messages';
import type { MajorityConfig } from './quorum';

/**
 * ReadOnlyOption selects how ReadIndex is confirmed. Only 'safe' exists here: the leader
 * confirms it is still leader with a heartbeat round to a quorum (Raft thesis §6.4).
 */
export type ReadOnlyOption = 'safe';

/** ReadIndexRequest is one pending read: the request and the commit index when it arrived. */
export interface ReadIndexRequest {
  req: Message;
  index: number;
}

/** encodeReadPosition encodes a read position as 8 little-endian bytes (heartbeat context). */
export function encodeReadPosition(pos: number): Uint8Array {
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, pos % 2 ** 32, true);
  dv.setUint32(4, Math.floor(pos / 2 ** 32), true);
  return out;
}

/** decodeReadPosition is the inverse of encodeReadPosition (0 for a malformed context). */
export function decodeReadPosition(ctx: Uint8Array): number {
  if (ctx.length !== 8) return 0;
  const dv = new DataView(ctx.buffer, ctx.byteOffset, 8);
  return dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
}

/**
 * ReadOnly queues ReadIndex requests waiting for a quorum of heartbeat acks (etcd-raft's
 * readOnly as of its current main branch). Reads are numbered 1, 2, 3... in arrival order; a
 * heartbeat carries the position of the newest unconfirmed read, and a follower's ack of
 * position p confirms (for that follower) every read <= p. Reads confirmed by a quorum are
 * released in order. Numbering by position instead of by the client's context means a
 * duplicated client context can never match a stale ack (etcd issue #20418).
 *
 *   confirmedReads        unconfirmedReads
 *   [1 .. c]              [c+1 .......... c+n]   <- heartbeat ctx = c+n
 */
export class ReadOnly {
  /** option is the confirmation mode. */
  readonly option: ReadOnlyOption;
  /** acks maps a voter to the highest read position it acknowledged. */
  readonly acks = new Map<number, number>();
  /** unconfirmedReads are waiting for a quorum, oldest first. */
  unconfirmedReads: ReadIndexRequest[] = [];
  /** confirmedReads counts the reads released so far. */
  confirmedReads = 0;

  constructor(option: ReadOnlyOption) {
    this.option = option;
  }

  /** addRequest queues read request m at commit index `commitIndex`. */
  addRequest(commitIndex: number, m: Message): void {
    this.unconfirmedReads.push({ req: m, index: commitIndex });
  }

  /** recvAck records that `from` acknowledged the heartbeat with context ctx. */
  recvAck(from: number, ctx: Uint8Array | undefined): void {
    if (ctx === undefined || ctx.length === 0) return;
    this.acks.set(from, Math.max(this.acks.get(from) ?? 0, decodeReadPosition(ctx)));
  }

  /** maybeAdvance releases every read confirmed by a quorum of `voters`, oldest first. */
  maybeAdvance(voters: MajorityConfig): ReadIndexRequest[] {
    const confirmed = voters.committedIndex((id) => this.acks.get(id));
    if (confirmed <= this.confirmedReads) return [];
    const n = Math.min(confirmed - this.confirmedReads, this.unconfirmedReads.length);
    const out = this.unconfirmedReads.slice(0, n);
    this.unconfirmedReads = this.unconfirmedReads.slice(n);
    this.confirmedReads += n;
    return out;
  }

  /** heartbeatCtx is the context for heartbeats: the newest unconfirmed position, if any. */
  heartbeatCtx(): Uint8Array | undefined {
    if (this.unconfirmedReads.length === 0) return undefined;
    return encodeReadPosition(this.confirmedReads + this.unconfirmedReads.length);
  }
}
