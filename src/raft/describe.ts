import { decodeConfChange } from './confchange-codec';
import { isEmptySnap } from './messages';
import type { ConfState, Entry, Message, Snapshot } from './messages';

/**
 * Human-readable one-line renderings of messages and entries, in etcd-raft's DescribeMessage
 * format, used by the datadriven tests and the UI's message log.
 */

const decoder = new TextDecoder();

/** describeEntry renders an entry as `term/index Type payload`. */
export function describeEntry(e: Entry): string {
  if (e.type === 'EntryConfChange') {
    const cc = decodeConfChange(e.data);
    return `${e.term}/${e.index} EntryConfChange ${cc.type.replace('ConfChange', '')} ${cc.nodeId}`;
  }
  return `${e.term}/${e.index} EntryNormal ${JSON.stringify(decoder.decode(e.data))}`;
}

/** describeConfState renders a ConfState as `Voters:[1 2 3] Learners:[]`. */
export function describeConfState(cs: ConfState): string {
  return `Voters:[${cs.voters.join(' ')}] Learners:[${cs.learners.join(' ')}]`;
}

/** describeSnapshot renders a snapshot's metadata. */
export function describeSnapshot(s: Snapshot): string {
  return `Index:${s.metadata.index} Term:${s.metadata.term} ConfState:${describeConfState(s.metadata.confState)}`;
}

/** describeMessage renders m like etcd: `1->2 MsgApp Term:1 Log:1/2 Commit:2 Entries:[...]`. */
export function describeMessage(m: Message): string {
  let s = `${m.from}->${m.to} ${m.type} Term:${m.term} Log:${m.logTerm}/${m.index}`;
  if (m.reject) s += ` Rejected (Hint: ${m.rejectHint})`;
  if (m.commit !== 0) s += ` Commit:${m.commit}`;
  if (m.entries.length > 0) s += ` Entries:[${m.entries.map(describeEntry).join(', ')}]`;
  if (m.snapshot !== undefined && !isEmptySnap(m.snapshot)) s += ` Snapshot: ${describeSnapshot(m.snapshot)}`;
  return s;
}
