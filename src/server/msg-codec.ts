/**
 * The binary form of a raft message between member workers: one ArrayBuffer per message, which
 * the page's bus forwards untouched and which crosses each postMessage as a transferred buffer
 * (moving it costs the same at any size; cloning a Message object costs per field and per entry).
 * The page reads only the head that travels beside it (receiver and type).
 *
 * ```
 *  type u8 | to f64 | from f64 | term f64 | logTerm f64 | index f64 | commit f64
 *  | reject u8 | rejectHint f64 | hasContext u8 [len u32 | bytes]
 *  | nEntries u32 | { term f64 | index f64 | type u8 | len u32 | data }*
 *  | hasSnapshot u8 [index f64 | term f64 | nVoters u32 | f64* | nLearners u32 | f64* | len u32 | data]
 * ```
 */
import type { Entry, EntryType, Message, MessageType, Snapshot } from '../raft';

const TYPES: readonly MessageType[] = ['MsgHup', 'MsgBeat', 'MsgProp', 'MsgApp', 'MsgAppResp', 'MsgVote', 'MsgVoteResp', 'MsgSnap', 'MsgHeartbeat', 'MsgHeartbeatResp', 'MsgUnreachable', 'MsgSnapStatus', 'MsgCheckQuorum', 'MsgTransferLeader', 'MsgTimeoutNow', 'MsgReadIndex', 'MsgReadIndexResp', 'MsgPreVote', 'MsgPreVoteResp'];
const TYPE_CODE = new Map(TYPES.map((t, i) => [t, i]));
const ENTRY_TYPES: readonly EntryType[] = ['EntryNormal', 'EntryConfChange'];

function sizeOf(m: Message): number {
  let n = 1 + 6 * 8 + 1 + 8 + 1 + 4 + 1;
  if (m.context !== undefined) n += 4 + m.context.length;
  for (const e of m.entries) n += 8 + 8 + 1 + 4 + e.data.length;
  const s = m.snapshot;
  if (s !== undefined) n += 8 + 8 + 4 + 8 * s.metadata.confState.voters.length + 4 + 8 * s.metadata.confState.learners.length + 4 + s.data.length;
  return n;
}

/** Encodes a raft message into a fresh ArrayBuffer (to be transferred). */
export function encodeMessage(m: Message): ArrayBuffer {
  const buf = new ArrayBuffer(sizeOf(m));
  const dv = new DataView(buf);
  const u8 = new Uint8Array(buf);
  let o = 0;
  const f64 = (v: number): void => {
    dv.setFloat64(o, v, true);
    o += 8;
  };
  const u32 = (v: number): void => {
    dv.setUint32(o, v, true);
    o += 4;
  };
  const bytes = (b: Uint8Array): void => {
    u32(b.length);
    u8.set(b, o);
    o += b.length;
  };
  u8[o++] = TYPE_CODE.get(m.type)!;
  for (const v of [m.to, m.from, m.term, m.logTerm, m.index, m.commit]) f64(v);
  u8[o++] = m.reject ? 1 : 0;
  f64(m.rejectHint);
  u8[o++] = m.context !== undefined ? 1 : 0;
  if (m.context !== undefined) bytes(m.context);
  u32(m.entries.length);
  for (const e of m.entries) {
    f64(e.term);
    f64(e.index);
    u8[o++] = e.type === 'EntryNormal' ? 0 : 1;
    bytes(e.data);
  }
  const s = m.snapshot;
  u8[o++] = s !== undefined ? 1 : 0;
  if (s !== undefined) {
    f64(s.metadata.index);
    f64(s.metadata.term);
    u32(s.metadata.confState.voters.length);
    for (const v of s.metadata.confState.voters) f64(v);
    u32(s.metadata.confState.learners.length);
    for (const v of s.metadata.confState.learners) f64(v);
    bytes(s.data);
  }
  return buf;
}

/** Decodes {@link encodeMessage}'s buffer. Entry data are views into it (it is never reused). */
export function decodeMessage(buf: ArrayBuffer): Message {
  const dv = new DataView(buf);
  const u8 = new Uint8Array(buf);
  let o = 0;
  const f64 = (): number => {
    const v = dv.getFloat64(o, true);
    o += 8;
    return v;
  };
  const u32 = (): number => {
    const v = dv.getUint32(o, true);
    o += 4;
    return v;
  };
  const bytes = (): Uint8Array => {
    const n = u32();
    const b = u8.subarray(o, o + n);
    o += n;
    return b;
  };
  const type = TYPES[u8[o++]!]!;
  const [to, from, term, logTerm, index, commit] = [f64(), f64(), f64(), f64(), f64(), f64()];
  const reject = u8[o++] === 1;
  const rejectHint = f64();
  const m: Message = { type, to, from, term, logTerm, index, entries: [], commit, reject, rejectHint };
  if (u8[o++] === 1) m.context = bytes();
  const n = u32();
  const entries: Entry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const eTerm = f64();
    const eIndex = f64();
    const eType = ENTRY_TYPES[u8[o++]!]!;
    entries[i] = { term: eTerm, index: eIndex, type: eType, data: bytes() };
  }
  m.entries = entries;
  if (u8[o++] === 1) {
    const sIndex = f64();
    const sTerm = f64();
    const voters = Array.from({ length: u32() }, f64);
    const learners = Array.from({ length: u32() }, f64);
    const snap: Snapshot = { metadata: { index: sIndex, term: sTerm, confState: { voters, learners } }, data: bytes() };
    m.snapshot = snap;
  }
  if (o !== buf.byteLength) throw new RangeError(`raft message: ${buf.byteLength - o} trailing bytes`);
  return m;
}
