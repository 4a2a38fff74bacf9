/**
 * A JSON reader that fails the way Go's encoding/json does, byte for byte: the gateway echoes
 * Go's error text to the learner (`invalid character 'k' looking for beginning of object key
 * string`, `unexpected EOF`), so our parser must find the same first bad byte and name the same
 * scanner state.
 *
 * Two entry points, mirroring the two Go APIs the gateway goes through:
 *   - `GoJsonDecoder` (json.Decoder): reads one value after another from a request body; a value
 *     cut short is `unexpected EOF`; bytes after a value are left for the next read.
 *   - `goUnmarshalCheck` (json.Unmarshal's validity pass): exactly one value; a value cut short
 *     is `unexpected end of JSON input`; trailing bytes are `... after top-level value`.
 */

/** A parsed JSON value with its byte span in the UTF-8 input (jsonpb re-reads raw bytes). */
export type JsonNode =
  | { kind: 'object'; entries: [string, JsonNode][]; start: number; end: number }
  | { kind: 'array'; items: JsonNode[]; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'number'; text: string; start: number; end: number }
  | { kind: 'bool'; value: boolean; start: number; end: number }
  | { kind: 'null'; start: number; end: number };

/** A syntax error with Go's exact message. */
export class GoJsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoJsonSyntaxError';
  }
}

/** Thrown inside the parser when input ends mid-value; callers turn it into their Go text. */
class EndOfInput extends Error {}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Go's `strconv.IsPrint` for the runes a single byte can stand for (U+0000..U+00FF). */
function isPrintLatin1(c: number): boolean {
  return (c >= 0x20 && c < 0x7f) || (c >= 0xa1 && c !== 0xad);
}

/** Go's scanner `quoteChar`: the offending byte as Go prints it, quotes included. */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' };
  if (named[c] !== undefined) return `'${named[c]}'`;
  if (isPrintLatin1(c)) return `'${String.fromCharCode(c)}'`;
  if (c < 0x80 && c !== 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c === 0x7f) return `'\\x7f'`;
  return `'\\u00${c.toString(16).padStart(2, '0')}'`;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Recursive-descent reader over UTF-8 bytes. */
class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}

  private peek(): number {
    if (this.pos >= this.b.length) throw new EndOfInput();
    return this.b[this.pos]!;
  }

  private bad(c: number, context: string): never {
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  skipSpace(): void {
    while (this.pos < this.b.length && isSpace(this.b[this.pos]!)) this.pos++;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.b.length;
  }

  value(): JsonNode {
    this.skipSpace();
    const start = this.pos;
    const c = this.peek();
    if (c === 0x7b) return this.object(start);
    if (c === 0x5b) return this.array(start);
    if (c === 0x22) return { kind: 'string', value: this.string(), start, end: this.pos };
    if (c === 0x2d || isDigit(c)) return { kind: 'number', text: this.number(), start, end: this.pos };
    if (c === 0x74) return this.literal('true', { kind: 'bool', value: true, start, end: 0 });
    if (c === 0x66) return this.literal('false', { kind: 'bool', value: false, start, end: 0 });
    if (c === 0x6e) return this.literal('null', { kind: 'null', start, end: 0 });
    return this.bad(c, 'looking for beginning of value');
  }

  private literal(word: string, node: JsonNode): JsonNode {
    this.pos++;
    for (let i = 1; i < word.length; i++) {
      const c = this.peek();
      if (c !== word.charCodeAt(i)) this.bad(c, `in literal ${word} (expecting '${word[i]}')`);
      this.pos++;
    }
    node.end = this.pos;
    return node;
  }

  private object(start: number): JsonNode {
    this.pos++;
    const entries: [string, JsonNode][] = [];
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.pos++;
      return { kind: 'object', entries, start, end: this.pos };
    }
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c !== 0x22) this.bad(c, 'looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      const colon = this.peek();
      if (colon !== 0x3a) this.bad(colon, 'after object key');
      this.pos++;
      entries.push([key, this.value()]);
      this.skipSpace();
      const next = this.peek();
      this.pos++;
      if (next === 0x7d) return { kind: 'object', entries, start, end: this.pos };
      if (next !== 0x2c) {
        this.pos--;
        this.bad(next, 'after object key:value pair');
      }
    }
  }

  private array(start: number): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.pos++;
      return { kind: 'array', items, start, end: this.pos };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const next = this.peek();
      this.pos++;
      if (next === 0x5d) return { kind: 'array', items, start, end: this.pos };
      if (next !== 0x2c) {
        this.pos--;
        this.bad(next, 'after array element');
      }
    }
  }

  /** A string literal; returns its decoded text (invalid UTF-8 becomes U+FFFD, as in Go). */
  private string(): string {
    this.pos++;
    const parts: number[] = [];
    let out = '';
    const flush = (): void => {
      out += utf8Decoder.decode(Uint8Array.from(parts));
      parts.length = 0;
    };
    for (;;) {
      const c = this.peek();
      this.pos++;
      if (c === 0x22) break;
      if (c < 0x20) this.bad(c, 'in string literal');
      if (c !== 0x5c) {
        parts.push(c);
        continue;
      }
      const e = this.peek();
      this.pos++;
      const simple: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
      if (simple[e] !== undefined) {
        flush();
        out += simple[e];
      } else if (e === 0x75) {
        let hex = '';
        for (let i = 0; i < 4; i++) {
          const h = this.peek();
          if (!isHex(h)) this.bad(h, 'in \\u hexadecimal character escape');
          hex += String.fromCharCode(h);
          this.pos++;
        }
        flush();
        out += String.fromCharCode(parseInt(hex, 16));
      } else {
        this.pos--;
        this.bad(e, 'in string escape code');
      }
    }
    flush();
    return out;
  }

  /** A number; like Go's scanner, it ends at the first byte that cannot continue it. */
  private number(): string {
    const start = this.pos;
    const more = (): number | undefined => (this.pos < this.b.length ? this.b[this.pos] : undefined);
    if (this.b[this.pos] === 0x2d) {
      this.pos++;
      const c = this.peek();
      if (!isDigit(c)) this.bad(c, 'in numeric literal');
    }
    if (this.b[this.pos] === 0x30) this.pos++;
    else while (more() !== undefined && isDigit(more()!)) this.pos++;
    if (more() === 0x2e) {
      this.pos++;
      const c = this.peek();
      if (!isDigit(c)) this.bad(c, 'after decimal point in numeric literal');
      while (more() !== undefined && isDigit(more()!)) this.pos++;
    }
    if (more() === 0x65 || more() === 0x45) {
      this.pos++;
      let c = this.peek();
      if (c === 0x2b || c === 0x2d) {
        this.pos++;
        c = this.peek();
      }
      if (!isDigit(c)) this.bad(c, 'in exponent of numeric literal');
      while (more() !== undefined && isDigit(more()!)) this.pos++;
    }
    return utf8Decoder.decode(this.b.subarray(start, this.pos));
  }
}

/**
 * Go's json.Decoder over a request body: `next()` returns the next value, or undefined at a clean
 * end (Go's io.EOF). Bytes are kept so callers can re-read a value's raw text.
 */
export class GoJsonDecoder {
  readonly bytes: Uint8Array;
  private readonly reader: Reader;
  constructor(body: string | Uint8Array) {
    this.bytes = typeof body === 'string' ? utf8.encode(body) : body;
    this.reader = new Reader(this.bytes);
  }

  /** The next value; throws GoJsonSyntaxError (`unexpected EOF` when the body ends mid-value). */
  next(): JsonNode | undefined {
    if (this.reader.atEnd()) return undefined;
    try {
      return this.reader.value();
    } catch (e) {
      if (e instanceof EndOfInput) throw new GoJsonSyntaxError('unexpected EOF');
      throw e;
    }
  }

  /** The raw bytes of a value as text. */
  raw(node: JsonNode): string {
    return utf8Decoder.decode(this.bytes.subarray(node.start, node.end));
  }
}

/**
 * json.Unmarshal's validity check of `text` as one complete value; returns the value or throws
 * GoJsonSyntaxError with Go's text.
 */
export function goUnmarshalCheck(text: string): JsonNode {
  const r = new Reader(utf8.encode(text));
  let v: JsonNode;
  try {
    v = r.value();
  } catch (e) {
    if (e instanceof EndOfInput) throw new GoJsonSyntaxError('unexpected end of JSON input');
    throw e;
  }
  if (!r.atEnd()) throw new GoJsonSyntaxError(`invalid character ${quoteChar(r.b[r.pos]!)} after top-level value`);
  return v;
}
