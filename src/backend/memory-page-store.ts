/**
 * A PageStore in memory, for tests and the deterministic simulator. It can simulate a crash
 * during a commit, to show that a commit is all-or-nothing and that torn writes are detected.
 */
import { ErrSimulatedCrash } from './errors';
import type { PageStore, PageWrite, StoredPages } from './page-store';

/**
 * How the next commit fails:
 * - `before-write`: the process dies before the store applies anything (IndexedDB: the
 *   transaction never completes); the commit rejects and nothing of it is visible.
 * - `torn`: a store without atomic commits tears the write: the first half of the pages land and
 *   the meta record lands corrupted. The backend must detect it by checksum on reopen.
 *   (A torn defrag is not recoverable: defrag rewrites every page and relies on the store's
 *   atomicity, as etcd's defrag relies on renaming a complete new file.)
 */
export type CrashMode = 'before-write' | 'torn';

/** An in-memory {@link PageStore}. Safe to reopen: `load()` returns what was committed. */
export class MemoryPageStore implements PageStore {
  private metas: [Uint8Array | undefined, Uint8Array | undefined] = [undefined, undefined];
  private pages = new Map<number, Uint8Array>();
  private crashMode: CrashMode | undefined;
  private dead = false;
  /** Number of commits applied (a crashed commit does not count). */
  commits = 0;

  /** Reads everything committed so far. */
  async load(): Promise<StoredPages> {
    await Promise.resolve();
    return { metas: [this.metas[0], this.metas[1]], pages: new Map(this.pages) };
  }

  /** Applies one commit atomically, unless a crash was armed with {@link crashNextCommit}. */
  async commit(write: PageWrite): Promise<void> {
    await Promise.resolve();
    if (this.dead) throw new ErrSimulatedCrash();
    const crash = this.crashMode;
    this.crashMode = undefined;
    if (crash === 'before-write') throw new ErrSimulatedCrash();
    if (write.replaceAll) this.pages.clear();
    const landed = crash === 'torn' ? write.pages.slice(0, Math.ceil(write.pages.length / 2)) : write.pages;
    for (const [pgid, bytes] of landed) this.pages.set(pgid, bytes);
    for (const [slot, bytes] of write.metas) {
      this.metas[slot] = crash === 'torn' ? flipByte(bytes, bytes.length >> 1) : bytes;
    }
    if (crash === 'torn') throw new ErrSimulatedCrash();
    this.commits++;
  }

  /** Nothing to release. */
  async close(): Promise<void> {}

  /**
   * Simulates the process dying now (the simulator's nemesis, `worker.terminate()` in the
   * browser): this store refuses every commit not yet applied, including one in flight, and the
   * returned store (what a restarted member opens) holds exactly what was committed.
   */
  crash(): MemoryPageStore {
    this.dead = true;
    const next = new MemoryPageStore();
    next.metas = [this.metas[0], this.metas[1]];
    next.pages = new Map(this.pages);
    next.commits = this.commits;
    return next;
  }

  /** Makes the next commit fail as `mode` describes. */
  crashNextCommit(mode: CrashMode): void {
    this.crashMode = mode;
  }

  /** Flips one byte of a stored page (bit rot), to test checksum detection. */
  corruptPage(pgid: number, offset = 20): void {
    const buf = this.pages.get(pgid);
    if (buf !== undefined) this.pages.set(pgid, flipByte(buf, offset));
  }

  /** Flips one byte of a stored meta slot. */
  corruptMeta(slot: 0 | 1): void {
    const buf = this.metas[slot];
    if (buf !== undefined) this.metas[slot] = flipByte(buf, 12);
  }

  /** Ids of the stored page buffers, ascending. */
  storedPageIds(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }
}

function flipByte(buf: Uint8Array, offset: number): Uint8Array {
  const copy = buf.slice();
  copy[offset] = (copy[offset] ?? 0) ^ 0xff;
  return copy;
}
