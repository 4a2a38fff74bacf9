/**
 * Where the MVCC panel gets its pictures: the page's worker cluster through the documented
 * `window.etcdscope.mvccView(name)` (installed by the worker driver), so the panel needs no
 * access to the driver's internals.
 */
import type { MvccView, MvccViewOptions } from '../../server/mvcc-view';
import type {} from '../worker-driver';

/** Fetches a member's MVCC picture; undefined when the page runs no worker cluster or the member is down. */
export type MvccViewSource = (member: string, opts: MvccViewOptions) => Promise<MvccView | undefined>;

/** The page cluster's source. */
export const pageMvccSource: MvccViewSource = async (member, opts) => {
  const api = window.etcdscope;
  if (!api) return undefined;
  return api.mvccView(member, opts);
};
