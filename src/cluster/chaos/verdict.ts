/**
 * What a chaos run hands back: the verdict of every check, the faults as they happened, and the
 * history as timeline operations (one per client call, with its outcome), plus the plain-words
 * summary the page shows.
 */
import type { HistoryEvent, OpFunction, WatchGuarantee } from '../../sim/checkers';
import type { ChaosFaultKind } from '../../sim/chaos-schedule';
import type { AppliedFault } from './faults';

/** Process numbers of the final reads start here (their lane is "final reads"). */
export const FINAL_READ_PROCESS = 1_000_000;

/** One client call as the timeline draws it. */
export interface TimelineOp {
  /** Index in `ops`. */
  id: number;
  process: number;
  /** Lane: the client slot (process mod clients), or -1 for the final reads. */
  client: number;
  f: OpFunction;
  key: string;
  /** put/cas: the value written; get ok: the value read (null: absent). */
  value?: string | null;
  expect?: string | null;
  succeeded?: boolean;
  rev?: number;
  /** Cluster ms. `ret` is Infinity for an operation whose outcome is unknown (info). */
  call: number;
  ret: number;
  /** When the client gave up on an info operation (drawn as the solid part of its bar). */
  gaveUpAt?: number;
  outcome: 'ok' | 'fail' | 'info';
  error?: string;
}

/** A write acknowledged to a client but missing (or different) on a member. */
export interface LostWrite {
  key: string;
  value: string;
  rev: number;
  member: string;
  found: string | null;
}

/** The verdict on one chaos run. */
export interface ChaosVerdict {
  seed: number;
  members: string[];
  clients: number;
  faultKinds: ChaosFaultKind[];
  /** Planned run length and the cluster time the run started at (ms). */
  durationMs: number;
  startedAt: number;
  /** Cluster ms when every fault was healed. */
  healedAt: number;
  /** Wall-clock ms from Run to verdict. */
  wallMs: number;
  /** True when Stop ended the faults early. */
  stopped: boolean;
  linearizable: 'ok' | 'violation' | 'unknown';
  watch: {
    ok: boolean;
    guarantees: Partial<Record<WatchGuarantee, 'ok' | 'violated'>>;
    watches: number;
    events: number;
    violations: string[];
  };
  lostWrites: {
    /** Acknowledged writes checked on every member (writes x members reads). */
    checked: number;
    lost: LostWrite[];
    /** hashKV of every member at `revision`, and whether they agree. */
    hashes: Record<string, number>;
    hashesEqual: boolean;
    revision: number;
    /** Members that never came back (down or behind) before the checks. */
    unavailable: string[];
  };
  liveness: { okAfterHeal: number };
  ops: { total: number; ok: number; fail: number; info: number };
  faults: AppliedFault[];
  timeline: TimelineOp[];
  /** On a violation: the annotated excerpt and the timeline ids of the offending operations. */
  excerpt?: string;
  failure?: { key: string; stuck: number; concurrent: number[]; reason: string };
  revisionOrder: string[];
  check: { ms: number; longestSliceMs: number; steps: number; opsChecked: number };
}

/** Pairs a history's invocations with their completions, as timeline operations. */
export function timelineOps(events: readonly HistoryEvent[], clients: number): TimelineOp[] {
  const open = new Map<number, TimelineOp>();
  const out: TimelineOp[] = [];
  for (const ev of events) {
    if (ev.type === 'invoke') {
      const op: TimelineOp = {
        id: out.length, process: ev.process, client: ev.process >= FINAL_READ_PROCESS ? -1 : ev.process % clients,
        f: ev.f, key: ev.key, call: ev.time, ret: Infinity, outcome: 'info',
      };
      if (ev.value !== undefined) op.value = ev.value;
      if (ev.expect !== undefined) op.expect = ev.expect;
      open.set(ev.process, op);
      out.push(op);
      continue;
    }
    const op = open.get(ev.process);
    if (!op) continue;
    open.delete(ev.process);
    op.outcome = ev.type;
    if (ev.type === 'info') op.gaveUpAt = ev.time;
    else op.ret = ev.time;
    if (ev.type === 'ok' && ev.f === 'get') op.value = ev.value ?? null;
    if (ev.succeeded !== undefined) op.succeeded = ev.succeeded;
    if (ev.rev !== undefined) op.rev = ev.rev;
    if (ev.error !== undefined) op.error = ev.error;
  }
  return out;
}

const n = (x: number): string => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`): string => `${n(x)} ${x === 1 ? one : many}`;

/** The verdict in plain words, one sentence per check. */
export function summarize(v: ChaosVerdict): string[] {
  const faults = plural(v.faults.filter((f) => f.error === undefined).length, 'fault');
  const head = `${plural(v.ops.total, 'operation')} by ${plural(v.clients, 'client')} under ${faults}`;
  const lin =
    v.linearizable === 'ok'
      ? `Linearizable: ${head}.`
      : v.linearizable === 'violation'
        ? `Not linearizable: ${head}; ${v.failure ? `key ${v.failure.key}: ${v.failure.reason}` : (v.revisionOrder[0] ?? 'see the excerpt')}.`
        : `Unknown: the checker gave up on ${head} (too many concurrent operations of unknown outcome).`;
  const lw = v.lostWrites;
  const lost =
    lw.lost.length > 0
      ? `${plural(lw.lost.length, 'acknowledged write')} missing on a member (first: ${lw.lost[0]!.key}=${lw.lost[0]!.value}@${lw.lost[0]!.rev} on ${lw.lost[0]!.member}).`
      : lw.unavailable.length > 0
        ? `Could not check every member: ${lw.unavailable.join(', ')} did not catch up.`
        : `Every acknowledged write (${n(lw.checked / Math.max(1, v.members.length))}) is on every member; hashKV agrees at revision ${n(lw.revision)}${lw.hashesEqual ? '' : ' — NO: the hashes differ'}.`;
  const ok = Object.entries(v.watch.guarantees).filter(([, s]) => s === 'ok').map(([g]) => g);
  const bad = Object.entries(v.watch.guarantees).filter(([, s]) => s === 'violated').map(([g]) => g);
  const watch =
    bad.length === 0
      ? `Watches ${ok.slice(0, 5).join(', ')} (${plural(v.watch.events, 'event')} over ${plural(v.watch.watches, 'watch stream')}).`
      : `Watch guarantees broken: ${bad.join(', ')} (${v.watch.violations[0] ?? ''}).`;
  const live = v.liveness.okAfterHeal > 0 ? `After the faults healed the cluster served ${plural(v.liveness.okAfterHeal, 'operation')} again.` : 'After the faults healed no operation succeeded: the cluster did not recover.';
  return [lin, lost, watch, live];
}
