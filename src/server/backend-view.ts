/**
 * backendView: a bounded picture of a member's backend for the B+tree tab of the UI (issue 7):
 * one bucket's copy-on-write B+tree level by level (root -> branch -> leaf, page ids, fill, key
 * ranges), the page accounting (db size, in use, free pages, freelist) and the storage engine's
 * recent splits, merges, commits and defrags. Keys of the `key` bucket are etcd's 17-byte
 * revision keys, shown decoded as `main.sub` (a trailing `t` marks a tombstone).
 *
 * ```
 *                 [branch p41 | 1.0 … 912.0]
 *          /                 |                  \
 *  [leaf p12 1.0…87.0]  … 9 more leaves …  [leaf p40 870.0…912.0]
 * ```
 * Bounded: at most `maxPerLevel` nodes a level are decoded and shipped (the middle of a wide
 * level is counted, not sent), so a 10,000-page database costs a few dozen page decodes.
 */
import type { BackendEvent, BackendStats, BucketName, LevelNode } from '../backend';
import { BUCKETS } from '../backend';
import { bytesToBucketKey, MARKED_REV_BYTES_LEN, REV_BYTES_LEN } from '../mvcc/revision';

/** Options of {@link backendView}. */
export interface BackendViewOptions {
  /** The bucket whose tree is drawn (default `key`). */
  bucket?: BucketName;
  /** Nodes drawn per level at most (default 24). */
  maxPerLevel?: number;
  /** Only backend events after this sequence number (default: the last 32). */
  sinceEvent?: number;
}

/** One drawn node of the tree. */
export interface BtreeNodeView {
  path: string;
  parent: string | null;
  level: number;
  kind: 'branch' | 'leaf';
  /** Its page id, or null for a node changed since the last commit (written at the next one). */
  pgid: number | null;
  /** Keys of a leaf, children of a branch. */
  count: number;
  pages: number;
  fill: number;
  /** First and last key, decoded for display. */
  first: string;
  last: string;
}

/** A storage-engine event, numbered. */
export type BackendEventView = { seq: number } & BackendEvent;

/** The B+tree tab's picture of a member's backend. */
export interface BackendView {
  bucket: BucketName;
  buckets: { name: BucketName; keys: number; depth: number }[];
  depth: number;
  nodes: BtreeNodeView[];
  elided: { level: number; count: number; afterPath: string }[];
  /** The backend's stats (per-bucket figures are in `buckets`) plus the freelist and write state. */
  stats: Omit<BackendStats, 'depth' | 'keys'> & { freelistPages: number; highWater: number; pending: number };
  events: BackendEventView[];
  /** Sequence number of the newest event (pass it back as `sinceEvent`). */
  lastEvent: number;
}

/** The storage engine's recent events, numbered, bounded. */
export class BackendEventLog {
  private readonly entries: BackendEventView[] = [];
  private seq = 0;

  constructor(private readonly capacity = 64) {}

  /** Records one event. */
  record(ev: BackendEvent): void {
    this.entries.push({ seq: ++this.seq, ...ev });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  /** Events after `since` (the last 32 when undefined). */
  since(since: number | undefined): BackendEventView[] {
    return since === undefined ? this.entries.slice(-32) : this.entries.filter((e) => e.seq > since);
  }

  /** Sequence number of the newest event. */
  get last(): number {
    return this.seq;
  }
}

/** A backend key for display: a decoded revision in the key bucket, else text or hex. */
export function keyLabel(bucket: BucketName, key: Uint8Array | undefined): string {
  if (!key) return '';
  if (bucket === 'key' && (key.length === REV_BYTES_LEN || key.length === MARKED_REV_BYTES_LEN) && key[8] === 0x5f) {
    const k = bytesToBucketKey(key);
    return `${k.rev.main}.${k.rev.sub}${k.tombstone ? 't' : ''}`;
  }
  if (key.every((b) => b >= 0x20 && b < 0x7f)) return new TextDecoder().decode(key);
  return '0x' + Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What backendView needs of a backend (BoltBackend has it). */
export interface DescribableBackend {
  describeLevels(bucket: BucketName, maxPerLevel?: number): { nodes: LevelNode[]; elided: BackendView['elided']; depth: number };
  stats(): BackendView['stats'] & { depth: Record<BucketName, number>; keys: Record<BucketName, number> };
}

/** Builds the picture. */
export function backendView(be: DescribableBackend, log: BackendEventLog, opts: BackendViewOptions = {}): BackendView {
  const bucket = opts.bucket ?? 'key';
  const levels = be.describeLevels(bucket, opts.maxPerLevel ?? 24);
  const st = be.stats();
  return {
    bucket,
    buckets: BUCKETS.map((name) => ({ name, keys: st.keys[name] ?? 0, depth: st.depth[name] ?? 0 })),
    depth: levels.depth,
    nodes: levels.nodes.map((n) => ({
      path: n.path,
      parent: n.parent ?? null,
      level: n.level,
      kind: n.kind,
      pgid: n.pgid ?? null,
      count: n.count,
      pages: n.pages,
      fill: n.fill,
      first: keyLabel(bucket, n.firstKey),
      last: keyLabel(bucket, n.lastKey),
    })),
    elided: levels.elided,
    stats: {
      dbSize: st.dbSize,
      dbSizeInUse: st.dbSizeInUse,
      pageSize: st.pageSize,
      branchPages: st.branchPages,
      leafPages: st.leafPages,
      overflowPages: st.overflowPages,
      freePages: st.freePages,
      freelistPages: st.freelistPages,
      highWater: st.highWater,
      txid: st.txid,
      pending: st.pending,
    },
    events: log.since(opts.sinceEvent),
    lastEvent: log.last,
  };
}
