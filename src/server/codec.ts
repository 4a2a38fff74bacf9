/**
 * A compact binary codec for what travels in raft entries and snapshots: plain data (objects,
 * arrays, strings, numbers, booleans, null) with `bigint` (IDs, exact to any width) and
 * `Uint8Array` (keys, values: raw bytes, no hex) preserved. It replaces a JSON + reviver codec
 * that cost followers ~11% of their time; data written by that codec (it starts with `{`, `[`
 * or another JSON character, never with the version byte 0) still decodes.
 *
 * ```
 *  value   := tag u8, then by tag:
 *    0 null | 1 false | 2 true | 3 undefined (array slots; object fields holding it are left out)
 *    4 int32 (i32) | 5 float64 (f64)
 *    6 string (len u32, utf8) | 7 uint64 bigint (u64) | 8 other bigint (decimal string)
 *    9 bytes (len u32, raw) | 10 array (n u32, value*) | 11 object (n u32, {string, value}*)
 *  encoded := 0x00 (version) value
 * ```
 * All integers are little-endian.
 */
import { ByteReader, ByteWriter } from './codec-bytes';

const VERSION = 0;
const T_NULL = 0;
const T_FALSE = 1;
const T_TRUE = 2;
const T_UNDEFINED = 3;
const T_I32 = 4;
const T_F64 = 5;
const T_STR = 6;
const T_U64 = 7;
const T_BIG = 8;
const T_BYTES = 9;
const T_ARRAY = 10;
const T_OBJECT = 11;
const U64_MAX = (1n << 64n) - 1n;

function put(w: ByteWriter, v: unknown): void {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v && !Object.is(v, -0)) {
        w.u8(T_I32);
        w.i32(v);
      } else {
        w.u8(T_F64);
        w.f64(v);
      }
      return;
    case 'string':
      w.u8(T_STR);
      w.str(v);
      return;
    case 'boolean':
      w.u8(v ? T_TRUE : T_FALSE);
      return;
    case 'bigint':
      if (v >= 0n && v <= U64_MAX) {
        w.u8(T_U64);
        w.u64(v);
      } else {
        w.u8(T_BIG);
        w.str(v.toString());
      }
      return;
    case 'undefined':
      w.u8(T_UNDEFINED);
      return;
    case 'object':
      putObject(w, v);
      return;
    default:
      throw new TypeError(`codec: cannot encode a ${typeof v}`);
  }
}

function putObject(w: ByteWriter, v: object | null): void {
  if (v === null) {
    w.u8(T_NULL);
  } else if (v instanceof Uint8Array) {
    w.u8(T_BYTES);
    w.bytes(v);
  } else if (Array.isArray(v)) {
    w.u8(T_ARRAY);
    w.u32(v.length);
    for (const x of v) put(w, x);
  } else {
    const o = v as Record<string, unknown>;
    let n = 0;
    for (const k in o) if (o[k] !== undefined) n++;
    w.u8(T_OBJECT);
    w.u32(n);
    for (const k in o) {
      const x = o[k];
      if (x === undefined) continue;
      w.str(k);
      put(w, x);
    }
  }
}

function get(r: ByteReader): unknown {
  const tag = r.u8();
  switch (tag) {
    case T_NULL:
      return null;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_UNDEFINED:
      return undefined;
    case T_I32:
      return r.i32();
    case T_F64:
      return r.f64();
    case T_STR:
      return r.str();
    case T_U64:
      return r.u64();
    case T_BIG:
      return BigInt(r.str());
    case T_BYTES:
      return r.bytes();
    case T_ARRAY: {
      const n = r.u32();
      const a = new Array<unknown>(n);
      for (let i = 0; i < n; i++) a[i] = get(r);
      return a;
    }
    case T_OBJECT: {
      const n = r.u32();
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = r.str();
        const x = get(r);
        if (k === '__proto__') Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
        else o[k] = x;
      }
      return o;
    }
    default:
      throw new RangeError(`codec: unknown tag ${tag} at byte ${r.pos - 1}`);
  }
}

/** encodeData serialises plain data (with bigint and Uint8Array) to bytes. */
export function encodeData(v: unknown): Uint8Array {
  const w = new ByteWriter();
  w.u8(VERSION);
  put(w, v);
  return w.finish();
}

/** decodeData is the inverse of {@link encodeData}; it also reads the older JSON form. */
export function decodeData<T>(b: Uint8Array): T {
  if (b.length > 0 && b[0] !== VERSION) return decodeLegacyJson<T>(b);
  const r = new ByteReader(b);
  r.u8();
  const v = get(r);
  if (r.pos !== b.length) throw new RangeError(`codec: ${b.length - r.pos} trailing bytes`);
  return v as T;
}

// ---- the former JSON form (read only) ----------------------------------------------------------

const utf8 = new TextDecoder();

function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

function reviver(_k: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.$n === 'string' && Object.keys(o).length === 1) return BigInt(o.$n);
    if (typeof o.$b === 'string' && Object.keys(o).length === 1) return fromHex(o.$b);
  }
  return v;
}

/** Reads data written by the JSON codec of earlier versions (`{"$n":"1"}`, `{"$b":"0102"}`). */
function decodeLegacyJson<T>(b: Uint8Array): T {
  return JSON.parse(utf8.decode(b), reviver) as T;
}
