/**
 * The watch side of the fake cluster (a miniature watchable store): replays history from a
 * start revision, cancels watches whose start revision was compacted, then delivers each
 * committed revision's matching events in one response.
 */
import type { ResponseHeader, WatchCreateRequest, WatchResponse } from '../../protocol/rpc';
import type { WatchStream } from '../client-types';
import { AsyncQueue } from './async-queue';
import type { Change, FakeStore } from './fake-store';
import { bkey } from './fake-store';

interface Watcher {
  req: WatchCreateRequest;
  q: AsyncQueue<WatchResponse>;
  id: number;
}

type Event = WatchResponse['events'][number];

/** All open watches of the fake cluster. */
export class FakeWatchHub {
  private watchers = new Set<Watcher>();
  private nextWatchId = 0;

  /** `header(rev)` builds a response header at `rev` (the current revision when omitted). */
  constructor(
    private readonly store: FakeStore,
    private readonly header: (rev?: number) => ResponseHeader,
  ) {}

  /** Opens a watch; `noLeader` cancels it at once, as a require-leader watch without a leader. */
  open(req: WatchCreateRequest, noLeader: boolean): WatchStream<WatchResponse> {
    const q = new AsyncQueue<WatchResponse>();
    const id = this.nextWatchId++;
    const base = { watchId: id, created: false, canceled: false, compactRevision: 0, cancelReason: '', events: [] };
    if (noLeader) {
      q.push({ ...base, header: this.header(0), canceled: true, cancelReason: 'etcdserver: no leader' });
      q.close();
      return q;
    }
    const start = req.startRevision ?? 0;
    if (start > 0 && start < this.store.compactRev) {
      q.push({ ...base, header: this.header(0), canceled: true, compactRevision: this.store.compactRev });
      q.close();
      return q;
    }
    const w: Watcher = { req, q, id };
    if (start > 0 && start <= this.store.rev) {
      const events = this.store.changesSince(start).flat().filter((c) => matches(w, c)).map((c) => event(w, c));
      if (events.length > 0) q.push({ ...base, header: this.header(), events });
    }
    this.watchers.add(w);
    q.onCancel = () => this.watchers.delete(w);
    q.onProgress = () => q.push({ ...base, header: this.header() });
    return q;
  }

  /** Delivers one committed revision's changes to every matching watcher. */
  deliver(changes: Change[]): void {
    for (const w of this.watchers) {
      const start = w.req.startRevision ?? 0;
      const events = changes.filter((c) => c.rev >= start && matches(w, c)).map((c) => event(w, c));
      if (events.length === 0) continue;
      w.q.push({ header: this.header(), watchId: w.id, created: false, canceled: false, compactRevision: 0, cancelReason: '', events });
    }
  }

  /** Cancels every watch with `reason` (leader loss). */
  cancelAll(reason: string): void {
    for (const w of this.watchers) {
      w.q.push({ header: this.header(0), watchId: w.id, created: false, canceled: true, compactRevision: 0, cancelReason: reason, events: [] });
      w.q.close();
    }
    this.watchers.clear();
  }
}

function matches(w: Watcher, c: Change): boolean {
  const k = bkey(c.kv.key);
  const key = bkey(w.req.key);
  const end = w.req.rangeEnd ? bkey(w.req.rangeEnd) : '';
  if (end === '') return k === key;
  if (end === '\0') return k >= key;
  return k >= key && k < end;
}

function event(w: Watcher, c: Change): Event {
  const ev: Event = { type: c.type, kv: c.kv };
  if (w.req.prevKv && c.prevKv) ev.prevKv = c.prevKv;
  return ev;
}
