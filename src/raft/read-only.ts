import type { Message } from './messages';

/**
 * ReadOnlyOption selects how ReadIndex is confirmed. Only 'safe' exists here: the leader
 * confirms it is still leader with a heartbeat round to a quorum (Raft thesis §6.4).
 */
export type ReadOnlyOption = 'safe';

/** ReadIndexStatus is one pending read: the request, its read index and the acks so far. */
export interface ReadIndexStatus {
  req: Message;
  index: number;
  acks: Map<number, boolean>;
}

/** ctxKey turns a request context into a map key (bytes as latin-1 string). */
export function ctxKey(ctx: Uint8Array): string {
  let s = '';
  for (const b of ctx) s += String.fromCharCode(b);
  return s;
}

/**
 * ReadOnly queues ReadIndex requests waiting for heartbeat acknowledgement (etcd's readOnly).
 * Requests are confirmed in FIFO order: an ack for a later request confirms earlier ones.
 */
export class ReadOnly {
  /** option is the confirmation mode. */
  readonly option: ReadOnlyOption;
  /** pendingReadIndex maps ctxKey -> status. */
  pendingReadIndex: Map<string, ReadIndexStatus> = new Map();
  /** readIndexQueue holds ctxKeys in arrival order. */
  readIndexQueue: string[] = [];

  constructor(option: ReadOnlyOption) {
    this.option = option;
  }

  /** addRequest queues read request m (ctx in entries[0].data) at commit index `index`. */
  addRequest(index: number, m: Message): void {
    const s = ctxKey(m.entries[0].data);
    if (this.pendingReadIndex.has(s)) return;
    this.pendingReadIndex.set(s, { index, req: m, acks: new Map() });
    this.readIndexQueue.push(s);
  }

  /** recvAck records that `id` acked the heartbeat carrying ctx; returns the acks so far. */
  recvAck(id: number, ctx: Uint8Array): Map<number, boolean> | undefined {
    const rs = this.pendingReadIndex.get(ctxKey(ctx));
    if (rs === undefined) return undefined;
    rs.acks.set(id, true);
    return rs.acks;
  }

  /**
   * advance dequeues every request up to and including the one whose ctx is m.context, and
   * returns them (they are all confirmed by the quorum that confirmed the last one).
   */
  advance(m: Message): ReadIndexStatus[] {
    const ctx = ctxKey(m.context ?? new Uint8Array(0));
    const idx = this.readIndexQueue.indexOf(ctx);
    if (idx < 0) return [];
    const confirmed = this.readIndexQueue.slice(0, idx + 1);
    this.readIndexQueue = this.readIndexQueue.slice(idx + 1);
    const rss: ReadIndexStatus[] = [];
    for (const k of confirmed) {
      const rs = this.pendingReadIndex.get(k);
      if (rs === undefined) throw new Error('cannot find corresponding read state from pending map');
      rss.push(rs);
      this.pendingReadIndex.delete(k);
    }
    return rss;
  }

  /** lastPendingRequestCtx returns the ctx of the newest pending request, if any. */
  lastPendingRequestCtx(): Uint8Array | undefined {
    if (this.readIndexQueue.length === 0) return undefined;
    const k = this.readIndexQueue[this.readIndexQueue.length - 1];
    return (this.pendingReadIndex.get(k) as ReadIndexStatus).req.entries[0].data;
  }
}
