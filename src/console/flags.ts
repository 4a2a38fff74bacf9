/**
 * A pflag-compatible flag parser (spf13/pflag as cobra drives it): `--name=value`,
 * `--name value`, bare bool flags, `-x` shorthands (combinable, `-wjson`, `-w=json`), `--` ends
 * flags, flags and arguments interleave. Errors carry pflag's exact text.
 *
 * Flag sets are not hand-written: `flagsFromUsage` reads them from etcdctl's own help text, so the
 * parser and the usage printed on error cannot disagree.
 */
import { parseGoDuration } from './format';

/** The value kinds etcdctl's flags use. */
export type FlagKind = 'bool' | 'string' | 'int' | 'duration' | 'stringSlice';

/** One flag: long name, optional one-letter shorthand, kind and default (as pflag prints it). */
export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  /** Default in pflag's textual form (`false`, `0`, `5s`, `l`, `127.0.0.1:2379`). */
  defValue: string;
  /** The flag's one-line description, as its help text shows it. */
  usage?: string;
}

/** Parsed flag values by long name (only flags that were given), plus positional arguments. */
export interface ParsedFlags {
  values: Map<string, FlagValue>;
  args: string[];
  /** Index in `args` where `--` appeared, or -1 (cobra's ArgsLenAtDash). */
  argsLenAtDash: number;
}

/** A parsed flag value. */
export type FlagValue = boolean | string | number | string[];

/** A pflag parse failure; the message is pflag's. */
export class FlagParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagParseError';
  }
}

const OPTION_LINE = /^ {2}(?:-(\w), )?\s*--([\w-]+)(\[=(true|false)\]|=(.*?))\t+(.*)$/;

/** Reads flag specs from an OPTIONS block of etcdctl help text. */
export function flagsFromUsage(text: string): FlagSpec[] {
  const out: FlagSpec[] = [];
  for (const line of text.split('\n')) {
    const m = OPTION_LINE.exec(line);
    if (!m) continue;
    const [, short, name, boolPart, boolDef, rawDef, usage] = m;
    let spec: FlagSpec;
    if (boolPart?.startsWith('[')) spec = { name: name!, kind: 'bool', defValue: boolDef! };
    else if (rawDef!.startsWith('"')) spec = { name: name!, kind: 'string', defValue: rawDef!.slice(1, -1) };
    else if (rawDef!.startsWith('[')) spec = { name: name!, kind: 'stringSlice', defValue: rawDef!.slice(1, -1) };
    else if (/^-?\d+$/.test(rawDef!)) spec = { name: name!, kind: 'int', defValue: rawDef! };
    else spec = { name: name!, kind: 'duration', defValue: rawDef! };
    if (short) spec.short = short;
    if (usage) spec.usage = usage;
    out.push(spec);
  }
  return out;
}

/** Go's strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/**
 * Go's strconv.ParseInt(s, base, 64), returning the value or throwing with Go's message
 * (`strconv.ParseInt: parsing "abc": invalid syntax`).
 */
export function parseGoInt(s: string, base: 0 | 10 | 16 = 10, fn = 'ParseInt'): bigint {
  const fail = (why: string): never => {
    throw new FlagParseError(`strconv.${fn}: parsing ${JSON.stringify(s)}: ${why}`);
  };
  let body = s;
  let neg = false;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (fn === 'ParseUint') fail('invalid syntax');
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let b: number = base;
  if (base === 0) {
    if (/^0[xX]/.test(body)) [b, body] = [16, body.slice(2)];
    else if (/^0[oO]/.test(body)) [b, body] = [8, body.slice(2)];
    else if (/^0[bB]/.test(body)) [b, body] = [2, body.slice(2)];
    else if (/^0\d/.test(body)) [b, body] = [8, body.slice(1)];
    else b = 10;
    body = body.replace(/_/g, '');
  }
  const digits = b === 16 ? /^[0-9a-fA-F]+$/ : b === 8 ? /^[0-7]+$/ : b === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digits.test(body)) fail('invalid syntax');
  let v = 0n;
  for (const c of body.toLowerCase()) v = v * BigInt(b) + BigInt(parseInt(c, 16));
  if (neg) v = -v;
  const max = fn === 'ParseUint' ? (1n << 64n) - 1n : (1n << 63n) - 1n;
  const min = fn === 'ParseUint' ? 0n : -(1n << 63n);
  if (v > max || v < min) fail('value out of range');
  return v;
}

function convert(spec: FlagSpec, value: string, prev: FlagValue | undefined): FlagValue {
  switch (spec.kind) {
    case 'bool': {
      const b = parseGoBool(value);
      if (b === undefined) throw new FlagParseError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
      return b;
    }
    case 'string':
      return value;
    case 'int':
      return Number(parseGoInt(value, 0));
    case 'duration': {
      const ms = parseGoDuration(value);
      if (ms === undefined) throw new FlagParseError(`time: invalid duration ${JSON.stringify(value)}`);
      return ms;
    }
    case 'stringSlice': {
      const items = value === '' ? [] : value.split(',');
      return Array.isArray(prev) ? [...prev, ...items] : items;
    }
  }
}

function setFlag(spec: FlagSpec, value: string, values: Map<string, FlagValue>): void {
  try {
    values.set(spec.name, convert(spec, value, values.get(spec.name)));
  } catch (e) {
    const name = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
    throw new FlagParseError(`invalid argument ${JSON.stringify(value)} for ${JSON.stringify(name)} flag: ${(e as Error).message}`);
  }
}

/** Parses argv against `specs` like pflag's FlagSet.Parse with interspersed arguments. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, FlagValue>();
  const args: string[] = [];
  let argsLenAtDash = -1;
  let i = 0;
  while (i < argv.length) {
    const a = argv[i++]!;
    if (a.length < 2 || a[0] !== '-') {
      args.push(a);
      continue;
    }
    if (a === '--') {
      argsLenAtDash = args.length;
      args.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagParseError(`unknown flag: --${name}`);
      if (eq >= 0) setFlag(spec, a.slice(eq + 1), values);
      else if (spec.kind === 'bool') setFlag(spec, 'true', values);
      else if (i < argv.length) setFlag(spec, argv[i++]!, values);
      else throw new FlagParseError(`flag needs an argument: ${a}`);
      continue;
    }
    let shorts = a.slice(1);
    while (shorts.length > 0) {
      const c = shorts[0]!;
      const spec = byShort.get(c);
      if (!spec) throw new FlagParseError(`unknown shorthand flag: '${c}' in ${a}`);
      if (shorts.length > 2 && shorts[1] === '=') {
        setFlag(spec, shorts.slice(2), values);
        shorts = '';
      } else if (spec.kind === 'bool') {
        setFlag(spec, 'true', values);
        shorts = shorts.slice(1);
      } else if (shorts.length > 1) {
        setFlag(spec, shorts.slice(1), values);
        shorts = '';
      } else if (i < argv.length) {
        setFlag(spec, argv[i++]!, values);
        shorts = '';
      } else {
        throw new FlagParseError(`flag needs an argument: '${c}' in ${a}`);
      }
    }
  }
  return { values, args, argsLenAtDash };
}

/** Typed accessors over parsed flags with the spec defaults filled in. */
export class FlagValues {
  constructor(
    private readonly parsed: ParsedFlags,
    private readonly specs: readonly FlagSpec[],
  ) {}

  /** Whether the flag was given on the command line (cobra's `Flags().Changed`). */
  changed(name: string): boolean {
    return this.parsed.values.has(name);
  }

  private raw(name: string): FlagValue {
    const v = this.parsed.values.get(name);
    if (v !== undefined) return v;
    const spec = this.specs.find((s) => s.name === name);
    if (!spec) throw new Error(`no such flag ${name}`);
    return convert(spec, spec.defValue, undefined);
  }

  bool(name: string): boolean {
    return this.raw(name) as boolean;
  }
  string(name: string): string {
    return this.raw(name) as string;
  }
  int(name: string): number {
    return this.raw(name) as number;
  }
  /** A duration flag in milliseconds. */
  duration(name: string): number {
    return this.raw(name) as number;
  }
  stringSlice(name: string): string[] {
    return this.raw(name) as string[];
  }
}
