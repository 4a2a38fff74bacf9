/**
 * The storage flags a page URL may carry (documented in the README's URL parameters):
 *
 * - `?quota-backend-bytes=N`: etcd's `--quota-backend-bytes` for every member (kept with the
 *   layout, so a reload without the parameter keeps it);
 * - `?idb-quota-bytes=N`: a test hook: each member's IndexedDB adapters refuse, with a real
 *   `DOMException` named `QuotaExceededError`, a transaction that would make the member's two
 *   databases hold more than N bytes of records (what a full browser storage quota does);
 *   `&idb-quota-member=infra3` limits it to one member.
 */

/** Storage flags read from a URL query. */
export interface StorageParams {
  quotaBackendBytes?: number;
  idbQuotaBytes?: number;
  idbQuotaMember?: string;
}

/** Reads the storage flags from `search` (`location.search`); malformed values are ignored. */
export function readStorageParams(search: string): StorageParams {
  const q = new URLSearchParams(search);
  const out: StorageParams = {};
  const bytes = (name: string): number | undefined => {
    const raw = q.get(name);
    if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
    return Number(raw);
  };
  const quota = bytes('quota-backend-bytes');
  if (quota !== undefined) out.quotaBackendBytes = quota;
  const idb = bytes('idb-quota-bytes');
  if (idb !== undefined && idb > 0) out.idbQuotaBytes = idb;
  const member = q.get('idb-quota-member');
  if (member) out.idbQuotaMember = member;
  return out;
}
