/**
 * plain: turns an etcd-shaped response into what a DevTools user (or a Playwright test) wants to
 * read: byte fields (keys, values) become UTF-8 strings and uint64 IDs (bigint) become decimal
 * strings, the way etcd's JSON gateway prints them. Everything else is kept.
 */
const dec = new TextDecoder();

/** Deeply converts Uint8Array -> string and bigint -> string. */
export function plain(x: unknown): unknown {
  if (x instanceof Uint8Array) return dec.decode(x);
  if (typeof x === 'bigint') return x.toString();
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = plain(v);
    return out;
  }
  return x;
}
