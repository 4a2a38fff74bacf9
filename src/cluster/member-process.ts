/**
 * MemberProcess: how the cluster runs one member. In the browser it is a module Web Worker
 * (spawnWorkerMember); in Node tests it is the same member host in-process (spawnInProcess in
 * the tests). The cluster talks to both through the same calls and a real MessagePort.
 */
import type { WatchOptions } from '../server/api';
import type { WatchCreateRequest, WatchResponse } from '../protocol/rpc';
import type { MvccView, MvccViewOptions } from '../server/mvcc-view';
import type { BackendView, BackendViewOptions } from '../server/backend-view';
import type { CallableMethod, CallResult, MemberSummary, StartRequest } from '../../workers/host-protocol';

/** A running (or starting) member host. */
export interface MemberProcess {
  start(req: StartRequest, port: MessagePort): Promise<CallResult<MemberSummary>>;
  call(method: CallableMethod, args: unknown[]): Promise<CallResult>;
  watch(req: WatchCreateRequest, opts: WatchOptions, send: (resp: WatchResponse) => void): Promise<number>;
  watchCancel(handle: number): Promise<void>;
  watchProgress(handle: number): Promise<void>;
  summary(): Promise<MemberSummary | undefined>;
  /** The member's MVCC picture for the UI (see src/server/mvcc-view.ts). */
  mvccView(opts: MvccViewOptions): Promise<MvccView | undefined>;
  /** The member's backend B+tree picture for the UI (see src/server/backend-view.ts). */
  backendView(opts: BackendViewOptions): Promise<BackendView | undefined>;
  /** Clean stop: the member closes its stores. */
  close(): Promise<void>;
  /** Hard stop (kill -9): memory is lost, what reached IndexedDB stays. */
  terminate(): void;
}

/** Creates a member process. */
export type SpawnMember = (name: string) => MemberProcess;
