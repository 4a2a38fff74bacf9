/**
 * MemberHandle: the page's side of one member slot: its current process (worker), the bus end of
 * its MessagePort, its lifecycle, and the last summary it reported.
 *
 * ```
 *  starting ──start ok──► running ──kill──► stopped ──restart──► starting
 *      ├──WAL or backend record fails its checksum──► corrupt ──wipe (and rejoin)──► starting
 *      └──start failed otherwise──► failed ──restart/wipe──► starting
 * ```
 * A corrupt member never serves: its data is not used (etcd refuses to start on a WAL CRC
 * mismatch); the way back is a wipe, which rejoins it as a new member fed by the leader.
 */
import type { CallableMethod, CallResult, MemberSummary } from '../../workers/host-protocol';
import type { MvccView, MvccViewOptions } from '../server/mvcc-view';
import type { BackendView, BackendViewOptions } from '../server/backend-view';
import type { MemberSlot } from './layout';
import type { MemberProcess } from './member-process';

/** Lifecycle of a member slot. */
export type MemberLifecycle = 'starting' | 'running' | 'stopped' | 'failed' | 'corrupt';

/** Names of the start errors that mean the member's durable data is corrupt (WAL, backend). */
export const CORRUPT_ERRORS: ReadonlySet<string> = new Set(['ErrWalCorrupt', 'ErrCorrupt']);

/** The result a call gets when its member dies under it or is not running. */
export const UNREACHABLE: CallResult<never> = { ok: false, name: 'Unavailable', message: 'unreachable' };

/** One member slot. */
export class MemberHandle {
  proc: MemberProcess | undefined;
  port: MessagePort | undefined;
  lifecycle: MemberLifecycle = 'stopped';
  summary: MemberSummary | undefined;
  /** Why the last start failed (the corruption found, for a corrupt member). */
  lastError: string | undefined;
  /** Resolves when the current incarnation dies (pending calls settle as unreachable). */
  private died: Promise<CallResult<never>> = new Promise(() => {});
  private die: () => void = () => {};

  constructor(public slot: MemberSlot) {}

  get name(): string {
    return this.slot.name;
  }

  get raftId(): number {
    return this.slot.raftId;
  }

  get running(): boolean {
    return this.lifecycle === 'running';
  }

  /** Attaches a new process incarnation. */
  attach(proc: MemberProcess, port: MessagePort): void {
    this.proc = proc;
    this.port = port;
    this.lifecycle = 'starting';
    this.died = new Promise((resolve) => {
      this.die = () => resolve(UNREACHABLE);
    });
  }

  /** Terminates the process (kill -9) and closes the bus end of its port. */
  terminate(): void {
    this.proc?.terminate();
    this.port?.close();
    this.proc = undefined;
    this.port = undefined;
    this.lifecycle = 'stopped';
    this.die();
  }

  /** Calls a client method; settles as unreachable if the member is not running or dies meanwhile. */
  async call(method: CallableMethod, args: unknown[]): Promise<CallResult> {
    const proc = this.proc;
    if (!proc || this.lifecycle !== 'running') return UNREACHABLE;
    return Promise.race([proc.call(method, args), this.died]);
  }

  /** The member's MVCC picture for the UI; undefined when it is not running or dies meanwhile. */
  async mvccView(opts: MvccViewOptions = {}): Promise<MvccView | undefined> {
    const proc = this.proc;
    if (!proc || this.lifecycle !== 'running') return undefined;
    return Promise.race([proc.mvccView(opts), this.died.then(() => undefined)]);
  }

  /** The member's backend B+tree picture; undefined when it is not running or dies meanwhile. */
  async backendView(opts: BackendViewOptions = {}): Promise<BackendView | undefined> {
    const proc = this.proc;
    if (!proc || this.lifecycle !== 'running') return undefined;
    return Promise.race([proc.backendView(opts), this.died.then(() => undefined)]);
  }

  /** A promise that settles when the current incarnation dies. */
  whenDead(): Promise<unknown> {
    return this.died;
  }
}
