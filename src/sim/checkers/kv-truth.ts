/**
 * The KV history of writes, replayed in revision order: what every watch
 * event must agree with. Built from the client history's acknowledged
 * writes (each carries its revision), plus indeterminate writes that a
 * watch proves did land (etcd's robustness tests patch their history from
 * watch events the same way).
 *
 *   rev 2  put k1 "a"   prev null          create 2  version 1
 *   rev 3  put k1 "b"   prev "a"@2         create 2  version 2
 *   rev 4  delete k1    prev "b"@3
 */
import type { KvOperation } from './history';

/** KvWrite is one change at a revision (a txn may make several per revision). */
export interface KvWrite {
  rev: number;
  key: string;
  type: 'put' | 'delete';
  /** The value a put wrote. */
  value?: string;
  /** A delete that reported removing the key (deleted >= 1): an event even if the replay lacks the put. */
  removed?: boolean;
}

/** IndeterminateWrite is a write whose outcome and revision are unknown. */
export interface IndeterminateWrite {
  key: string;
  type: 'put' | 'delete';
  value?: string;
  /**
   * A revision the write cannot have landed at or below: the highest revision any operation
   * that completed before it was invoked reported (0 when unknown).
   */
  minRev?: number;
}

/** KeyValueAt is a key's value as of a revision, as etcd's prev_kv carries it. */
export interface KeyValueAt {
  value: string;
  modRevision: number;
  createRevision: number;
  version: number;
}

/** TruthEvent is a write with everything a watch event about it must show. */
export interface TruthEvent extends KvWrite {
  /** The key before this write; null when absent. */
  prev: KeyValueAt | null;
  /** For a put: the key after it. */
  createRevision: number;
  version: number;
}

/** KvWrites is the write history extracted from client operations. */
export interface KvWrites {
  writes: KvWrite[];
  indeterminate: IndeterminateWrite[];
}

/**
 * writesFromOperations extracts the write history from client operations:
 * ok puts and succeeded cas with a revision become puts; an ok delete is a
 * delete unless it removed nothing (deleted: 0, or when the count is absent:
 * its revision belongs to another write, or the key is absent in the replay; a delete
 * with a count is kept even when the key looks absent: an indeterminate write created it).
 * Info writes become indeterminate.
 */
export function writesFromOperations(ops: readonly KvOperation[]): KvWrites {
  const writes: KvWrite[] = [];
  const deletes: Array<{ key: string; rev: number }> = [];
  const indeterminate: IndeterminateWrite[] = [];
  const done = ops.filter((o) => o.output.known && o.output.rev !== undefined).map((o) => ({ at: o.return, rev: (o.output as { rev: number }).rev }));
  for (const { input, output, call } of ops) {
    if (input.f === 'get') continue;
    if (!output.known) {
      const minRev = Math.max(0, ...done.filter((d) => d.at < call).map((d) => d.rev));
      indeterminate.push(input.f === 'delete' ? { key: input.key, type: 'delete', minRev } : { key: input.key, type: 'put', value: input.value, minRev });
      continue;
    }
    if (output.rev === undefined) continue;
    if (input.f === 'put' || (input.f === 'cas' && output.succeeded)) {
      writes.push({ rev: output.rev, key: input.key, type: 'put', value: input.value });
    } else if (input.f === 'delete' && output.deleted !== 0) {
      if (output.deleted !== undefined) writes.push({ rev: output.rev, key: input.key, type: 'delete', removed: true });
      else deletes.push({ key: input.key, rev: output.rev });
    }
  }
  const taken = new Set(writes.map((w) => w.rev));
  const candidates = deletes.filter((d) => !taken.has(d.rev)).map((d) => ({ ...d, type: 'delete' as const }));
  const guessed = new Set<KvWrite>(candidates);
  const present = new Set<string>();
  const kept: KvWrite[] = [];
  for (const w of sortWrites([...writes, ...candidates])) {
    // a delete that reported `deleted` >= 1 removed the key for certain (an indeterminate write,
    // not in this list, may have created it); only a delete without a count is guessed
    if (w.type === 'delete' && guessed.has(w) && !present.has(w.key)) continue;
    if (w.type === 'put') present.add(w.key);
    else present.delete(w.key);
    kept.push(w);
  }
  return { writes: kept, indeterminate };
}

/** sortWrites orders writes by revision, stable within a revision. */
export function sortWrites<W extends KvWrite>(writes: readonly W[]): W[] {
  return writes.map((w, i) => ({ w, i })).sort((a, b) => a.w.rev - b.w.rev || a.i - b.i).map(({ w }) => w);
}

/**
 * replayWrites replays writes in revision order and indexes the resulting
 * events by revision. A delete of an absent key is no event (etcd emits none).
 */
export function replayWrites(writes: readonly KvWrite[]): Map<number, TruthEvent[]> {
  const current = new Map<string, KeyValueAt>();
  const byRev = new Map<number, TruthEvent[]>();
  for (const w of sortWrites(writes)) {
    const prev = current.get(w.key) ?? null;
    let ev: TruthEvent;
    if (w.type === 'put') {
      const createRevision = prev === null ? w.rev : prev.createRevision;
      const version = prev === null ? 1 : prev.version + 1;
      current.set(w.key, { value: w.value ?? '', modRevision: w.rev, createRevision, version });
      ev = { ...w, prev, createRevision, version };
    } else {
      // the put it removed may be an indeterminate write no watch saw
      if (prev === null && w.removed !== true) continue;
      current.delete(w.key);
      ev = { ...w, prev, createRevision: 0, version: 0 };
    }
    let list = byRev.get(w.rev);
    if (list === undefined) byRev.set(w.rev, (list = []));
    list.push(ev);
  }
  return byRev;
}
