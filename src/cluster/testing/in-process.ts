/**
 * An in-process ClusterHost for Node tests: each "worker" is createMemberHost (the very code the
 * Web Worker runs) on fake-indexeddb stores, talking over a real MessageChannel. Terminating one
 * closes its port: the orphaned member gets no more ticks or messages, like a killed worker
 * whose IndexedDB writes that already started still land.
 */
import { deleteIdbPageStore, idbPageStoreName, openIdbPageStore } from '../../../workers/idb-page-store';
import { deleteIdbWalStore, idbWalStoreName, openIdbWalStore } from '../../../workers/idb-wal-store';
import { createMemberHost } from '../../../workers/member-host';
import type { ClusterHost } from '../cluster';
import type { ClusterLayout } from '../layout';
import type { MemberProcess } from '../member-process';

/** A host whose members run in this thread (requires `fake-indexeddb/auto`). */
export function inProcessHost(): ClusterHost & { saved: ClusterLayout | undefined } {
  const host = {
    saved: undefined as ClusterLayout | undefined,
    spawn: (): MemberProcess => {
      const api = createMemberHost(async (req) => ({
        pages: await openIdbPageStore(idbPageStoreName(req.cluster, req.config.name)),
        wal: await openIdbWalStore(idbWalStoreName(req.cluster, req.config.name)),
      }));
      let port: MessagePort | undefined;
      let dead = false;
      return {
        start: (req, p) => {
          port = p;
          return api.start(req, p);
        },
        call: (m, a) => api.call(m, structuredClone(a)).then((r) => (dead ? new Promise<never>(() => {}) : structuredClone(r))),
        watch: (req, opts, send) => api.watch(req, opts, (r) => !dead && send(structuredClone(r))),
        watchCancel: (h) => api.watchCancel(h),
        watchProgress: (h) => api.watchProgress(h),
        summary: () => api.summary(),
        mvccView: (opts) => api.mvccView(opts).then((v) => structuredClone(v)),
        backendView: (opts) => api.backendView(opts).then((v) => structuredClone(v)),
        close: () => api.close(),
        terminate: () => {
          dead = true;
          port?.close();
        },
      };
    },
    layouts: {
      load: () => (host.saved ? structuredClone(host.saved) : undefined),
      save: (l: ClusterLayout) => {
        host.saved = structuredClone(l);
      },
    },
    deleteMemberData: async (cluster: string, name: string) => {
      await deleteIdbPageStore(idbPageStoreName(cluster, name));
      await deleteIdbWalStore(idbWalStoreName(cluster, name));
    },
    wallNow: () => performance.now(),
    unixNow: () => Date.now(),
    setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimer: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  return host;
}
