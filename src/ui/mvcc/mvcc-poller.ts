/**
 * The MVCC panel's poll loop: asks the shown member for its MVCC picture a few times a second
 * (one request at a time, never piling up) and publishes it to the MVCC store.
 */
import type { MvccStore } from '../../store/mvcc-store';
import type { MvccViewSource } from './view-source';

/** Options of {@link startMvccPolling}. */
export interface MvccPollingOptions {
  store: MvccStore;
  source: MvccViewSource;
  /** The member to show now (null: none yet). */
  member: () => string | null;
  /** A key to always include (the console's selected key). */
  focusKey: () => string | null;
  intervalMs?: number;
}

/** Starts polling; returns the stop function. */
export function startMvccPolling(o: MvccPollingOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const once = async (): Promise<void> => {
    const name = o.member();
    if (name !== null) {
      const focus = o.focusKey();
      const view = await o.source(name, focus === null ? { limitKeys: 60 } : { limitKeys: 60, focusKey: focus }).catch(() => undefined);
      if (!stopped) o.store.getState().publish(name, view);
    }
    if (!stopped) timer = setTimeout(() => void once(), o.intervalMs ?? 250);
  };
  void once();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
