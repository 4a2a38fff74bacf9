/**
 * The page's ClusterHost: members in module Web Workers, the layout in localStorage, member data
 * in IndexedDB (deleted on wipe and reset), the real clocks and timers.
 */
import { deleteIdbPageStore, idbPageStoreName } from '../../workers/idb-page-store';
import { deleteIdbWalStore, idbWalStoreName } from '../../workers/idb-wal-store';
import type { ClusterHost } from './cluster';
import type { ClusterLayout } from './layout';
import { spawnWorkerMember } from './spawn-worker';

/** localStorage key of the persisted layout. */
export const LAYOUT_KEY = 'etcdscope-layout';

/** The browser host. */
export function browserHost(): ClusterHost {
  return {
    spawn: spawnWorkerMember,
    layouts: {
      load() {
        const raw = globalThis.localStorage?.getItem(LAYOUT_KEY);
        if (!raw) return undefined;
        try {
          const l = JSON.parse(raw) as ClusterLayout;
          return l.version === 1 ? l : undefined;
        } catch {
          return undefined;
        }
      },
      save(l) {
        globalThis.localStorage?.setItem(LAYOUT_KEY, JSON.stringify(l));
      },
    },
    async deleteMemberData(cluster, name) {
      await Promise.all([deleteIdbPageStore(idbPageStoreName(cluster, name)), deleteIdbWalStore(idbWalStoreName(cluster, name))]);
    },
    wallNow: () => performance.now(),
    unixNow: () => Date.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}
