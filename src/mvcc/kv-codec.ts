/**
 * The value stored under a revision in the `key` bucket: mvccpb.KeyValue in protobuf wire format,
 * byte for byte what etcd writes (proto3: zero fields are omitted), so `hashKV` over the bucket
 * is computed over the same bytes real etcd would hash.
 *
 * ```
 *  field 1 key             (0x0a len bytes)     field 4 version (0x20 varint)
 *  field 2 create_revision (0x10 varint)        field 5 value   (0x2a len bytes)
 *  field 3 mod_revision    (0x18 varint)        field 6 lease   (0x30 varint, int64)
 * ```
 */
import type { KeyValue } from '../protocol/rpc';
import { assert } from './assert';

class Writer {
  private buf = new Uint8Array(64);
  len = 0;

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.grow(1);
    this.buf[this.len++] = b;
  }

  /** A non-negative safe integer as a varint. */
  varint(v: number): void {
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  /** A uint64 (bigint) as a varint. */
  varintBig(v: bigint): void {
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Encodes a KeyValue as etcd stores it. */
export function encodeKeyValue(kv: KeyValue): Uint8Array {
  const w = new Writer();
  if (kv.key.length > 0) {
    w.byte(0x0a);
    w.bytes(kv.key);
  }
  if (kv.createRevision !== 0) {
    w.byte(0x10);
    w.varint(kv.createRevision);
  }
  if (kv.modRevision !== 0) {
    w.byte(0x18);
    w.varint(kv.modRevision);
  }
  if (kv.version !== 0) {
    w.byte(0x20);
    w.varint(kv.version);
  }
  if (kv.value.length > 0) {
    w.byte(0x2a);
    w.bytes(kv.value);
  }
  if (kv.lease !== 0n) {
    w.byte(0x30);
    w.varintBig(BigInt.asUintN(64, kv.lease));
  }
  return w.done();
}

/** Decodes bytes made by {@link encodeKeyValue} (or by etcd) into a fresh KeyValue. */
export function decodeKeyValue(b: Uint8Array): KeyValue {
  const kv: KeyValue = { key: new Uint8Array(0), createRevision: 0, modRevision: 0, version: 0, value: new Uint8Array(0), lease: 0n };
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (;;) {
      assert(i < b.length, 'truncated varint in KeyValue');
      const c = b[i++]!;
      v += (c & 0x7f) * mul;
      if (c < 0x80) return v;
      mul *= 0x80;
    }
  };
  const varintBig = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      assert(i < b.length, 'truncated varint in KeyValue');
      const c = b[i++]!;
      v |= BigInt(c & 0x7f) << shift;
      if (c < 0x80) return BigInt.asIntN(64, v);
      shift += 7n;
    }
  };
  const bytes = (): Uint8Array => {
    const n = varint();
    assert(i + n <= b.length, 'truncated bytes in KeyValue');
    const out = b.slice(i, i + n);
    i += n;
    return out;
  };
  while (i < b.length) {
    const tag = b[i++]!;
    switch (tag) {
      case 0x0a: kv.key = bytes(); break;
      case 0x10: kv.createRevision = varint(); break;
      case 0x18: kv.modRevision = varint(); break;
      case 0x20: kv.version = varint(); break;
      case 0x2a: kv.value = bytes(); break;
      case 0x30: kv.lease = varintBig(); break;
      default: assert(false, `unexpected protobuf tag ${tag} in KeyValue`);
    }
  }
  return kv;
}


/** Only the key of an encoded KeyValue (field 1 comes first), without decoding the rest. */
export function decodeKeyValueKey(b: Uint8Array): Uint8Array {
  if (b.length === 0 || b[0] !== 0x0a) return new Uint8Array(0);
  let n = 0;
  let mul = 1;
  let i = 1;
  for (;;) {
    assert(i < b.length, 'truncated varint in KeyValue');
    const c = b[i++]!;
    n += (c & 0x7f) * mul;
    if (c < 0x80) break;
    mul *= 0x80;
  }
  assert(i + n <= b.length, 'truncated key in KeyValue');
  return b.subarray(i, i + n);
}

/** What the index restore needs of a KeyValue (see {@link decodeKeyValueIndexFields}). */
export interface KeyValueIndexFields {
  /** A view into the encoded bytes (not a copy). */
  key: Uint8Array;
  createRevision: number;
  version: number;
  lease: bigint;
}

/**
 * Decodes only the fields the tree index and the lessor need on restore (key, create revision,
 * version, lease), without copying the key or the value: restoring 100,000 keys decodes every
 * record once, and the full decode's copies and closures were most of that time.
 */
export function decodeKeyValueIndexFields(b: Uint8Array): KeyValueIndexFields {
  const out: KeyValueIndexFields = { key: b.subarray(0, 0), createRevision: 0, version: 0, lease: 0n };
  let i = 0;
  const n = b.length;
  while (i < n) {
    const tag = b[i++]!;
    if (tag === 0x30) {
      let v = 0n;
      let shift = 0n;
      for (;;) {
        assert(i < n, 'truncated varint in KeyValue');
        const c = b[i++]!;
        v |= BigInt(c & 0x7f) << shift;
        if (c < 0x80) break;
        shift += 7n;
      }
      out.lease = BigInt.asIntN(64, v);
      continue;
    }
    let v = 0;
    let mul = 1;
    for (;;) {
      assert(i < n, 'truncated varint in KeyValue');
      const c = b[i++]!;
      v += (c & 0x7f) * mul;
      if (c < 0x80) break;
      mul *= 0x80;
    }
    switch (tag) {
      case 0x0a:
      case 0x2a:
        assert(i + v <= n, 'truncated bytes in KeyValue');
        if (tag === 0x0a) out.key = b.subarray(i, i + v);
        i += v;
        break;
      case 0x10: out.createRevision = v; break;
      case 0x18: break;
      case 0x20: out.version = v; break;
      default: assert(false, `unexpected protobuf tag ${tag} in KeyValue`);
    }
  }
  return out;
}
