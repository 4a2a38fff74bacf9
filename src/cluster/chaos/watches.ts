/**
 * The Chaos control's watchers: each watches the run's key prefix from the revision the run
 * started at, at one favourite member, and records every response (src/sim/checkers'
 * WatchRecord). When its member dies the stream ends; the watcher resumes, as clientv3 does,
 * from the revision after the last event it saw, at the next member: a new WatchRecord with
 * an explicit start revision, so the checker also judges resumability.
 */
import type { WatchEventRecord, WatchRecord } from '../../sim/checkers';
import type { Event } from '../../protocol/rpc';
import type { WorkerCluster } from '../cluster';
import type { WorkerClusterClient } from '../client';
import { prefixEnd } from '../script-client';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

function eventRecord(e: Event): WatchEventRecord {
  const rec: WatchEventRecord = { type: e.type === 'PUT' ? 'put' : 'delete', key: dec(e.kv.key), modRevision: e.kv.modRevision };
  if (e.type === 'PUT') {
    rec.value = dec(e.kv.value);
    rec.createRevision = e.kv.createRevision;
    rec.version = e.kv.version;
  }
  return rec;
}

/** One watcher that resumes across member deaths until stopped. */
export class ChaosWatcher {
  readonly records: WatchRecord[] = [];
  private stopped = false;
  private cancel: () => void = () => {};
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly cluster: WorkerCluster,
    private readonly client: WorkerClusterClient,
    readonly name: string,
    private readonly prefix: string,
    private readonly slot: number,
  ) {}

  /** Starts watching from `startRevision`. */
  start(startRevision: number): void {
    this.done = this.loop(startRevision);
  }

  /** Events received so far, over every incarnation. */
  get events(): number {
    return this.records.reduce((n, r) => n + r.responses.reduce((m, x) => m + x.events.length, 0), 0);
  }

  /** The highest revision delivered so far (0 if none). */
  lastRevision(): number {
    let last = 0;
    for (const r of this.records) for (const x of r.responses) for (const e of x.events) last = Math.max(last, e.modRevision);
    return last;
  }

  /** Stops the watcher (its current stream is cancelled). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel();
    await this.done;
  }

  private async loop(startRevision: number): Promise<void> {
    let from = startRevision;
    let attempt = 0;
    while (!this.stopped) {
      const eps = this.client.endpoints();
      const i = (this.slot + attempt++) % eps.length;
      const record: WatchRecord = { id: `${this.name}.${attempt}`, request: { key: this.prefix, prefix: true, startRevision: from }, responses: [] };
      this.records.push(record);
      const stream = this.client.watch({ key: enc(this.prefix), rangeEnd: prefixEnd(this.prefix), startRevision: from }, { endpoints: [eps[i]!], timeoutMs: 2000 });
      this.cancel = () => stream.cancel();
      try {
        for await (const resp of stream) {
          const events = resp.events.map(eventRecord);
          if (events.length > 0 || resp.compactRevision > 0) {
            const r: WatchEventRecord[] = events;
            record.responses.push(resp.compactRevision > 0 ? { events: r, compactRevision: resp.compactRevision } : { events: r, headerRevision: resp.header.revision });
          }
          if (this.stopped) break;
        }
      } catch {
        // The member died or could not be reached: resume elsewhere.
      }
      const last = this.lastRevision();
      if (last >= from) from = last + 1;
      if (!this.stopped) await this.cluster.sleep(100);
    }
  }
}
