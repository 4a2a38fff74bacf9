/**
 * ByteWriter / ByteReader: the little-endian primitives of the entry codec (codec.ts). Short
 * ASCII strings (field names, small values) are copied byte by byte, which beats TextEncoder and
 * TextDecoder calls at these sizes; longer or non-ASCII strings go through them.
 */

const enc = new TextEncoder();
const dec = new TextDecoder();
const SHORT = 64;

/** A growable little-endian byte writer. */
export class ByteWriter {
  private buf = new Uint8Array(512);
  private view = new DataView(this.buf.buffer);
  private n = 0;

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** One byte. */
  u8(v: number): void {
    this.room(1);
    this.buf[this.n++] = v;
  }

  /** An unsigned 32-bit integer. */
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.n, v, true);
    this.n += 4;
  }

  /** A signed 32-bit integer. */
  i32(v: number): void {
    this.room(4);
    this.view.setInt32(this.n, v, true);
    this.n += 4;
  }

  /** A float64. */
  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.n, v, true);
    this.n += 8;
  }

  /** An unsigned 64-bit bigint (the caller checks the range). */
  u64(v: bigint): void {
    this.room(8);
    this.view.setBigUint64(this.n, v, true);
    this.n += 8;
  }

  /** Length-prefixed raw bytes. */
  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** A length-prefixed UTF-8 string. */
  str(s: string): void {
    const len = s.length;
    if (len <= SHORT) {
      this.room(4 + len);
      const start = this.n + 4;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        this.buf[start + i] = c;
      }
      if (i === len) {
        this.view.setUint32(this.n, len, true);
        this.n = start + len;
        return;
      }
    }
    this.bytes(enc.encode(s));
  }

  /** The bytes written (a copy sized to fit). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** A little-endian reader over one buffer; every read checks the bounds. */
export class ByteReader {
  private readonly view: DataView;
  /** The next byte to read. */
  pos = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(k: number): number {
    const at = this.pos;
    if (at + k > this.buf.length) throw new RangeError(`codec: truncated at byte ${at} (needs ${k} more)`);
    this.pos = at + k;
    return at;
  }

  /** One byte. */
  u8(): number {
    return this.buf[this.need(1)]!;
  }

  /** An unsigned 32-bit integer. */
  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  /** A signed 32-bit integer. */
  i32(): number {
    return this.view.getInt32(this.need(4), true);
  }

  /** A float64. */
  f64(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  /** An unsigned 64-bit bigint. */
  u64(): bigint {
    return this.view.getBigUint64(this.need(8), true);
  }

  /** Length-prefixed bytes (a copy: the entry buffer must not be kept alive by a value). */
  bytes(): Uint8Array {
    const len = this.u32();
    const at = this.need(len);
    return this.buf.slice(at, at + len);
  }

  /** A length-prefixed UTF-8 string. */
  str(): string {
    const len = this.u32();
    const at = this.need(len);
    if (len <= SHORT) {
      let s = '';
      let i = 0;
      for (; i < len; i++) {
        const c = this.buf[at + i]!;
        if (c >= 0x80) break;
        s += String.fromCharCode(c);
      }
      if (i === len) return s;
    }
    return dec.decode(this.buf.subarray(at, at + len));
  }
}
