/**
 * coalesceMessages: fewer, bigger raft messages per Ready. Under many concurrent clients the
 * leader proposes entry after entry, and raft emits one MsgApp per proposal per follower; each
 * becomes a structured clone, a bus event, a follower step and a MsgAppResp. Back-to-back
 * appends to the same follower that continue each other are merged into one, and a follower's
 * back-to-back acknowledgements of the same term keep only the newest, which covers the others.
 *
 * ```
 *  MsgApp{to 2, index 10, ents [11]}  MsgApp{to 2, index 11, ents [12]}
 *    ==> MsgApp{to 2, index 10, logTerm of 10, ents [11, 12], commit of the second}
 *  MsgAppResp{to 1, index 11}  MsgAppResp{to 1, index 12}  ==> MsgAppResp{to 1, index 12}
 * ```
 * A merged MsgApp is exactly what raft would have sent with a larger size budget, and a dropped
 * acknowledgement is one the leader would skip anyway (it acknowledges every index below its
 * own: Progress.maybeUpdate, Inflights.freeLE), so raft's behaviour is unchanged. Messages to
 * the same member keep their order; a message of another kind in between stops a merge.
 */
import type { Message } from '../raft';

function continues(a: Message, b: Message): boolean {
  if (a.type !== 'MsgApp' || b.type !== 'MsgApp') return false;
  if (a.term !== b.term || a.from !== b.from || a.entries.length === 0) return false;
  const last = a.entries[a.entries.length - 1]!;
  return b.index === last.index && b.logTerm === last.term && b.commit >= a.commit;
}

function supersedes(a: Message, b: Message): boolean {
  return a.type === 'MsgAppResp' && b.type === 'MsgAppResp' && !a.reject && !b.reject && a.term === b.term && a.from === b.from && b.index >= a.index && b.commit >= a.commit;
}

/** Merges back-to-back MsgApps and MsgAppResps per receiver (see the file comment). */
export function coalesceMessages(msgs: Message[]): Message[] {
  if (msgs.length < 2) return msgs;
  const out: Message[] = [];
  /** Position in `out` of the last message to each receiver. */
  const lastTo = new Map<number, number>();
  for (const m of msgs) {
    const at = lastTo.get(m.to);
    const prev = at === undefined ? undefined : out[at];
    if (prev !== undefined && continues(prev, m)) {
      out[at!] = { ...prev, entries: prev.entries.concat(m.entries), commit: m.commit };
      continue;
    }
    if (prev !== undefined && supersedes(prev, m)) {
      out[at!] = m;
      continue;
    }
    lastTo.set(m.to, out.length);
    out.push(m);
  }
  return out;
}
