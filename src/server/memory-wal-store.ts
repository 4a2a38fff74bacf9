/**
 * MemoryWalStore: a pure {@link WalStore} for tests and the simulator. It behaves like a WAL on
 * a disk that can lose power: `save` is atomic, and after {@link MemoryWalStore.crash} a save
 * that had not resolved is not visible to the store a restarted member opens.
 */
import type { Entry, HardState, Snapshot } from '../raft';
import type { WalBatch, WalState, WalStore } from './ports';

/** ErrWalClosed: the store was crashed or closed and refuses writes. */
export class ErrWalClosed extends Error {
  override name = 'ErrWalClosed';
  constructor() {
    super('wal: closed');
  }
}

interface Durable {
  snapshot?: Snapshot;
  hardState: HardState;
  entries: Entry[];
}

/** An in-memory WAL with crash semantics. */
export class MemoryWalStore implements WalStore {
  private d: Durable = { hardState: { term: 0, vote: 0, commit: 0 }, entries: [] };
  private dead = false;
  /** Number of completed saves (tests). */
  saves = 0;
  /** When set, the next save hangs forever (a crash in the middle of the write). */
  private stallNext = false;

  async load(): Promise<WalState> {
    await Promise.resolve();
    const out: WalState = { hardState: { ...this.d.hardState }, entries: this.d.entries.slice() };
    if (this.d.snapshot !== undefined) out.snapshot = this.d.snapshot;
    return out;
  }

  async save(batch: WalBatch): Promise<void> {
    if (this.dead) throw new ErrWalClosed();
    if (this.stallNext) {
      this.stallNext = false;
      return new Promise<void>(() => {});
    }
    await Promise.resolve();
    if (this.dead) throw new ErrWalClosed();
    const d = this.d;
    const next: Durable = { hardState: batch.hardState ?? d.hardState, entries: d.entries, snapshot: d.snapshot };
    if (batch.snapshot !== undefined && batch.snapshot.metadata.index > (d.snapshot?.metadata.index ?? 0)) {
      const si = batch.snapshot.metadata.index;
      next.snapshot = batch.snapshot;
      next.entries = next.entries.filter((e) => e.index > si);
    }
    if (batch.entries.length > 0) {
      const first = batch.entries[0]!.index;
      next.entries = [...next.entries.filter((e) => e.index < first), ...batch.entries];
    }
    this.d = next;
    this.saves++;
  }

  async compact(index: number): Promise<void> {
    if (this.dead) throw new ErrWalClosed();
    await Promise.resolve();
    this.d = { ...this.d, entries: this.d.entries.filter((e) => e.index >= index) };
  }

  async close(): Promise<void> {}

  /** Makes the next save never complete (it is lost if the member then crashes). */
  stallNextSave(): void {
    this.stallNext = true;
  }

  /** Simulates the process dying: this store refuses writes; the returned one holds what was durable. */
  crash(): MemoryWalStore {
    this.dead = true;
    const next = new MemoryWalStore();
    next.d = { ...this.d, entries: this.d.entries.slice() };
    next.saves = this.saves;
    return next;
  }

  /** The durable entries (tests). */
  durableEntries(): readonly Entry[] {
    return this.d.entries;
  }
}
