/**
 * How a lease is laid out in the backend's `lease` bucket, byte for byte as etcd writes it
 * (server/storage/schema/lease.go and lease/leasepb/lease.proto):
 *
 * ```
 *   key   = lease ID as 8 bytes, big-endian (uint64)
 *   value = protobuf leasepb.Lease { int64 ID = 1; int64 TTL = 2; int64 RemainingTTL = 3; }
 *           each field: tag byte (field << 3 | wire type 0) then a base-128 varint;
 *           proto3 leaves zero fields out, negative int64s take ten bytes
 * ```
 */
import { assert } from './assert';

/** LeaseRecord is one persisted lease (leasepb.Lease). */
export interface LeaseRecord {
  ID: bigint;
  /** Granted TTL in seconds. */
  TTL: number;
  /** Checkpointed remaining TTL in seconds, 0 when none. */
  RemainingTTL: number;
}

const U64 = (1n << 64n) - 1n;

/** leaseIdToBytes writes a lease ID as the 8-byte big-endian bucket key. */
export function leaseIdToBytes(id: bigint): Uint8Array {
  assert(id >= 0n && id <= U64, `lease ID out of uint64 range: ${id}`);
  const out = new Uint8Array(8);
  let v = id;
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** bytesToLeaseId reads an 8-byte big-endian bucket key. */
export function bytesToLeaseId(key: Uint8Array): bigint {
  assert(key.length === 8, 'lease ID must be 8-byte');
  let v = 0n;
  for (const b of key) v = (v << 8n) | BigInt(b);
  return v;
}

function putVarint(out: number[], value: bigint): void {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function putField(out: number[], field: number, value: bigint): void {
  if (value === 0n) return;
  out.push(field << 3);
  putVarint(out, value);
}

/** encodeLeaseRecord marshals a lease as etcd's leasepb.Lease protobuf. */
export function encodeLeaseRecord(r: LeaseRecord): Uint8Array {
  assert(Number.isSafeInteger(r.TTL) && Number.isSafeInteger(r.RemainingTTL), 'TTLs are integers');
  const out: number[] = [];
  putField(out, 1, r.ID);
  putField(out, 2, BigInt(r.TTL));
  putField(out, 3, BigInt(r.RemainingTTL));
  return Uint8Array.from(out);
}

/** LeaseDecodeError: a `lease` bucket value is not a valid leasepb.Lease. */
export class LeaseDecodeError extends Error {
  override name = 'LeaseDecodeError';
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let v = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new LeaseDecodeError('failed to unmarshal lease proto item: truncated varint');
      const b = this.buf[this.pos++]!;
      v |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, v);
    }
    throw new LeaseDecodeError('failed to unmarshal lease proto item: varint overflow');
  }
  skip(n: number): void {
    if (this.pos + n > this.buf.length) throw new LeaseDecodeError('failed to unmarshal lease proto item: truncated field');
    this.pos += n;
  }
}

/** decodeLeaseRecord unmarshals a leasepb.Lease, skipping fields it does not know. */
export function decodeLeaseRecord(value: Uint8Array): LeaseRecord {
  const r = new Reader(value);
  const rec: LeaseRecord = { ID: 0n, TTL: 0, RemainingTTL: 0 };
  while (!r.done) {
    const tag = Number(r.varint());
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) {
      const v = r.varint();
      if (field === 1) rec.ID = v;
      else if (field === 2) rec.TTL = Number(BigInt.asIntN(64, v));
      else if (field === 3) rec.RemainingTTL = Number(BigInt.asIntN(64, v));
    } else if (wire === 1) r.skip(8);
    else if (wire === 5) r.skip(4);
    else if (wire === 2) r.skip(Number(r.varint()));
    else throw new LeaseDecodeError(`failed to unmarshal lease proto item: wire type ${wire}`);
  }
  return rec;
}
