/**
 * Pure layout of the raft log panel: which indexes the window shows, and for each member one row
 * of cells (an entry with its term, a compacted index, or nothing yet), committed or not, plus
 * the leader's Progress of that member (match/next/state).
 *
 * ```
 *  index   31 32 33 34 35 36 37
 *  infra1  ░░ ░░ [3][3][4][4][4]     ░░ compacted into the snapshot
 *  infra2        [3][3][4][4]/4/     /4/ uncommitted (hatched)
 *                          ▲m  ▲n    the leader's match and next for infra2
 * ```
 */
import type { MemberView, ProgressView } from '../store/cluster-store';

/** One cell of a member's row. */
export interface LogCell {
  index: number;
  /** entry: in the log; compacted: folded into the snapshot; absent: beyond its last index. */
  kind: 'entry' | 'compacted' | 'absent';
  term: number;
  committed: boolean;
  applied: boolean;
  /** Set by the panel when this index held an entry of another term before (a conflict raft overwrote). */
  overwritten?: boolean;
  /**
   * Set on the cells the last commit-index move covered: their place in the sweep (0 = the
   * first newly committed entry), so the panel can sweep them left to right once.
   */
  sweep?: number;
}

/** One member's row. */
export interface LogRow {
  id: number;
  name: string;
  role: MemberView['role'];
  commit: number;
  applied: number;
  lastIndex: number;
  cells: LogCell[];
  /** The leader's Progress of this member, when a leader reports one (not on the leader's own row). */
  progress?: ProgressView;
}

/** The raft log window. */
export interface LogLayout {
  /** First and last index shown (hi < lo when every log is empty). */
  lo: number;
  hi: number;
  rows: LogRow[];
  /** Name of the leader whose Progress the rows show. */
  leader?: string;
}

/** Lays out the newest `width` indexes of every member's log. */
export function raftLogLayout(members: MemberView[], width = 40): LogLayout {
  const hi = Math.max(0, ...members.map((m) => m.lastIndex));
  const lo = Math.max(1, hi - width + 1);
  const leader = members.filter((m) => m.role === 'leader').sort((a, b) => b.term - a.term)[0];
  const rows = members.map((m): LogRow => {
    const cells: LogCell[] = [];
    for (let i = lo; i <= hi; i++) cells.push(cellOf(m, i));
    const row: LogRow = { id: m.id, name: m.name, role: m.role, commit: m.commit, applied: m.applied, lastIndex: m.lastIndex, cells };
    const p = leader && leader.id !== m.id ? leader.progress?.find((x) => x.id === m.id) : undefined;
    if (p) row.progress = p;
    return row;
  });
  const out: LogLayout = { lo, hi, rows };
  if (leader) out.leader = leader.name;
  return out;
}

function cellOf(m: MemberView, i: number): LogCell {
  const snap = m.snapshotIndex ?? 0;
  const base = { index: i, committed: i <= m.commit, applied: i <= m.applied };
  if (i <= snap) return { ...base, kind: 'compacted', term: 0 };
  const lt = m.logTerms;
  if (i > m.lastIndex || !lt) return { ...base, kind: 'absent', term: 0, committed: false, applied: false };
  const term = lt.terms[i - lt.first];
  if (term === undefined) return { ...base, kind: 'compacted', term: 0 };
  return { ...base, kind: 'entry', term };
}

/**
 * Fill colours of log cells, cycled by term (RaftScope's convention); light enough for dark
 * text (the term number is always printed too, so colour is never the only signal).
 */
export const TERM_COLOURS = ['#bcd7ee', '#fbd9a0', '#b5e3d1', '#efc7de', '#c9e6f7', '#f6cdb3', '#f4eea6'];

/** The colour of entries of `term`. */
export function termColour(term: number): string {
  return TERM_COLOURS[((term % TERM_COLOURS.length) + TERM_COLOURS.length) % TERM_COLOURS.length]!;
}

/**
 * Marks the entries each member newly committed since `prev` with their order in the sweep
 * (see LogCell.sweep). A member seen for the first time sweeps nothing.
 */
export function markCommitSweep(prev: LogLayout, next: LogLayout): LogLayout {
  for (const row of next.rows) {
    const old = prev.rows.find((r) => r.id === row.id);
    if (!old || row.commit <= old.commit) {
      // Nothing new committed: keep a running sweep's marks so a re-render does not cut it short.
      for (const c of row.cells) {
        const o = old?.cells.find((x) => x.index === c.index);
        if (o?.sweep !== undefined && c.kind === 'entry' && c.committed) c.sweep = o.sweep;
      }
      continue;
    }
    for (const c of row.cells) if (c.kind === 'entry' && c.index > old.commit && c.index <= row.commit) c.sweep = c.index - old.commit - 1;
  }
  return next;
}
