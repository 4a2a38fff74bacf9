/**
 * The KV and lease state machine behind the fake client: a sorted map with revisions, versions,
 * create/mod revisions, generations through tombstones, compaction, and leases whose revoke
 * deletes the attached keys in one revision. Small and honest rather than fast: reads at an old
 * revision replay the history.
 */
import type { Compare, DeleteRangeRequest, KeyValue, PutRequest, RangeRequest, RangeResponse, RequestOp, TxnRequest } from '../../protocol/rpc';

/** Bytes as a binary string: JS string order is then byte order. */
export const bkey = (b: Uint8Array): string => String.fromCharCode(...b);
/** A binary string back to bytes. */
export const unbkey = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** One change in the history: a put (kv) or a delete (tombstone kv with only key and modRevision). */
export interface Change {
  rev: number;
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv: KeyValue | undefined;
}

/** A server-side error with etcd's text. */
export class ServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerError';
  }
}

/** etcd's server error texts the fake store produces. */
export const ERR = {
  emptyKey: 'etcdserver: key is not provided',
  keyNotFound: 'etcdserver: key not found',
  compacted: 'etcdserver: mvcc: required revision has been compacted',
  future: 'etcdserver: mvcc: required revision is a future revision',
  leaseNotFound: 'etcdserver: requested lease not found',
  tooManyOps: 'etcdserver: too many operations in txn request',
  duplicateKey: 'etcdserver: duplicate key given in txn request',
  ttlTooLarge: 'etcdserver: too large lease TTL',
} as const;

/** A lease as the lessor keeps it. */
export interface FakeLease {
  id: bigint;
  grantedTTL: number;
  expiryMs: number;
  keys: Set<string>;
}

function inRange(k: string, key: string, end: string | undefined): boolean {
  if (end === undefined || end === '') return k === key;
  if (end === '\0') return k >= key;
  return k >= key && k < end;
}

/**
 * A write in progress: it edits the live map directly (later ops see earlier ones; everything
 * shares one revision) and keeps an undo log so a failed request leaves no trace.
 */
class WriteTxn {
  readonly changes: Change[] = [];
  readonly undo: [string, KeyValue | undefined][] = [];
  constructor(
    readonly store: FakeStore,
    readonly view: Map<string, KeyValue>,
    readonly rev: number,
  ) {}

  put(req: PutRequest): KeyValue | undefined {
    const k = bkey(req.key);
    const prev = this.view.get(k);
    if ((req.ignoreValue || req.ignoreLease) && !prev) throw new ServerError(ERR.keyNotFound);
    const lease = req.ignoreLease ? prev!.lease : (req.lease ?? 0n);
    const kv: KeyValue = {
      key: req.key,
      createRevision: prev ? prev.createRevision : this.rev,
      modRevision: this.rev,
      version: prev ? prev.version + 1 : 1,
      value: req.ignoreValue ? prev!.value : req.value,
      lease,
    };
    this.undo.push([k, prev]);
    this.view.set(k, kv);
    this.changes.push({ rev: this.rev, type: 'PUT', kv, prevKv: prev });
    return prev;
  }

  del(req: DeleteRangeRequest): KeyValue[] {
    const key = bkey(req.key);
    const end = req.rangeEnd ? bkey(req.rangeEnd) : undefined;
    const victims = [...this.view.keys()].filter((k) => inRange(k, key, end)).sort();
    const prevs: KeyValue[] = [];
    for (const k of victims) {
      const prev = this.view.get(k)!;
      this.undo.push([k, prev]);
      this.view.delete(k);
      prevs.push(prev);
      const tomb: KeyValue = { key: prev.key, createRevision: 0, modRevision: this.rev, version: 0, value: new Uint8Array(), lease: 0n };
      this.changes.push({ rev: this.rev, type: 'DELETE', kv: tomb, prevKv: prev });
    }
    return prevs;
  }
}

/** The MVCC store plus lessor. */
export class FakeStore {
  rev = 1;
  compactRev = -1;
  readonly history: Change[] = [];
  private readonly current = new Map<string, KeyValue>();
  readonly leases = new Map<bigint, FakeLease>();
  /** Called after every committed revision with its changes (watch delivery). */
  onCommit: (changes: Change[]) => void = () => undefined;

  /** The key->kv map as of `rev` (replaying history). */
  stateAt(rev: number): Map<string, KeyValue> {
    if (rev >= this.rev) return this.current;
    const m = new Map<string, KeyValue>();
    for (const c of this.history) {
      if (c.rev > rev) break;
      if (c.type === 'PUT') m.set(bkey(c.kv.key), c.kv);
      else m.delete(bkey(c.kv.key));
    }
    return m;
  }

  /** Checks a read revision against compaction and the current revision. */
  checkRev(rev: number): void {
    if (rev > this.rev) throw new ServerError(ERR.future);
    if (rev > 0 && rev < this.compactRev) throw new ServerError(ERR.compacted);
  }

  /** A Range over `view` (the store at a revision, or a txn's working view). */
  rangeIn(view: Map<string, KeyValue>, r: RangeRequest): Omit<RangeResponse, 'header'> {
    const key = bkey(r.key);
    const end = r.rangeEnd ? bkey(r.rangeEnd) : undefined;
    let kvs = [...view.entries()].filter(([k]) => inRange(k, key, end)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, kv]) => kv);
    const count = kvs.length;
    if (r.minModRevision) kvs = kvs.filter((kv) => kv.modRevision >= r.minModRevision!);
    if (r.maxModRevision) kvs = kvs.filter((kv) => kv.modRevision <= r.maxModRevision!);
    if (r.minCreateRevision) kvs = kvs.filter((kv) => kv.createRevision >= r.minCreateRevision!);
    if (r.maxCreateRevision) kvs = kvs.filter((kv) => kv.createRevision <= r.maxCreateRevision!);
    let order = r.sortOrder ?? 'NONE';
    const target = r.sortTarget ?? 'KEY';
    if (order === 'NONE' && target !== 'KEY') order = 'ASCEND';
    if (order !== 'NONE') {
      const val = (kv: KeyValue): number | string =>
        target === 'KEY' ? bkey(kv.key) : target === 'VALUE' ? bkey(kv.value) : target === 'CREATE' ? kv.createRevision : target === 'MOD' ? kv.modRevision : kv.version;
      kvs.sort((a, b) => {
        const x = val(a);
        const y = val(b);
        const c = x < y ? -1 : x > y ? 1 : 0;
        return order === 'DESCEND' ? -c : c;
      });
    }
    const limit = r.limit ?? 0;
    const more = limit > 0 && kvs.length > limit;
    if (more) kvs = kvs.slice(0, limit);
    if (r.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: new Uint8Array() }));
    if (r.countOnly) kvs = [];
    return { kvs, more, count };
  }

  /** A Range at the request's revision. */
  range(r: RangeRequest): Omit<RangeResponse, 'header'> {
    if (r.key.length === 0) throw new ServerError(ERR.emptyKey);
    const rev = r.revision ?? 0;
    this.checkRev(rev);
    return this.rangeIn(this.stateAt(rev > 0 ? rev : this.rev), r);
  }

  private checkLease(req: PutRequest): void {
    if (req.lease && req.lease !== 0n && !this.leases.has(req.lease)) throw new ServerError(ERR.leaseNotFound);
  }

  /** Runs `fn` as one write transaction; commits a new revision only if something changed. */
  write<T>(fn: (w: WriteTxn) => T): T {
    const w = new WriteTxn(this, this.current, this.rev + 1);
    let out: T;
    try {
      out = fn(w);
    } catch (e) {
      for (const [k, prev] of w.undo.reverse()) {
        if (prev) this.current.set(k, prev);
        else this.current.delete(k);
      }
      throw e;
    }
    if (w.changes.length > 0) {
      this.rev = w.rev;
      this.history.push(...w.changes);
      for (const c of w.changes) this.attach(c);
      this.onCommit(w.changes);
    }
    return out;
  }

  private attach(c: Change): void {
    const k = bkey(c.kv.key);
    if (c.prevKv && c.prevKv.lease !== 0n) this.leases.get(c.prevKv.lease)?.keys.delete(k);
    if (c.type === 'PUT' && c.kv.lease !== 0n) this.leases.get(c.kv.lease)?.keys.add(k);
  }

  put(req: PutRequest): KeyValue | undefined {
    if (req.key.length === 0) throw new ServerError(ERR.emptyKey);
    this.checkLease(req);
    return this.write((w) => w.put(req));
  }

  deleteRange(req: DeleteRangeRequest): KeyValue[] {
    if (req.key.length === 0) throw new ServerError(ERR.emptyKey);
    return this.write((w) => w.del(req));
  }

  private compareOne(view: Map<string, KeyValue>, c: Compare): boolean {
    const kv = view.get(bkey(c.key));
    let x: number | bigint | string;
    let y: number | bigint | string;
    switch (c.target) {
      case 'VALUE':
        if (!kv) return false;
        [x, y] = [bkey(kv.value), bkey(c.value ?? new Uint8Array())];
        break;
      case 'VERSION':
        [x, y] = [kv?.version ?? 0, c.version ?? 0];
        break;
      case 'CREATE':
        [x, y] = [kv?.createRevision ?? 0, c.createRevision ?? 0];
        break;
      case 'MOD':
        [x, y] = [kv?.modRevision ?? 0, c.modRevision ?? 0];
        break;
      case 'LEASE':
        [x, y] = [kv?.lease ?? 0n, c.lease ?? 0n];
        break;
    }
    switch (c.result) {
      case 'EQUAL':
        return x === y;
      case 'NOT_EQUAL':
        return x !== y;
      case 'LESS':
        return x < y;
      case 'GREATER':
        return x > y;
    }
  }

  /** Validates a txn as etcd's checkTxnRequest and duplicate-key rule do. */
  checkTxn(t: TxnRequest): void {
    if (Math.max(t.compare.length, t.success.length, t.failure.length) > 128) throw new ServerError(ERR.tooManyOps);
    for (const c of t.compare) if (c.key.length === 0) throw new ServerError(ERR.emptyKey);
    for (const ops of [t.success, t.failure]) {
      const puts = new Set<string>();
      const dels: [string, string | undefined][] = [];
      for (const op of ops) {
        if ('requestPut' in op) {
          if (op.requestPut.key.length === 0) throw new ServerError(ERR.emptyKey);
          const k = bkey(op.requestPut.key);
          if (puts.has(k)) throw new ServerError(ERR.duplicateKey);
          puts.add(k);
        } else if ('requestDeleteRange' in op) {
          if (op.requestDeleteRange.key.length === 0) throw new ServerError(ERR.emptyKey);
          dels.push([bkey(op.requestDeleteRange.key), op.requestDeleteRange.rangeEnd ? bkey(op.requestDeleteRange.rangeEnd) : undefined]);
        } else if ('requestRange' in op && op.requestRange.key.length === 0) throw new ServerError(ERR.emptyKey);
      }
      for (const p of puts) for (const [k, e] of dels) if (inRange(p, k, e)) throw new ServerError(ERR.duplicateKey);
    }
  }

  /** Executes a txn; each op's result carries the revision etcd reports for it (see etcd-spec 4.4). */
  txn(t: TxnRequest): { succeeded: boolean; responses: { op: RequestOp; result: ResponseOpResult }[] } {
    this.checkTxn(t);
    for (const ops of [t.success, t.failure]) for (const op of ops) if ('requestPut' in op) this.checkLease(op.requestPut);
    return this.write((w) => {
      const succeeded = t.compare.every((c) => this.compareOne(w.view, c));
      const responses = (succeeded ? t.success : t.failure).map((op) => ({ op, result: this.applyOp(w, op) }));
      return { succeeded, responses };
    });
  }

  private applyOp(w: WriteTxn, op: RequestOp): ResponseOpResult {
    const revNow = (): number => (w.changes.length > 0 ? w.rev : this.rev);
    if ('requestRange' in op) return { kind: 'range', range: this.rangeIn(w.view, op.requestRange), rev: revNow() };
    if ('requestPut' in op) {
      const prev = w.put(op.requestPut);
      return { kind: 'put', prevKv: op.requestPut.prevKv ? prev : undefined, rev: revNow() };
    }
    if ('requestDeleteRange' in op) {
      const prevs = w.del(op.requestDeleteRange);
      return { kind: 'del', deleted: prevs.length, prevKvs: op.requestDeleteRange.prevKv ? prevs : [], rev: revNow() };
    }
    throw new ServerError('etcdserver: nested txn is not supported by the fake');
  }

  /** Compacts history up to `rev`. */
  compact(rev: number): void {
    if (rev <= this.compactRev) throw new ServerError(ERR.compacted);
    if (rev > this.rev) throw new ServerError(ERR.future);
    this.compactRev = rev;
  }

  /** Changes with revision >= `from`, grouped by revision. */
  changesSince(from: number): Change[][] {
    const groups: Change[][] = [];
    for (const c of this.history) {
      if (c.rev < from) continue;
      const last = groups.at(-1);
      if (last && last[0]!.rev === c.rev) last.push(c);
      else groups.push([c]);
    }
    return groups;
  }

  /** Revokes a lease: deletes its keys (one revision) and forgets it. */
  revoke(id: bigint): void {
    const l = this.leases.get(id);
    if (!l) throw new ServerError(ERR.leaseNotFound);
    const keys = [...l.keys].sort();
    this.write((w) => {
      for (const k of keys) w.del({ key: unbkey(k) });
    });
    this.leases.delete(id);
  }
}

/** What one txn op produced, before it is shaped into a ResponseOp. */
export type ResponseOpResult =
  | { kind: 'range'; range: Omit<RangeResponse, 'header'>; rev: number }
  | { kind: 'put'; prevKv: KeyValue | undefined; rev: number }
  | { kind: 'del'; deleted: number; prevKvs: KeyValue[]; rev: number };

