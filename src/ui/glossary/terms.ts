/**
 * The glossary: etcd's and Raft's words as the page uses them, one or two plain lines each.
 * Written for etcdscope, in the spirit of etcd's own glossary (etcd.io "Glossary") and the Raft
 * paper/thesis; where etcdscope differs from a real etcd deployment the entry says so.
 */

/** One glossary entry. */
export interface GlossaryEntry {
  /** Stable id used by `<Term id=…>` and the `#glossary-<id>` anchors. */
  id: string;
  /** The term as written in the glossary list. */
  term: string;
  /** One or two sentences. */
  text: string;
  /** Ids of related entries. */
  see?: string[];
}

/** Every entry, in reading order of a newcomer (the panel sorts them alphabetically). */
export const GLOSSARY: readonly GlossaryEntry[] = [
  { id: 'cluster', term: 'cluster', text: 'A group of members that replicate one key-value store through Raft. It has a cluster ID and stays available while a quorum of its members is up.', see: ['member', 'quorum'] },
  { id: 'member', term: 'member', text: 'A logical etcd server taking part in a cluster: one Raft node plus the key-value store, with a name (infra1), a member ID, peer URLs and client URLs. Here each member runs in its own Web Worker.', see: ['node', 'peer'] },
  { id: 'node', term: 'node', text: 'An instance of the Raft state machine, with a unique ID, a log, a term and a vote. Every etcd member runs exactly one.', see: ['member'] },
  { id: 'peer', term: 'peer', text: 'Another member of the same cluster. Members exchange Raft messages with their peers over peer URLs (port 2380 in real etcd; here a simulated network bus).' },
  { id: 'client', term: 'client', text: 'Anything that sends requests to the client URLs (port 2379): etcdctl, an application using clientv3, or the HTTP/JSON gateway. The console here is a client.' },
  { id: 'proxy', term: 'proxy', text: 'A stateless process that forwards client requests to a cluster (etcd\'s gRPC proxy). It stores no data and takes no part in Raft; etcdscope runs none.' },
  { id: 'raft', term: 'Raft', text: 'The consensus algorithm etcd uses to keep every member\'s log identical: one leader per term replicates entries, and an entry counts once a quorum stores it.', see: ['leader', 'term', 'quorum'] },
  { id: 'leader', term: 'leader', text: 'The one member of a term that accepts proposals, appends them to its log and replicates them. Its heartbeats keep the followers from starting an election.', see: ['follower', 'heartbeat'] },
  { id: 'follower', term: 'follower', text: 'A member that takes entries and heartbeats from the leader. If it hears nothing for an election timeout, it starts to campaign.', see: ['election-timeout', 'pre-vote'] },
  { id: 'candidate', term: 'candidate', text: 'A member campaigning to lead: it raised its term, voted for itself and asks the others for their votes. Votes from a quorum make it leader.', see: ['term', 'quorum'] },
  { id: 'pre-candidate', term: 'pre-candidate', text: 'A member running a pre-vote: it asks whether it could win before raising its term.', see: ['pre-vote'] },
  { id: 'pre-vote', term: 'pre-vote', text: 'A trial election (Raft thesis §9.6) that does not raise the term, so a member that was cut off cannot disrupt a healthy leader when it comes back. etcd enables it by default.' },
  { id: 'learner', term: 'learner', text: 'A non-voting member: it receives the log like a follower but does not count toward quorum and cannot become leader, so a new member can catch up before it is promoted.' },
  { id: 'term', term: 'term', text: 'Raft\'s logical clock: a number that grows with every election. A term has at most one leader, and a message from a higher term makes a member step down to follower.' },
  { id: 'election-timeout', term: 'election timeout', text: 'How long a follower waits without hearing a leader before it campaigns: 10 ticks (1 s) by default, randomized between 1x and 2x so members rarely time out together.', see: ['tick'] },
  { id: 'heartbeat', term: 'heartbeat', text: 'The message (MsgHeartbeat) the leader sends every heartbeat interval (1 tick, 100 ms) to tell followers it is alive and how far the log is committed.' },
  { id: 'tick', term: 'tick', text: 'The unit of a member\'s Raft clock: etcd ticks every heartbeat interval (100 ms). Timeouts are counted in ticks, and so is the timeline at the bottom.' },
  { id: 'quorum', term: 'quorum', text: 'A majority of the voting members: 2 of 3, 3 of 5, 4 of 7. Entries commit and leaders win only with a quorum, and any two quorums share a member.' },
  { id: 'entry', term: 'log entry', text: 'One proposal in the Raft log (a put, a txn, a configuration change), stamped with the term it was proposed in and its index.', see: ['index', 'proposal'] },
  { id: 'proposal', term: 'proposal', text: 'A request that must go through Raft before it takes effect, such as a write or a membership change. Only the leader appends proposals to the log.' },
  { id: 'index', term: 'index', text: 'The position of an entry in the Raft log, from 1. Two logs holding an entry with the same index and term are identical up to it (Log Matching).' },
  { id: 'commit', term: 'commit index', text: 'The highest log index known to be stored on a quorum. A committed entry is never lost and may be applied.', see: ['applied'] },
  { id: 'applied', term: 'applied index', text: 'The highest log index a member has applied to its key-value store; it trails the commit index for a moment.', see: ['consistent-index'] },
  { id: 'progress', term: 'Progress (match / next)', text: 'The leader\'s record of each follower: match is the highest index known replicated there, next the index it sends next; the state is probe, replicate or snapshot.' },
  { id: 'wal', term: 'WAL', text: 'Write-ahead log: where a member appends Raft entries and its HardState (term, vote, commit) before acting on them, so it recovers after a crash. Here it lives in IndexedDB.' },
  { id: 'snapshot', term: 'snapshot', text: 'A copy of the applied state at some index, so older log entries can be discarded; a leader sends one (MsgSnap) to a follower too far behind. `etcdctl snapshot save` copies the backend database.', see: ['wal'] },
  { id: 'mvcc', term: 'MVCC', text: 'Multi-version concurrency control: etcd keeps every version of each key, indexed by revision, so any revision not yet compacted can be read or watched.', see: ['revision'] },
  { id: 'revision', term: 'revision', text: 'The key space\'s logical clock: a counter that grows by one with every transaction that changes keys (put, delete, txn). Each version of a key records the revision that wrote it.', see: ['generation', 'compaction'] },
  { id: 'generation', term: 'generation', text: 'One life of a key, from its creation to its deletion. A delete ends the generation with a tombstone; a later put starts a new one, with version back at 1.', see: ['tombstone'] },
  { id: 'tombstone', term: 'tombstone', text: 'What a delete writes: a revision recording that the key is gone. It closes the key\'s generation; compaction later removes it.' },
  { id: 'compaction', term: 'compaction', text: 'Dropping the versions older than a chosen revision (etcdctl compact N). Reads or watches below it fail with "mvcc: required revision has been compacted". Not the same as trimming the Raft log after a snapshot.' },
  { id: 'lease', term: 'lease', text: 'A time-to-live granted by the cluster. Keys attached to it are deleted when it expires or is revoked; a client keeps it alive with keep-alives.' },
  { id: 'txn', term: 'txn', text: 'A transaction: if every compare holds, run the success operations, otherwise the failure ones, atomically and at a single revision.' },
  { id: 'watch', term: 'watch', text: 'A stream of the changes to a key or range from a given revision on, delivered in revision order, each event once.' },
  { id: 'read-index', term: 'ReadIndex', text: 'How etcd serves a linearizable read without writing the log: the leader notes its commit index, confirms with a heartbeat round that it still leads, and the read waits until that index is applied.' },
  { id: 'consistent-index', term: 'consistent index', text: 'The index of the last Raft entry applied to the backend, written in the same transaction as the data, so a restarted member never applies an entry twice.' },
  { id: 'backend', term: 'backend', text: 'The B+tree file where a member keeps its key versions keyed by revision (bbolt in etcd; here a copy-on-write B+tree stored in IndexedDB).' },
];

const BY_ID = new Map(GLOSSARY.map((e) => [e.id, e]));

/** The entry for `id` (throws for an unknown id, so a typo in a `<Term>` fails loudly in tests). */
export function glossaryEntry(id: string): GlossaryEntry {
  const e = BY_ID.get(id);
  if (!e) throw new Error(`no glossary entry "${id}"`);
  return e;
}
