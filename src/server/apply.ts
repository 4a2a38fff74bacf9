/**
 * The apply path (etcd's EtcdServer.apply / applyEntryNormal / applyConfChange): every member
 * applies every committed entry, in order, to its backend. The consistent index of an entry is
 * written in the same backend batch as its data, so after a restart the entries at or below the
 * backend's consistent index are not applied again (conf changes still reach raft's config).
 */
import type { Entry } from '../raft';
import { applyConfChangeEntry } from './apply-membership';
import { applyOp } from './apply-kv';
import { crc32 } from './crc32';
import { toClientError } from './errors';
import { decodeRequest } from './request';
import type { EtcdServer } from './server';

/** Applies committed entries in order (synchronous: backend writes are buffered in the batch). */
export function applyEntries(s: EtcdServer, ents: readonly Entry[]): void {
  for (const e of ents) {
    if (s.stopped) return;
    const shouldApply = e.index > s.kv.consistentIndex();
    switch (e.type) {
      case 'EntryNormal':
        applyEntryNormal(s, e, shouldApply);
        break;
      case 'EntryConfChange':
        applyConfChangeEntry(s, e, shouldApply);
        break;
      default: {
        const never: never = e.type;
        throw new Error(`unknown entry type ${String(never)}`);
      }
    }
    s.appliedIndex = e.index;
    s.appliedTerm = e.term;
  }
  void s.be.maybeCommit(s.nowMs)?.catch((err: unknown) => s.onStorageError(err));
}

function applyEntryNormal(s: EtcdServer, e: Entry, shouldApply: boolean): void {
  if (shouldApply) s.kv.setConsistentIndex(e.index, e.term);
  if (e.data.length === 0) {
    // the empty entry a new leader appends: once applied, every earlier term is applied too
    if (s.raftState === 'StateLeader' && e.term === s.r.node.raft.term && !s.lessor.isPrimary()) {
      s.lessor.promote(s.cfg.electionTicks * s.cfg.tickMs, s.nowMs);
    }
    if (s.tracing) s.emit({ kind: 'apply', member: s.raftId, index: e.index, term: e.term, revision: s.kv.rev(), op: 'empty' });
    return;
  }
  if (!shouldApply) return;
  const r = decodeRequest(e.data);
  let result: unknown;
  let err: unknown;
  try {
    result = applyOp(s, r.op);
  } catch (x) {
    if (x instanceof Error && x.name === 'AssertionError') throw x;
    err = x;
  }
  if (s.wait.has(r.ID)) {
    const tag = crc32(e.data);
    if (err !== undefined) s.wait.fail(r.ID, tag, toClientError(err));
    else s.wait.trigger(r.ID, tag, result);
  }
  if (s.tracing) s.emit({ kind: 'apply', member: s.raftId, index: e.index, term: e.term, revision: s.kv.rev(), op: r.op.type });
}
