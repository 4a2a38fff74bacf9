/**
 * Named errors of the storage engine. The texts follow bbolt's and etcd's where one exists.
 */

/** A page or meta record failed its checksum or structural checks (bbolt: "invalid database"). */
export class ErrCorrupt extends Error {
  override name = 'ErrCorrupt';
  constructor(detail: string) {
    super(`invalid database: ${detail}`);
  }
}

/** The backend was used after `close()` (bbolt: "database not open"). */
export class ErrDatabaseNotOpen extends Error {
  override name = 'ErrDatabaseNotOpen';
  constructor() {
    super('database not open');
  }
}

/**
 * A commit could not be written to the page store. The in-memory tree is then ahead of what is
 * durable, so the backend refuses further work; the host must reopen it (as etcd panics on a
 * failed bbolt commit and restarts the member).
 */
export class ErrCommitFailed extends Error {
  override name = 'ErrCommitFailed';
  constructor(cause: unknown) {
    super(`backend: cannot commit tx: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.cause = cause;
  }
}

/**
 * A store refused a write because the storage under it is full (the browser's IndexedDB quota:
 * a `QuotaExceededError`; ENOSPC on a disk). Nothing of that write landed, so the store is still
 * at its previous version and the same write may be retried once space is freed.
 */
export class ErrNoSpaceLeft extends Error {
  override name = 'ErrNoSpaceLeft';
  constructor(detail: string) {
    super(`no space left on device: ${detail}`);
  }
}

/** The memory page store was told to crash during this commit (tests and the simulator). */
export class ErrSimulatedCrash extends Error {
  override name = 'ErrSimulatedCrash';
  constructor() {
    super('page store: simulated crash during commit');
  }
}
