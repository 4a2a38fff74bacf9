/**
 * Where the console gets its ClusterClient: the page's worker cluster through the documented
 * `window.etcdscope.client().raw()` (installed by the worker driver), so the console needs no
 * access to the driver's internals.
 */
import type { ClusterClient } from '../../console/index';
import type {} from '../worker-driver';

/** Resolves with the page cluster's client; rejects when the page runs no worker cluster. */
export function pageClusterClient(): Promise<ClusterClient> {
  const api = window.etcdscope;
  if (!api) return Promise.reject(new Error('the console needs the worker cluster (open the page without ?engine=sim)'));
  return api.client().raw();
}
