/**
 * The watch checker: the guarantees etcd's robustness tests validate
 * (tests/robustness/validate/watch.go, raft-tests.md §4b), judged against
 * the KV history of writes:
 *
 *   filter       every event matches the watch's key, prefix or range
 *   ordered      revisions never go back within a watch
 *   unique       no (key, revision) delivered twice
 *   atomic       all events of a revision arrive together, in one response
 *   reliable     no gaps: every matching write between the watch's start and
 *                its last event (or last progress notification) is delivered
 *   resumable    a watch from revision r delivers exactly the events >= r,
 *                starting with the first matching one
 *   bookmarkable after a progress notification at R, no event <= R arrives
 *   prevKv       with prev_kv, each event carries the key's previous value
 *   match        each event is a write of the KV history (type, value,
 *                create revision and version when given)
 */
import { replayWrites, sortWrites } from './kv-truth';
import type { IndeterminateWrite, KvWrite, TruthEvent } from './kv-truth';

/** WatchRequest is what a watch asked for. */
export interface WatchRequest {
  key: string;
  /** Watch every key with `key` as prefix (etcdctl watch --prefix). */
  prefix?: boolean;
  /** Range end, exclusive; "\0" means every key >= key. */
  rangeEnd?: string;
  /** Revision to start from; 0 or absent = from now. */
  startRevision?: number;
  prevKv?: boolean;
}

/** WatchEventRecord is one received event. */
export interface WatchEventRecord {
  type: 'put' | 'delete';
  key: string;
  value?: string | null;
  modRevision: number;
  createRevision?: number;
  version?: number;
  /** etcd's Event.IsCreate(): the put created the key (create == mod revision). */
  isCreate?: boolean;
  prevKv?: { value: string; modRevision?: number } | null;
}

/** WatchResponseRecord is one received response. */
export interface WatchResponseRecord {
  events: WatchEventRecord[];
  /** Header revision; for a progress notification the revision it vouches for. */
  headerRevision?: number;
  progressNotify?: boolean;
  /** Set when the watch was canceled because its start was compacted. */
  compactRevision?: number;
}

/** WatchRecord is one watch: its request and what it received. */
export interface WatchRecord {
  id: string;
  request: WatchRequest;
  /** Header revision of the creation response (a watch "from now" starts after it). */
  createdRevision?: number;
  responses: WatchResponseRecord[];
}

/** WatchGuarantee names a checked property. */
export type WatchGuarantee =
  | 'filter' | 'ordered' | 'unique' | 'atomic' | 'reliable' | 'resumable' | 'bookmarkable' | 'prevKv' | 'match';

/** WatchViolation is one broken guarantee, on one watch at one revision. */
export interface WatchViolation {
  watch: string;
  guarantee: WatchGuarantee;
  revision: number;
  key?: string;
  message: string;
}

/** WatchCheckInput is the KV history and the watches to judge against it. */
export interface WatchCheckInput {
  writes: readonly KvWrite[];
  /** Writes of unknown outcome; a watch event may prove one landed. */
  indeterminate?: readonly IndeterminateWrite[];
  watches: readonly WatchRecord[];
  /**
   * Revisions the store was (or may have been) compacted at. etcd reads an event's prev_kv at
   * modRevision - 1, so prev_kv is legitimately absent when that revision was compacted.
   */
  compactedRevisions?: readonly number[];
}

/** WatchCheckResult is the verdict on all watches. */
export interface WatchCheckResult {
  ok: boolean;
  violations: WatchViolation[];
  watchesChecked: number;
  eventsChecked: number;
}

/** matchesRequest reports whether a key is inside a watch's key, prefix or range. */
export function matchesRequest(req: WatchRequest, key: string): boolean {
  if (req.prefix) return key.startsWith(req.key);
  if (req.rangeEnd !== undefined && req.rangeEnd !== '') {
    return key >= req.key && (req.rangeEnd === '\0' || key < req.rangeEnd);
  }
  return key === req.key;
}

/**
 * patchWrites adds the indeterminate writes that watch events prove landed:
 * an event at a revision no known write has, matching an unclaimed
 * indeterminate write by key, type and value.
 */
function patchWrites(input: WatchCheckInput): { writes: KvWrite[]; unclaimed: IndeterminateWrite[] } {
  const writes = [...input.writes];
  const knownRevs = new Set(writes.map((w) => w.rev));
  const pool = [...(input.indeterminate ?? [])];
  const claimed = new Map<string, KvWrite>();
  for (const w of input.watches) {
    for (const r of w.responses) {
      for (const ev of r.events) {
        if (knownRevs.has(ev.modRevision) || claimed.has(`${ev.modRevision}\0${ev.key}`)) continue;
        const i = pool.findIndex((p) => p.key === ev.key && p.type === ev.type && (ev.type === 'delete' || p.value === ev.value));
        if (i < 0) continue;
        const [hit] = pool.splice(i, 1);
        const write: KvWrite = { rev: ev.modRevision, key: hit!.key, type: hit!.type };
        if (hit!.value !== undefined) write.value = hit!.value;
        claimed.set(`${ev.modRevision}\0${ev.key}`, write);
      }
    }
  }
  return { writes: sortWrites([...writes, ...claimed.values()]), unclaimed: pool };
}

/** checkWatches checks every watch against the KV history. */
export function checkWatches(input: WatchCheckInput): WatchCheckResult {
  const patched = patchWrites(input);
  const truth = replayWrites(patched.writes);
  // an indeterminate write no event claimed may still have landed, unseen, at any revision
  // above its minRev: from there on a key's version, create revision and prev_kv are unknown
  const uncertainFrom = new Map<string, number>();
  for (const u of patched.unclaimed) uncertainFrom.set(u.key, Math.min(u.minRev ?? 0, uncertainFrom.get(u.key) ?? Infinity));
  const compacted = Math.max(0, ...(input.compactedRevisions ?? []));
  const result: WatchCheckResult = { ok: true, violations: [], watchesChecked: 0, eventsChecked: 0 };
  for (const w of input.watches) {
    result.watchesChecked++;
    result.eventsChecked += w.responses.reduce((n, r) => n + r.events.length, 0);
    result.violations.push(...checkWatch(w, truth, compacted, uncertainFrom));
  }
  result.ok = result.violations.length === 0;
  return result;
}

interface Delivered {
  ev: WatchEventRecord;
  resp: number;
}

function checkWatch(w: WatchRecord, truth: Map<number, TruthEvent[]>, compacted: number, uncertainFrom: Map<string, number>): WatchViolation[] {
  const out: WatchViolation[] = [];
  const add = (guarantee: WatchGuarantee, revision: number, message: string, key?: string): void => {
    const v: WatchViolation = { watch: w.id, guarantee, revision, message };
    if (key !== undefined) v.key = key;
    out.push(v);
  };
  const delivered: Delivered[] = w.responses.flatMap((r, resp) => r.events.map((ev) => ({ ev, resp })));
  checkStream(w, delivered, add);
  for (const { ev } of delivered) checkEvent(w, ev, truth, compacted, ev.modRevision > (uncertainFrom.get(ev.key) ?? Infinity), add);
  checkCompleteness(w, delivered, truth, add);
  return out;
}

type Add = (guarantee: WatchGuarantee, revision: number, message: string, key?: string) => void;

/** checkStream checks filter, ordered, unique, split revisions and bookmarks. */
function checkStream(w: WatchRecord, delivered: Delivered[], add: Add): void {
  const seen = new Set<string>();
  let bookmark = 0;
  let prev: Delivered | null = null;
  let resp = 0;
  for (const d of delivered) {
    for (; resp <= d.resp; resp++) {
      const r = w.responses[resp]!;
      if (resp < d.resp && r.progressNotify && r.headerRevision !== undefined) bookmark = Math.max(bookmark, r.headerRevision);
    }
    const { ev } = d;
    const rev = ev.modRevision;
    if (!matchesRequest(w.request, ev.key)) add('filter', rev, `event for ${ev.key} does not match the watch`, ev.key);
    if (rev <= bookmark) add('bookmarkable', rev, `event at ${rev} after a progress notification at ${bookmark}`, ev.key);
    if (prev !== null && rev < prev.ev.modRevision) {
      add('ordered', rev, `event at ${rev} after an event at ${prev.ev.modRevision}`, ev.key);
    } else if (prev !== null && rev === prev.ev.modRevision && d.resp !== prev.resp) {
      add('atomic', rev, `revision ${rev} split across responses ${prev.resp} and ${d.resp}`, ev.key);
    }
    const id = `${ev.key}\0${rev}`;
    if (seen.has(id)) add('unique', rev, `${ev.key} at ${rev} delivered twice`, ev.key);
    seen.add(id);
    prev = d;
  }
}

/** checkEvent checks one event against the write history: match and prevKv. */
function checkEvent(w: WatchRecord, ev: WatchEventRecord, truth: Map<number, TruthEvent[]>, compacted: number, uncertain: boolean, add: Add): void {
  const rev = ev.modRevision;
  const t = truth.get(rev)?.find((x) => x.key === ev.key);
  if (t === undefined) {
    add('match', rev, `no write to ${ev.key} at revision ${rev} in the KV history`, ev.key);
    return;
  }
  if (t.type !== ev.type) add('match', rev, `event is a ${ev.type}, the history has a ${t.type}`, ev.key);
  else if (t.type === 'put' && (ev.value ?? null) !== t.value) {
    add('match', rev, `event value ${JSON.stringify(ev.value)}, the history wrote ${JSON.stringify(t.value)}`, ev.key);
  }
  if (uncertain) return; // only the write itself is known: see uncertainFrom
  if (t.type === 'put' && ev.createRevision !== undefined && ev.createRevision !== t.createRevision) {
    add('match', rev, `create revision ${ev.createRevision}, expected ${t.createRevision} (is-create wrong)`, ev.key);
  }
  if (t.type === 'put' && ev.isCreate !== undefined && ev.isCreate !== (t.prev === null)) {
    add('match', rev, `is-create ${ev.isCreate}, but ${ev.key} ${t.prev === null ? 'was absent' : 'existed'} before`, ev.key);
  }
  if (t.type === 'put' && ev.version !== undefined && ev.version !== t.version) {
    add('match', rev, `version ${ev.version}, expected ${t.version}`, ev.key);
  }
  if (!w.request.prevKv) return;
  const got = ev.prevKv ?? null;
  const want = t.prev;
  if (want === null && got !== null) {
    add('prevKv', rev, `prev_kv ${JSON.stringify(got.value)} but ${ev.key} was absent`, ev.key);
  } else if (want !== null && got === null && rev - 1 >= compacted) {
    add('prevKv', rev, `prev_kv missing, expected ${JSON.stringify(want.value)}@${want.modRevision}`, ev.key);
  } else if (want !== null && got !== null && (got.value !== want.value || (got.modRevision ?? want.modRevision) !== want.modRevision)) {
    add('prevKv', rev, `prev_kv ${JSON.stringify(got.value)}@${got.modRevision ?? '?'}, expected ${JSON.stringify(want.value)}@${want.modRevision}`, ev.key);
  }
}

/** checkCompleteness checks atomic (whole revisions), reliable and resumable. */
function checkCompleteness(w: WatchRecord, delivered: Delivered[], truth: Map<number, TruthEvent[]>, add: Add): void {
  const req = w.request;
  const byRev = new Map<number, Delivered[]>();
  for (const d of delivered) {
    const list = byRev.get(d.ev.modRevision) ?? [];
    byRev.set(d.ev.modRevision, [...list, d]);
  }
  for (const [rev, ds] of byRev) {
    for (const t of truth.get(rev) ?? []) {
      if (!matchesRequest(req, t.key)) continue;
      // A revision split across responses is reported by checkStream.
      if (!ds.some((d) => d.ev.key === t.key)) {
        add('atomic', rev, `${t.key} changed at ${rev} but only part of the revision was delivered`, t.key);
      }
    }
  }
  if (w.responses.some((r) => (r.compactRevision ?? 0) > 0)) return; // canceled: compacted start
  const explicit = (req.startRevision ?? 0) > 0;
  const first = delivered.length > 0 ? Math.min(...delivered.map((d) => d.ev.modRevision)) : Infinity;
  const start = explicit ? req.startRevision! : w.createdRevision !== undefined ? w.createdRevision + 1 : first;
  const bookmarks = w.responses.filter((r) => r.progressNotify && r.headerRevision !== undefined).map((r) => r.headerRevision!);
  const last = Math.max(-Infinity, ...delivered.map((d) => d.ev.modRevision), ...bookmarks);
  if (explicit) {
    for (const d of delivered) {
      if (d.ev.modRevision < start) add('resumable', d.ev.modRevision, `event at ${d.ev.modRevision} before the start revision ${start}`, d.ev.key);
    }
  }
  for (const [rev, events] of [...truth].sort((a, b) => a[0] - b[0])) {
    if (rev < start || rev > last || byRev.has(rev)) continue;
    const hit = events.find((t) => matchesRequest(req, t.key));
    if (hit === undefined) continue;
    if (explicit && rev < first) {
      add('resumable', rev, `watch from ${start} must deliver ${hit.key}@${rev} first, but began at ${first === Infinity ? 'nothing' : first}`, hit.key);
    } else {
      add('reliable', rev, `gap: ${hit.key}@${rev} not delivered (watch from ${start}, delivered up to ${last})`, hit.key);
    }
  }
}
