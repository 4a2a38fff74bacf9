/**
 * spawnWorkerMember: one etcd member in a module Web Worker (workers/member.worker.ts), driven
 * through comlink. Callbacks (watch responses) cross as Comlink proxies; the bus's MessagePort
 * is transferred, never copied.
 */
import * as Comlink from 'comlink';
import type { MemberWorkerApi } from '../../workers/host-protocol';
import type { MemberProcess, SpawnMember } from './member-process';
import { CallBatcher } from './call-batch';

/** Spawns a Web Worker member. */
export const spawnWorkerMember: SpawnMember = (name) => {
  const worker = new Worker(new URL('../../workers/member.worker.ts', import.meta.url), { type: 'module', name: `etcd ${name}` });
  const api = Comlink.wrap<MemberWorkerApi>(worker);
  let dead = false;
  // Client calls go batched on their own port (call-batch.ts); comlink keeps the control plane.
  const calls = new MessageChannel();
  void api.attachCalls(Comlink.transfer(calls.port2, [calls.port2]));
  const batcher = new CallBatcher(calls.port1);
  const proc: MemberProcess = {
    start: (req, port) => api.start(req, Comlink.transfer(port, [port])),
    call: (method, args) => batcher.call(method, args),
    watch: (req, opts, send) => api.watch(req, opts, Comlink.proxy(send)),
    watchCancel: (h) => api.watchCancel(h),
    watchProgress: (h) => api.watchProgress(h),
    summary: () => api.summary(),
    mvccView: (opts) => api.mvccView(opts),
    backendView: (opts) => api.backendView(opts),
    close: () => api.close(),
    terminate: () => {
      if (dead) return;
      dead = true;
      batcher.close();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
  return proc;
};
