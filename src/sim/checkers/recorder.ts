/**
 * HistoryRecorder collects a client history in the format of history.ts as
 * a workload runs: the simulator and the page's Chaos control call
 * `invoke` when a client sends a request and `ok` / `fail` / `info` when it
 * completes, all with times from one clock.
 */
import { HistoryError } from './history';
import type { HistoryEvent, OpFunction } from './history';

/** InvokeArgs are the request fields of an invocation. */
export interface InvokeArgs {
  value?: string;
  expect?: string | null;
}

/** OkArgs are the result fields of an ok completion. */
export interface OkArgs {
  value?: string | null;
  succeeded?: boolean;
  rev?: number;
  deleted?: number;
}

/** HistoryRecorder accumulates HistoryEvents, one open operation per process. */
export class HistoryRecorder {
  /** Every event recorded so far, in recording order. */
  readonly events: HistoryEvent[] = [];
  private readonly open = new Map<number, HistoryEvent>();

  /** invoke records that `process` sent a request. */
  invoke(process: number, f: OpFunction, key: string, args: InvokeArgs, time: number): void {
    if (this.open.has(process)) throw new HistoryError(`process ${process} invokes while an operation is open`);
    const ev: HistoryEvent = { process, type: 'invoke', f, key, time };
    if (args.value !== undefined) ev.value = args.value;
    if (args.expect !== undefined) ev.expect = args.expect;
    this.open.set(process, ev);
    this.events.push(ev);
  }

  /** ok records that the open operation of `process` happened, with its result. */
  ok(process: number, time: number, args: OkArgs = {}): void {
    const ev = this.complete(process, 'ok', time);
    if (ev.f === 'put' || ev.f === 'cas') ev.value = this.invoked(process).value ?? null;
    if (args.value !== undefined) ev.value = args.value;
    if (args.succeeded !== undefined) ev.succeeded = args.succeeded;
    if (args.rev !== undefined) ev.rev = args.rev;
    if (args.deleted !== undefined) ev.deleted = args.deleted;
    this.finish(process, ev);
  }

  /** fail records that the open operation of `process` certainly did not happen. */
  fail(process: number, time: number, error?: string): void {
    this.finish(process, this.complete(process, 'fail', time, error));
  }

  /** info records that the outcome of the open operation of `process` is unknown. */
  info(process: number, time: number, error?: string): void {
    this.finish(process, this.complete(process, 'info', time, error));
  }

  /** toJsonLines renders the history file: one JSON object per line. */
  toJsonLines(): string {
    return this.events.map((e) => JSON.stringify(e)).join('\n') + '\n';
  }

  private invoked(process: number): HistoryEvent {
    const inv = this.open.get(process);
    if (inv === undefined) throw new HistoryError(`process ${process} completes with no open operation`);
    return inv;
  }

  private complete(process: number, type: 'ok' | 'fail' | 'info', time: number, error?: string): HistoryEvent {
    const inv = this.invoked(process);
    const ev: HistoryEvent = { process, type, f: inv.f, key: inv.key, time };
    if (inv.expect !== undefined) ev.expect = inv.expect;
    if (type !== 'ok' && inv.value !== undefined) ev.value = inv.value;
    if (error !== undefined) ev.error = error;
    return ev;
  }

  private finish(process: number, ev: HistoryEvent): void {
    this.open.delete(process);
    this.events.push(ev);
  }
}
