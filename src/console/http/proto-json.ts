/**
 * The gateway's request decoding: golang/protobuf 1.3 `jsonpb.Unmarshal` (what grpc-gateway 1.x
 * runs on a request body) over the etcdserverpb messages the console routes accept, with the
 * exact error text a learner sees when a field is wrong.
 *
 * jsonpb's rules, as etcd 3.4.23 applies them:
 *   - a field is found by its proto name (`range_end`) or its JSON name (`rangeEnd`); if both are
 *     present the JSON name wins; unknown fields are ignored; `null` leaves the default;
 *   - int64 accepts a number or a quoted number, and re-reads the quoted bytes as JSON
 *     (`"ten"` fails as the literal `true`);
 *   - bytes are standard padded base64 (encoding/json's []byte), enums a name or any number;
 *   - plain fields are read in declaration order, oneof members after them.
 */
import type { JsonNode } from './go-json';
import { goUnmarshalCheck } from './go-json';
import { goBase64Decode } from './go-base64';

/** A decoded field value. */
export type ProtoValue = Uint8Array | bigint | boolean | number | string | ProtoMessage | ProtoValue[];
/** A decoded message: proto field name to value; absent fields are defaults. */
export type ProtoMessage = { [field: string]: ProtoValue };

/** The type of one field. */
export type FieldType =
  | { kind: 'bytes' }
  | { kind: 'int64' }
  | { kind: 'uint64' }
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'enum'; goName: string; values: readonly string[] }
  | { kind: 'message'; desc: MessageDesc }
  | { kind: 'repeated'; of: FieldType };

/** One field: its proto name, JSON name, type and (for oneof members) its oneof group. */
export interface FieldDesc {
  name: string;
  jsonName: string;
  type: FieldType;
  oneof?: string;
}

/** A message: its fields in declaration order. */
export interface MessageDesc {
  name: string;
  fields: FieldDesc[];
}

/** A request body that jsonpb rejects (HTTP 400, gRPC InvalidArgument, or Unknown on streams). */
export class ProtoJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtoJsonError';
  }
}

/**
 * A `null` element in a repeated message field (`"success":[null]`): etcd 3.4's gateway
 * panics on the nil message and the connection closes with no reply (curl exit 52).
 */
export class NilMessagePanic extends Error {
  constructor() {
    super('Empty reply from server');
    this.name = 'NilMessagePanic';
  }
}

const utf8 = new TextEncoder();

/** What Go calls a JSON value's kind in an UnmarshalTypeError. */
function goKind(n: JsonNode): string {
  switch (n.kind) {
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'bool':
      return 'bool';
    case 'null':
      return 'null';
  }
}

function typeError(value: string, goType: string): ProtoJsonError {
  return new ProtoJsonError(`json: cannot unmarshal ${value} into Go value of type ${goType}`);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** encoding/json storing a number literal into an integer of `goType`. */
function parseGoInt(n: JsonNode, goType: string, min: bigint, max: bigint): bigint {
  if (n.kind !== 'number') throw typeError(goKind(n), goType);
  if (!/^-?\d+$/.test(n.text)) throw typeError(`number ${n.text}`, goType);
  const v = BigInt(n.text);
  if (v < min || v > max) throw typeError(`number ${n.text}`, goType);
  return v;
}

/** jsonpb's numeric path: a quoted number loses its quotes (raw bytes) and is read again. */
function unquoteNumber(n: JsonNode, raw: string): JsonNode {
  if (n.kind !== 'string') return n;
  return goUnmarshalCheck(raw.slice(1, -1));
}

function decodeBytes(n: JsonNode): Uint8Array {
  if (n.kind === 'string') return goBase64Decode(utf8.encode(n.value));
  if (n.kind === 'array') return Uint8Array.from(n.items.map((i) => Number(parseGoInt(i, 'uint8', 0n, 255n))));
  throw typeError(goKind(n), '[]uint8');
}

function decodeEnum(n: JsonNode, raw: string, t: { goName: string; values: readonly string[] }): number {
  if (n.kind === 'string') {
    const i = t.values.indexOf(n.value);
    if (i < 0) throw new ProtoJsonError(`unknown value ${JSON.stringify(n.value)} for enum ${t.goName}`);
    return i;
  }
  return Number(parseGoInt(unquoteNumber(n, raw), t.goName, -(2n ** 31n), 2n ** 31n - 1n));
}

/** The zero value of a type (a `null` element of a repeated field). */
function defaultOf(t: FieldType): ProtoValue {
  switch (t.kind) {
    case 'bytes':
      return new Uint8Array(0);
    case 'int64':
    case 'uint64':
      return 0n;
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'enum':
      return 0;
    case 'message':
      return {};
    case 'repeated':
      return [];
  }
}

/** Decodes one non-null value of type `t`; `raw` is its source text. */
function decodeValue(n: JsonNode, raw: (n: JsonNode) => string, t: FieldType): ProtoValue {
  switch (t.kind) {
    case 'bytes':
      return decodeBytes(n);
    case 'int64':
      return parseGoInt(unquoteNumber(n, raw(n)), 'int64', INT64_MIN, INT64_MAX);
    case 'uint64':
      return parseGoInt(unquoteNumber(n, raw(n)), 'uint64', 0n, 2n ** 64n - 1n);
    case 'string':
      if (n.kind !== 'string') throw typeError(goKind(n), 'string');
      return n.value;
    case 'bool':
      if (n.kind !== 'bool') throw typeError(goKind(n), 'bool');
      return n.value;
    case 'enum':
      return decodeEnum(n, raw(n), t);
    case 'message':
      return decodeMessage(n, raw, t.desc);
    case 'repeated':
      if (n.kind !== 'array') throw typeError(goKind(n), '[]json.RawMessage');
      return n.items.map((i) => {
        if (i.kind !== 'null') return decodeValue(i, raw, t.of);
        if (t.of.kind === 'message') throw new NilMessagePanic();
        return defaultOf(t.of);
      });
  }
}

/**
 * jsonpb.Unmarshal of `n` into message `desc`. `raw` returns a node's source text (for the
 * quoted-int64 re-read). Throws ProtoJsonError with Go's text.
 */
export function decodeMessage(n: JsonNode, raw: (n: JsonNode) => string, desc: MessageDesc): ProtoMessage {
  if (n.kind === 'null') return {};
  if (n.kind !== 'object') throw typeError(goKind(n), 'map[string]json.RawMessage');
  const fields = new Map<string, JsonNode>(n.entries);
  const out: ProtoMessage = {};
  const ordered = [...desc.fields.filter((f) => !f.oneof), ...desc.fields.filter((f) => f.oneof)];
  for (const f of ordered) {
    const v = fields.get(f.jsonName) ?? fields.get(f.name);
    if (v === undefined || v.kind === 'null') continue;
    const value = decodeValue(v, raw, f.type);
    if (f.oneof) for (const other of desc.fields) if (other.oneof === f.oneof) delete out[other.name];
    out[f.name] = value;
  }
  return out;
}

/** protoc's JSON name: `range_end` -> `rangeEnd`. */
function jsonNameOf(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Builds a field list from `[name, type, oneof?]` triples. */
export function fields(list: [string, FieldType, string?][]): FieldDesc[] {
  return list.map(([name, type, oneof]) => (oneof ? { name, jsonName: jsonNameOf(name), type, oneof } : { name, jsonName: jsonNameOf(name), type }));
}
