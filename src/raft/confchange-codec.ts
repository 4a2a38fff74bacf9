import { assert } from './assert';
import type { ConfChange, ConfChangeType } from './messages';

const typeCodes: readonly ConfChangeType[] = [
  'ConfChangeAddNode',
  'ConfChangeRemoveNode',
  'ConfChangeUpdateNode',
  'ConfChangeAddLearnerNode',
];

/**
 * encodeConfChange serializes a ConfChange into entry data: 1 byte type, 8 bytes node id
 * (float64, ids are small integers), then the optional context bytes.
 */
export function encodeConfChange(cc: ConfChange): Uint8Array {
  const ctx = cc.context ?? new Uint8Array(0);
  const out = new Uint8Array(9 + ctx.length);
  out[0] = typeCodes.indexOf(cc.type);
  new DataView(out.buffer).setFloat64(1, cc.nodeId);
  out.set(ctx, 9);
  return out;
}

/** decodeConfChange is the inverse of encodeConfChange. */
export function decodeConfChange(data: Uint8Array): ConfChange {
  assert(data.length >= 9, `conf change data too short (${data.length} bytes)`);
  const type = typeCodes[data[0]];
  assert(type !== undefined, `unknown conf change type code ${data[0]}`);
  const nodeId = new DataView(data.buffer, data.byteOffset, data.byteLength).getFloat64(1);
  const cc: ConfChange = { type, nodeId };
  if (data.length > 9) cc.context = data.slice(9);
  return cc;
}
