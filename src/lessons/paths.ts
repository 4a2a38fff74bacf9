/**
 * Paths: how a lesson names a value of the world in conditions (`leader != none`) and in
 * placeholders (`kill {leader}`, `put --lease={lease} ...`).
 *
 * ```
 *   leader                      the elected leader's name (a majority follows it) or none
 *   term commit applied revision compact-revision last-index     the leader's
 *   running  members            how many members run / exist
 *   min.<field>  max.<field>    over the running members (min.applied: what every member applied)
 *   <member>.<field>            member = infra3 | leader | follower | follower2 ;
 *                               field = id state term leader commit applied revision
 *                                       compact-revision last-index snapshot-index first-index endpoint
 *   <member>.<backend field>    db-size db-size-in-use btree-depth btree-keys leaf-pages
 *                               branch-pages free-pages (a bare one is the leader's)
 *   delivered.<MsgType>         raft messages of that type delivered so far (delivered.MsgSnap)
 *   follower  follower2 ... 4   names of running voters other than the leader, in name order
 *   stopped                     the first stopped member's name (or none)
 *   console  console:2          the text of every tab / of tab 2
 *   key:<key>  key:<key>@<m>    the key's value (serializable) at the leader / at member m
 *   <capture>                   last match of a `capture` in the console output
 *   start.<path>                the path's value when the step began
 *   <name>  <name>.<field>      a value the lesson remembered (`remember old {leader}`)
 * ```
 */
import type { Capture } from './scenario';
import type { BackendStats, MemberStatus } from './world';

/** Everything a path can read, gathered once per check. */
export interface WorldSnapshot {
  members: MemberStatus[];
  consoles: string[];
  /** Values of `key:` paths, fetched before resolving (`key@member` -> value, null when absent, undefined when the read failed). */
  keys: Map<string, string | null | undefined>;
  /** Raft messages delivered since the cluster started, by type. */
  delivered: Record<string, number>;
  /** Backends of the members whose backend fields are read, by member name. */
  backends: Map<string, BackendStats>;
  /** `start.<path>` values recorded when the step began. */
  start: Map<string, string>;
  captures: readonly Capture[];
  /** Values the lesson remembered (`remember old {leader}`), by name. */
  vars: Map<string, string>;
}

/** A path that names nothing (a typo in a lesson, or a value not yet there). */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

const FIELDS: Record<string, (m: MemberStatus) => string | number> = {
  name: (m) => m.name,
  id: (m) => m.id,
  state: (m) => m.state,
  term: (m) => m.term,
  leader: (m) => m.leader || 'none',
  commit: (m) => m.commit,
  applied: (m) => m.applied,
  revision: (m) => m.revision,
  'compact-revision': (m) => m.compactRevision,
  'last-index': (m) => m.lastIndex,
  'snapshot-index': (m) => m.snapshotIndex,
  'first-index': (m) => m.firstIndex,
  endpoint: (m) => m.endpoint,
};

/** Fields of a member's backend (`leader.btree-depth`, `infra2.db-size`); read only when named. */
export const BACKEND_FIELDS: Record<string, (b: BackendStats) => number> = {
  'db-size': (b) => b.dbSize,
  'db-size-in-use': (b) => b.dbSizeInUse,
  'btree-depth': (b) => b.depth,
  'btree-keys': (b) => b.keys,
  'leaf-pages': (b) => b.leafPages,
  'branch-pages': (b) => b.branchPages,
  'free-pages': (b) => b.freePages,
};

/**
 * The members whose backend the paths read (`leader.db-size` -> the leader's name; a bare
 * `db-size` is the leader's), for the snapshot to fetch.
 */
export function backendMembers(paths: readonly string[], s: WorldSnapshot): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const q = p.startsWith('start.') ? p.slice(6) : p;
    const dot = q.lastIndexOf('.');
    const field = dot < 0 ? q : q.slice(dot + 1);
    if (!(field in BACKEND_FIELDS)) continue;
    const head = dot < 0 ? 'leader' : q.slice(0, dot);
    const m = memberRef(s, s.vars.get(head) ?? head);
    if (m && m.state !== 'stopped') out.add(m.name);
  }
  return [...out];
}

/** A backend field of a member: `none` when the member or its backend is not there. */
function backendField(s: WorldSnapshot, word: string, field: string): string {
  const m = memberRef(s, s.vars.get(word) ?? word);
  const b = m ? s.backends.get(m.name) : undefined;
  return b ? String(BACKEND_FIELDS[field]!(b)) : 'none';
}

/** What a `key:` path reads when the read failed: equal to nothing a lesson writes. */
export const UNREAD = '\u0000unread';

/** Words that name a member by its role. */
const REFS = ['leader', 'follower', 'follower2', 'follower3', 'follower4', 'stopped'];

const running = (s: WorldSnapshot): MemberStatus[] => s.members.filter((m) => m.state !== 'stopped');

/** The leader a majority of the voting members follows (highest term first), if any. */
export function electedLeader(members: readonly MemberStatus[]): MemberStatus | undefined {
  const voters = members.filter((m) => m.state !== 'learner').length;
  const quorum = Math.floor(voters / 2) + 1;
  const leaders = members.filter((m) => m.state === 'leader').sort((a, b) => b.term - a.term);
  return leaders.find((l) => members.filter((m) => m.leader === l.name && m.state !== 'learner' && m.state !== 'stopped').length >= quorum);
}

/** Running voters other than the leader, in name order. */
function followers(s: WorldSnapshot): MemberStatus[] {
  const lead = electedLeader(s.members);
  return running(s)
    .filter((m) => m.name !== lead?.name && m.state !== 'learner')
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** The member a word names: infra3, leader, follower, follower2 (undefined when there is none). */
function memberRef(s: WorldSnapshot, word: string): MemberStatus | undefined {
  if (word === 'leader') return electedLeader(s.members);
  if (word === 'follower') return followers(s)[0];
  const nth = /^follower([2-6])$/.exec(word);
  if (nth) return followers(s)[Number(nth[1]) - 1];
  if (word === 'stopped') return s.members.find((m) => m.state === 'stopped');
  return s.members.find((m) => m.name === word);
}

/** The last match (group 1) of a capture in the console text. */
function captured(c: Capture, consoles: readonly string[]): string | undefined {
  let last: string | undefined;
  for (const m of consoles.join('\n').matchAll(new RegExp(c.pattern.source, 'g'))) last = m[1] ?? m[0];
  return last;
}

/** Splits `key:a/b@infra2` into the key and the member word ('' for the leader). */
export function keyPath(path: string): { key: string; member: string } | undefined {
  if (!path.startsWith('key:')) return undefined;
  const body = path.slice(4);
  const at = body.lastIndexOf('@');
  return at < 0 ? { key: body, member: '' } : { key: body.slice(0, at), member: body.slice(at + 1) };
}

/** Reads a path; throws PathError for a path that names nothing. Absent values read as `none`. */
export function resolvePath(path: string, s: WorldSnapshot): string {
  // A placeholder that named nothing (`{leader}` with no leader) reads as none, and so does its field.
  if (path === 'none' || path.startsWith('none.')) return 'none';
  if (path.startsWith('start.')) {
    const v = s.start.get(path.slice(6));
    if (v === undefined) throw new PathError(`${path} was not recorded when the step began`);
    return v;
  }
  const k = keyPath(path);
  if (k) {
    const v = s.keys.get(`${k.key}@${k.member}`);
    // A read that failed matches no value at all, not even none.
    return v === null ? 'none' : v === undefined ? UNREAD : v;
  }
  if (path === 'console') return s.consoles.join('\n');
  const tab = /^console:(\d)$/.exec(path);
  if (tab) return s.consoles[Number(tab[1]) - 1] ?? '';
  const remembered = s.vars.get(path);
  if (remembered !== undefined) return remembered;
  const cap = s.captures.find((c) => c.name === path);
  if (cap) return captured(cap, s.consoles) ?? 'none';
  if (path.startsWith('delivered.')) return String(s.delivered[path.slice(10)] ?? 0);
  if (path in BACKEND_FIELDS) return backendField(s, 'leader', path);
  if (path === 'running') return String(running(s).length);
  if (path === 'members') return String(s.members.length);
  if (REFS.includes(path)) return memberRef(s, path)?.name ?? 'none';
  if (path in FIELDS && path !== 'name' && path !== 'state' && path !== 'endpoint') {
    const lead = electedLeader(s.members);
    return lead ? String(FIELDS[path]!(lead)) : '0';
  }
  const dot = path.indexOf('.');
  if (dot > 0) {
    const head = path.slice(0, dot);
    const bfield = path.slice(dot + 1);
    if (bfield in BACKEND_FIELDS && (REFS.includes(head) || /^infra\d+$/.test(head) || s.vars.has(head))) return backendField(s, head, bfield);
    const field = FIELDS[path.slice(dot + 1)];
    if (!field) throw new PathError(`unknown field in ${path}; fields are ${Object.keys(FIELDS).join(', ')}`);
    if (head === 'min' || head === 'max') {
      const vs = running(s).map((m) => Number(field(m)));
      if (vs.length === 0) return '0';
      return String(head === 'min' ? Math.min(...vs) : Math.max(...vs));
    }
    if (REFS.includes(head) || /^infra\d+$/.test(head) || s.vars.has(head)) {
      const m = memberRef(s, s.vars.get(head) ?? head);
      return m ? String(field(m)) : 'none';
    }
  }
  throw new PathError(`"${path}" names nothing a lesson can read (see src/lessons/paths.ts)`);
}

/** Replaces each `{path}` in `text` with the path's value. */
export function substitute(text: string, s: WorldSnapshot): string {
  return text.replace(/\{([^{}\s]+)\}/g, (_, p: string) => resolvePath(p, s));
}

/** The paths a text's placeholders name. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([^{}\s]+)\}/g)].map((m) => m[1]!);
}
