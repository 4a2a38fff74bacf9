/**
 * requestSize estimates the wire (protobuf) size of a request: the byte length of every key,
 * value and string plus a few bytes per field, so the 1.5 MiB `--max-request-bytes` limit
 * applies to what a client sent, not to our JSON entry encoding.
 */
export function requestSize(v: unknown): number {
  if (v instanceof Uint8Array) return v.length + 2;
  switch (typeof v) {
    case 'string':
      return v.length + 2;
    case 'number':
    case 'bigint':
      return 9;
    case 'boolean':
      return 2;
    case 'object': {
      if (v === null) return 0;
      let n = 2;
      for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) n += requestSize(x);
      return n;
    }
    default:
      return 0;
  }
}

/** etcd's default --max-request-bytes: 1.5 MiB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
