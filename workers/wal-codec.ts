/**
 * The byte layout of WAL records in IndexedDB, with etcd's CRC-32 (Castagnoli in etcd; IEEE here,
 * what matters is that every record is checked). Every record is `crc32(body) ++ body`:
 *
 * ```
 *  entries record body:  count u32 | { term f64 | index f64 | type u8 | len u32 | data }*
 *  hardState body:       term f64 | vote f64 | commit f64
 *  snapshot body:        index f64 | term f64 | nVoters u32 | voters f64* | nLearners u32
 *                        | learners f64* | len u32 | data
 * ```
 * Decoding a record whose checksum does not match (bit rot, or a torn write that kept only part of
 * it) throws ErrWalCorrupt naming the record: `wal: entries record at index 12: crc mismatch`.
 */
import type { Entry, HardState, Snapshot } from '../src/raft';
import { ErrWalCorrupt } from '../src/server/ports';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** crc32 is the IEEE CRC-32 of `data`. */
export function crc32(data: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** A growable little-endian writer. */
class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private n = 4; // room for the crc

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.n, v, true);
    this.n += 8;
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.n, v, true);
    this.n += 4;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.n++] = v;
  }
  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  /** The record: crc of the body, then the body. */
  finish(): Uint8Array {
    const out = this.buf.slice(0, this.n);
    new DataView(out.buffer).setUint32(0, crc32(out.subarray(4)), true);
    return out;
  }
}

/** A bounds-checked reader over a record body (a short read is a torn record). */
class Reader {
  private n = 4;
  private readonly view: DataView;
  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
  ) {
    if (buf.length < 4) throw new ErrWalCorrupt(`${what}: unexpected EOF`);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const want = this.view.getUint32(0, true);
    if (crc32(buf.subarray(4)) !== want) throw new ErrWalCorrupt(`${what}: crc mismatch`);
  }
  private need(k: number): void {
    if (this.n + k > this.buf.length) throw new ErrWalCorrupt(`${this.what}: unexpected EOF`);
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.n, true);
    this.n += 8;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.n, true);
    this.n += 4;
    return v;
  }
  u8(): number {
    this.need(1);
    return this.buf[this.n++]!;
  }
  bytes(): Uint8Array {
    const len = this.u32();
    this.need(len);
    const out = this.buf.slice(this.n, this.n + len);
    this.n += len;
    return out;
  }
}

/** Encodes consecutive entries as one checksummed record. */
export function encodeEntries(entries: readonly Entry[]): Uint8Array {
  const w = new Writer();
  w.u32(entries.length);
  for (const e of entries) {
    w.f64(e.term);
    w.f64(e.index);
    w.u8(e.type === 'EntryConfChange' ? 1 : 0);
    w.bytes(e.data);
  }
  return w.finish();
}

/**
 * Decodes an entries record; throws ErrWalCorrupt on a bad checksum or a short record. `first` is
 * the index the record is stored under (named in the error).
 */
export function decodeEntries(rec: Uint8Array, first?: number): Entry[] {
  const r = new Reader(rec, first === undefined ? 'entries record' : `entries record at index ${first}`);
  const count = r.u32();
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const term = r.f64();
    const index = r.f64();
    const type = r.u8() === 1 ? 'EntryConfChange' : 'EntryNormal';
    out.push({ term, index, type, data: r.bytes() });
  }
  return out;
}

/** Encodes a HardState record. */
export function encodeHardState(hs: HardState): Uint8Array {
  const w = new Writer();
  w.f64(hs.term);
  w.f64(hs.vote);
  w.f64(hs.commit);
  return w.finish();
}

/** Decodes a HardState record. */
export function decodeHardState(rec: Uint8Array): HardState {
  const r = new Reader(rec, 'hardstate record');
  return { term: r.f64(), vote: r.f64(), commit: r.f64() };
}

/** Encodes a snapshot record (metadata and the backend image). */
export function encodeSnapshot(s: Snapshot): Uint8Array {
  const w = new Writer();
  w.f64(s.metadata.index);
  w.f64(s.metadata.term);
  w.u32(s.metadata.confState.voters.length);
  for (const v of s.metadata.confState.voters) w.f64(v);
  w.u32(s.metadata.confState.learners.length);
  for (const l of s.metadata.confState.learners) w.f64(l);
  w.bytes(s.data);
  return w.finish();
}

/** Decodes a snapshot record. */
export function decodeSnapshot(rec: Uint8Array): Snapshot {
  const r = new Reader(rec, 'snapshot record');
  const index = r.f64();
  const term = r.f64();
  const voters: number[] = [];
  for (let i = r.u32(); i > 0; i--) voters.push(r.f64());
  const learners: number[] = [];
  for (let i = r.u32(); i > 0; i--) learners.push(r.f64());
  return { metadata: { index, term, confState: { voters, learners } }, data: r.bytes() };
}
