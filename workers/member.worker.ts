/**
 * The Web Worker that hosts one etcd member: createMemberHost (member-host.ts) on the member's
 * IndexedDB page store and WAL, exposed to the page through comlink. Raft traffic does not go
 * through comlink: it flows on the MessagePort handed to `start`, whose other end the bus owns.
 */
import * as Comlink from 'comlink';
import { idbPageStoreName, openIdbPageStore } from './idb-page-store';
import { idbWalStoreName, openIdbWalStore } from './idb-wal-store';
import { createMemberHost } from './member-host';
import { StorageBudget } from './storage-quota';

Comlink.expose(
  createMemberHost(async (req) => {
    const durability = req.config.durability;
    // the ?idb-quota-bytes test hook: both databases of the member share one budget
    const budget = req.idbQuotaBytes !== undefined ? new StorageBudget(req.idbQuotaBytes) : undefined;
    const pages = await openIdbPageStore(idbPageStoreName(req.cluster, req.config.name), budget ? { durability, budget } : { durability });
    const wal = await openIdbWalStore(idbWalStoreName(req.cluster, req.config.name), budget ? { durability, budget } : { durability });
    return { wal, pages };
  }),
);
