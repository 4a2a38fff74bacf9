/**
 * messageFields: a raft message in flight as the message inspector shows it: etcd-raft's
 * field names (type, from, to, term, logTerm, index, entries, commit, reject, rejectHint,
 * snapshot) as plain data a React panel can render, with member names instead of raft ids.
 */
import type { Message } from '../raft';
import { decodeMessage } from '../server/msg-codec';
import type { Envelope } from './network';

/** One message in flight, for the inspector. Times are cluster ms. */
export interface InFlightMessage {
  id: number;
  type: string;
  from: string;
  to: string;
  sentAt: number;
  deliverAt: number;
  /** Drawn as lost by the bus: it will die on arrival. */
  lost: boolean;
  /** etcd-raft's fields, in its order; fields that do not apply to this type are left out. */
  fields: { name: string; value: string }[];
}

const usesLog = new Set(['MsgApp', 'MsgVote', 'MsgPreVote', 'MsgAppResp', 'MsgSnap']);
const carriesCommit = new Set(['MsgApp', 'MsgHeartbeat', 'MsgSnap']);
const isResponse = (t: string): boolean => t.endsWith('Resp');

/**
 * Builds the inspector's view of one envelope; `name` maps a raft id to a member name. The bus
 * carries the members' encoded buffers, decoded here only when someone looks.
 */
export function messageFields(env: Envelope<Message | ArrayBuffer>, name: (raftId: number) => string): InFlightMessage {
  const m = env.msg instanceof ArrayBuffer ? decodeMessage(env.msg) : env.msg;
  const fields: { name: string; value: string }[] = [
    { name: 'type', value: m.type },
    { name: 'from', value: `${name(m.from)} (${m.from})` },
    { name: 'to', value: `${name(m.to)} (${m.to})` },
    { name: 'term', value: String(m.term) },
  ];
  if (usesLog.has(m.type) && !isResponse(m.type)) fields.push({ name: 'logTerm', value: String(m.logTerm) });
  if (usesLog.has(m.type) || m.type === 'MsgReadIndex' || m.type === 'MsgReadIndexResp') fields.push({ name: 'index', value: String(m.index) });
  if (m.type === 'MsgApp' || m.type === 'MsgProp' || m.type === 'MsgReadIndex') {
    const bytes = m.entries.reduce((n, e) => n + e.data.length, 0);
    const range = m.entries.length ? ` (${m.entries[0]!.index}..${m.entries[m.entries.length - 1]!.index}, ${bytes} bytes)` : '';
    fields.push({ name: 'entries', value: `${m.entries.length}${range}` });
  }
  if (carriesCommit.has(m.type)) fields.push({ name: 'commit', value: String(m.commit) });
  if (isResponse(m.type)) fields.push({ name: 'reject', value: String(m.reject) });
  if (m.reject) fields.push({ name: 'rejectHint', value: String(m.rejectHint) });
  if (m.snapshot) fields.push({ name: 'snapshot', value: `index ${m.snapshot.metadata.index}, term ${m.snapshot.metadata.term}, ${m.snapshot.data.length} bytes` });
  if (m.context && m.context.length) fields.push({ name: 'context', value: new TextDecoder().decode(m.context) });
  return { id: env.id, type: env.type, from: name(env.from), to: name(env.to), sentAt: env.sentAt, deliverAt: env.deliverAt, lost: env.lost, fields };
}
