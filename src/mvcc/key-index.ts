/**
 * keyIndex: the revisions of one key, grouped in generations (etcd's key_index.go).
 *
 * A generation is one life of the key: from the put that creates it to the delete that ends it.
 * A delete ("tombstone") appends its revision to the current generation, then opens a new empty
 * one. Each revision points at a record in the backend `key` bucket.
 *
 * For example put(1.0); put(2.0); tombstone(3.0); put(4.0); tombstone(5.0) on key "foo":
 *
 * ```
 *  key:      "foo"
 *  modified: 5
 *  generations:
 *     {empty}                 <- current generation: the key does not exist now
 *     {4.0, 5.0(t)}
 *     {1.0, 2.0, 3.0(t)}
 * ```
 *
 * Compacting at rev removes the revisions at or below rev except the largest one in the
 * generation that holds rev; earlier generations are dropped; a key left with only the empty
 * generation must be removed from the tree:
 *
 * ```
 *  compact(2)   {empty}  {4.0, 5.0(t)}  {2.0, 3.0(t)}
 *  compact(4)   {empty}  {4.0, 5.0(t)}
 *  compact(5)   {empty}  {5.0(t)}
 *  compact(6)   {empty}                 -> the key SHOULD be removed
 * ```
 */
import { assert } from './assert';
import { ErrRevisionNotFound } from './errors';
import type { Revision, RevisionSet } from './revision';
import { revEqual, revGreaterThan } from './revision';

const ZERO: Revision = { main: 0, sub: 0 };

/** One life of a key: its creating revision, its version counter and its revisions, ascending. */
export class Generation {
  /** Number of puts in this generation (the tombstone counts too, as in etcd). */
  ver = 0;
  /** Revision of the put that created this generation; zero when unknown (restored tombstone). */
  created: Revision = ZERO;
  /** Revisions in ascending order; the last one is the tombstone if the generation ended. */
  revs: Revision[] = [];

  /** Whether the generation holds no revision (the open generation after a delete). */
  isEmpty(): boolean {
    return this.revs.length === 0;
  }

  /**
   * Walks the revisions newest first while `f` returns true; returns the index where it stopped
   * (where `f` returned false), or -1 after walking them all.
   */
  walk(f: (rev: Revision) => boolean): number {
    for (let i = this.revs.length - 1; i >= 0; i--) {
      if (!f(this.revs[i]!)) return i;
    }
    return -1;
  }

  /** Same version counter and revisions. */
  equal(b: Generation): boolean {
    return this.ver === b.ver && this.revs.length === b.revs.length && this.revs.every((r, i) => revEqual(r, b.revs[i]!));
  }

  /** etcd's debug form: `g: created[2] ver[2], revs [2.0 3.0]`. */
  toString(): string {
    return `g: created[${this.created.main}] ver[${this.ver}], revs [${this.revs.map((r) => `${r.main}.${r.sub}`).join(' ')}]`;
  }
}

/** What a keyIndex answers for a read at a revision. */
export interface KeyIndexGet {
  /** The revision of the version visible at the read revision. */
  modified: Revision;
  /** The creating revision of its generation. */
  created: Revision;
  /** Its version: the generation's counter minus the puts after it. */
  ver: number;
}

/** The generations of one key. `key` is the binary string of the key bytes. */
export class KeyIndex {
  /** The last revision that modified the key (put or tombstone). */
  modified: Revision = ZERO;
  /** Oldest first; the last one is the current generation. Never empty once used. */
  generations: Generation[] = [];

  constructor(readonly key: string) {}

  /** Records a put at {main, sub}; it must be after every revision already recorded. */
  put(main: number, sub: number): void {
    const rev = { main, sub };
    assert(revGreaterThan(rev, this.modified), `'put' with an unexpected smaller revision ${main}.${sub} <= ${this.modified.main}.${this.modified.sub}`);
    if (this.generations.length === 0) this.generations.push(new Generation());
    const g = this.generations[this.generations.length - 1]!;
    if (g.revs.length === 0) g.created = rev;
    g.revs.push(rev);
    g.ver++;
    this.modified = rev;
  }

  /** Rebuilds a key from its newest backend record (restore on open). */
  restore(created: Revision, modified: Revision, ver: number): void {
    assert(this.generations.length === 0, "'restore' got an unexpected non-empty generations");
    this.modified = modified;
    const g = new Generation();
    g.created = created;
    g.ver = ver;
    g.revs = [modified];
    this.generations.push(g);
  }

  /** Restores a key whose only known record is a tombstone (its creation was compacted). */
  restoreTombstone(main: number, sub: number): void {
    this.restore(ZERO, { main, sub }, 1);
    this.generations.push(new Generation());
  }

  /**
   * Records a delete at {main, sub}: appends the tombstone and opens a new empty generation.
   * @throws ErrRevisionNotFound when the key is already deleted (current generation empty).
   */
  tombstone(main: number, sub: number): void {
    assert(!this.isEmpty(), `'tombstone' got an unexpected empty keyIndex ${JSON.stringify(this.key)}`);
    if (this.generations[this.generations.length - 1]!.isEmpty()) throw new ErrRevisionNotFound();
    this.put(main, sub);
    this.generations.push(new Generation());
  }

  /** The version visible at `atRev`, or undefined when the key does not exist at `atRev`. */
  get(atRev: number): KeyIndexGet | undefined {
    assert(!this.isEmpty(), `'get' got an unexpected empty keyIndex ${JSON.stringify(this.key)}`);
    const g = this.findGeneration(atRev);
    if (g === undefined || g.isEmpty()) return undefined;
    const n = g.walk((rev) => rev.main > atRev);
    if (n === -1) return undefined;
    return { modified: g.revs[n]!, created: g.created, ver: g.ver - (g.revs.length - n - 1) };
  }

  /**
   * The revisions at or after `rev`, one per main revision (the largest sub when a txn touched
   * the key several times), oldest first.
   */
  since(rev: number): Revision[] {
    assert(!this.isEmpty(), `'since' got an unexpected empty keyIndex ${JSON.stringify(this.key)}`);
    const since: Revision = { main: rev, sub: 0 };
    let gi = this.generations.length - 1;
    for (; gi > 0; gi--) {
      const g = this.generations[gi]!;
      if (g.isEmpty()) continue;
      if (revGreaterThan(since, g.created)) break;
    }
    const revs: Revision[] = [];
    let last = 0;
    for (; gi < this.generations.length; gi++) {
      for (const r of this.generations[gi]!.revs) {
        if (revGreaterThan(since, r)) continue;
        if (r.main === last) {
          revs[revs.length - 1] = r;
          continue;
        }
        revs.push(r);
        last = r.main;
      }
    }
    return revs;
  }

  /**
   * Compacts at `atRev`: drops revisions at or below it except the largest one in the generation
   * holding it, drops earlier generations, and adds what it keeps at or below `atRev` to `available`.
   */
  compact(atRev: number, available: RevisionSet): void {
    assert(!this.isEmpty(), `'compact' got an unexpected empty keyIndex ${JSON.stringify(this.key)}`);
    const { genIdx, revIndex } = this.doCompact(atRev, available);
    const g = this.generations[genIdx]!;
    if (!g.isEmpty() && revIndex !== -1) g.revs = g.revs.slice(revIndex);
    this.generations = this.generations.slice(genIdx);
  }

  /**
   * Adds to `available` the revisions a compaction at `atRev` would keep, without compacting.
   * Unlike {@link compact} it skips a tombstone that ends a generation at or below `atRev`, so
   * that hashes agree across etcd versions (etcd's keyIndex.keep).
   */
  keep(atRev: number, available: RevisionSet): void {
    if (this.isEmpty()) return;
    const { genIdx, revIndex } = this.doCompact(atRev, available);
    const g = this.generations[genIdx]!;
    if (!g.isEmpty() && revIndex === g.revs.length - 1 && genIdx !== this.generations.length - 1) {
      available.delete(g.revs[revIndex]!);
    }
  }

  private doCompact(atRev: number, available: RevisionSet): { genIdx: number; revIndex: number } {
    let genIdx = 0;
    let g = this.generations[0]!;
    // find the first generation that includes atRev or was created after it
    while (genIdx < this.generations.length - 1) {
      const tomb = g.revs[g.revs.length - 1]!.main;
      if (tomb >= atRev) break;
      genIdx++;
      g = this.generations[genIdx]!;
    }
    const revIndex = g.walk((rev) => {
      if (rev.main <= atRev) {
        available.add(rev);
        return false;
      }
      return true;
    });
    return { genIdx, revIndex };
  }

  /** Whether only one empty generation is left (the key must leave the tree). */
  isEmpty(): boolean {
    return this.generations.length === 1 && this.generations[0]!.isEmpty();
  }

  /** The generation `rev` falls in, or undefined when the key did not exist at `rev`. */
  findGeneration(rev: number): Generation | undefined {
    const lastg = this.generations.length - 1;
    for (let cg = lastg; cg >= 0; cg--) {
      const g = this.generations[cg]!;
      if (g.revs.length === 0) continue;
      if (cg !== lastg && g.revs[g.revs.length - 1]!.main <= rev) return undefined;
      if (g.revs[0]!.main <= rev) return g;
    }
    return undefined;
  }

  /** Same key, modified revision and generations. */
  equal(b: KeyIndex): boolean {
    return (
      this.key === b.key &&
      revEqual(this.modified, b.modified) &&
      this.generations.length === b.generations.length &&
      this.generations.every((g, i) => g.equal(b.generations[i]!))
    );
  }

  /** One line per generation, oldest first. */
  toString(): string {
    return this.generations.map((g) => g.toString()).join('\n');
  }
}
