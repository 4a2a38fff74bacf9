/**
 * Go formatting helpers that etcdctl's output depends on: raw byte strings, `\x` hex, `%q`
 * quoting, base64, `%016x` IDs, go-humanize `Bytes` and `time.Duration.String()`.
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * A raw byte in a JS string, the way a shell word can carry one (`$'\xff'`): bytes 0x80-0xff
 * that are not part of UTF-8 text are kept as the lone surrogates U+DC80-U+DCFF (Python's
 * "surrogateescape"), so `bytesOf` can give them back exactly.
 */
export function rawByte(b: number): string {
  return b < 0x80 ? String.fromCharCode(b) : String.fromCharCode(0xdc00 + b);
}

/** The bytes of an argv string: UTF-8 for text, escaped raw bytes (see rawByte) as themselves. */
export function bytesOf(s: string): Uint8Array {
  if (!/[\udc80-\udcff]/.test(s)) return encoder.encode(s);
  const out: number[] = [];
  let run = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xdc80 && c <= 0xdcff) {
      out.push(...encoder.encode(run), c - 0xdc00);
      run = '';
    } else run += ch;
  }
  out.push(...encoder.encode(run));
  return new Uint8Array(out);
}

/** Bytes as text the way a terminal shows Go's raw output (invalid UTF-8 becomes U+FFFD). */
export function text(b: Uint8Array): string {
  return utf8.decode(b);
}

/** etcdctl's `--hex` form: `\x` and two lowercase hex digits per byte. */
export function hexEscape(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += '\\x' + x.toString(16).padStart(2, '0');
  return s;
}

/** Standard base64 with padding (Go's encoding/json form of `[]byte`). */
export function base64(b: Uint8Array): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin);
}

/** Base64 decoding (for `curl` bodies and tests). */
export function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const SIMPLE_ESC: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 34: '\\"', 92: '\\\\' };

/** Go's `%q` of a byte string (strconv.Quote): printable UTF-8 kept, the rest escaped. */
export function goQuote(b: Uint8Array): string {
  let out = '"';
  let i = 0;
  while (i < b.length) {
    const x = b[i]!;
    if (x < 0x80) {
      out += SIMPLE_ESC[x] ?? (x < 0x20 || x === 0x7f ? '\\x' + x.toString(16).padStart(2, '0') : String.fromCharCode(x));
      i++;
      continue;
    }
    const len = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
    let rune: string | undefined;
    if (len > 1 && i + len <= b.length) {
      try {
        rune = utf8Strict.decode(b.subarray(i, i + len));
      } catch {
        rune = undefined;
      }
    }
    if (rune === undefined || rune.length === 0) {
      out += '\\x' + x.toString(16).padStart(2, '0');
      i++;
      continue;
    }
    const cp = rune.codePointAt(0)!;
    out += /\p{L}|\p{M}|\p{N}|\p{P}|\p{S}/u.test(rune) || cp === 0x20 ? rune : cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
    i += len;
  }
  return out + '"';
}

/** Go's `%q` of a JS string (its UTF-8 bytes). */
export function goQuoteString(s: string): string {
  return goQuote(bytesOf(s));
}

/** `%016x` of a uint64 (lease IDs). */
export function hex16(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16).padStart(16, '0');
}

/** `%16x` of a uint64 (member IDs in member add/remove messages): space padded. */
export function hexSpace16(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16).padStart(16, ' ');
}

/** `%x` of a uint64 (member IDs in lists, lock keys). */
export function hexId(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16);
}

/** `%d` of an int64 field stored as a bigint lease ID (Go prints LeaseID as int64). */
export function int64(id: bigint): string {
  return BigInt.asIntN(64, id).toString();
}

/** `%d` of a uint64 (cluster and member IDs). */
export function uint64(id: bigint): string {
  return BigInt.asUintN(64, id).toString();
}

const SI_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** go-humanize `Bytes`: SI units, one decimal below 10 (`1.5 MB`), none above (`25 kB`). */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / Math.pow(1000, e)) * 10 + 0.5) / 10;
  return val < 10 ? `${goFixed(val, 1)} ${SI_UNITS[e]}` : `${goFixed(val, 0)} ${SI_UNITS[e]}`;
}

/** Go's `%.Nf`: like toFixed, but an exact tie rounds to even (20.5 -> "20"). */
export function goFixed(x: number, digits: number): string {
  const scaled = x * 10 ** digits;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && floor % 2 === 0) return (floor / 10 ** digits).toFixed(digits);
  return x.toFixed(digits);
}

/** Go's `time.Duration.String()` for a duration in milliseconds (`951.867µs`, `1.367406ms`, `5.001078928s`). */
export function goDuration(ms: number): string {
  const ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const trim = (v: string): string => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return trim((ns / 1e3).toFixed(3)) + 'µs';
  if (ns < 1e9) return trim((ns / 1e6).toFixed(6)) + 'ms';
  let s = ns / 1e9;
  let out = '';
  if (s >= 3600) {
    const h = Math.floor(s / 3600);
    out += `${h}h`;
    s -= h * 3600;
  }
  if (s >= 60 || out !== '') {
    const m = Math.floor(s / 60);
    out += `${m}m`;
    s -= m * 60;
  }
  return out + trim(s.toFixed(9)) + 's';
}

/**
 * Parses a Go duration (`5s`, `1.5s`, `100ms`, `1m30s`) into milliseconds; undefined if invalid.
 * Used for `--command-timeout` and `--dial-timeout`.
 */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let sign = 1;
  let i = 0;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (i >= s.length) return undefined;
  let total = 0;
  re.lastIndex = i;
  while (re.lastIndex < s.length) {
    const m = re.exec(s);
    if (!m) return undefined;
    total += parseFloat(m[1]!) * unit[m[2]!]!;
  }
  return sign * total;
}
