import { describe, expect, it } from 'vitest';
import { buildCommandTree, findCommand, stripFlags, usageText } from './command-tree';
import type { FlagSpec } from './flags';
import { FlagParseError, flagsFromUsage, parseFlags, parseGoInt } from './flags';
import { GLOBAL_OPTIONS_TEXT } from './usage-texts';

const tree = buildCommandTree();
const node = (path: string) => findCommand(tree, path.split(' ')).node;
const specs: FlagSpec[] = [
  { name: 'prefix', kind: 'bool', defValue: 'false' },
  { name: 'limit', kind: 'int', defValue: '0' },
  { name: 'write-out', short: 'w', kind: 'string', defValue: 'simple' },
  { name: 'interactive', short: 'i', kind: 'bool', defValue: 'false' },
  { name: 'endpoints', kind: 'stringSlice', defValue: '127.0.0.1:2379' },
  { name: 'command-timeout', kind: 'duration', defValue: '5s' },
];
const err = (argv: string[]) => {
  try {
    parseFlags(argv, specs);
  } catch (e) {
    expect(e).toBeInstanceOf(FlagParseError);
    return (e as Error).message;
  }
  return 'no error';
};

describe('flagsFromUsage', () => {
  it('reads kinds and defaults from etcdctl help text', () => {
    const g = flagsFromUsage(GLOBAL_OPTIONS_TEXT);
    expect(g.find((f) => f.name === 'write-out')).toEqual({ name: 'write-out', short: 'w', kind: 'string', defValue: 'simple', usage: 'set the output format (fields, json, protobuf, simple, table)' });
    expect(g.find((f) => f.name === 'endpoints')).toMatchObject({ name: 'endpoints', kind: 'stringSlice', defValue: '127.0.0.1:2379' });
    expect(g.find((f) => f.name === 'command-timeout')?.kind).toBe('duration');
    expect(g.find((f) => f.name === 'insecure-transport')).toMatchObject({ name: 'insecure-transport', kind: 'bool', defValue: 'true' });
    expect(node('get').flags.map((f) => f.name)).toEqual(['consistency', 'from-key', 'help', 'keys-only', 'limit', 'order', 'prefix', 'print-value-only', 'rev', 'sort-by']);
    expect(node('lock').flags.find((f) => f.name === 'ttl')).toEqual({ name: 'ttl', kind: 'int', defValue: '10', usage: 'timeout for session' });
  });
});

describe('parseFlags (pflag)', () => {
  it('parses --flag=value, --flag value, bools and interspersed args', () => {
    const p = parseFlags(['k', '--limit', '2', '--prefix', 'end', '--write-out=json'], specs);
    expect(p.args).toEqual(['k', 'end']);
    expect(p.values.get('limit')).toBe(2);
    expect(p.values.get('prefix')).toBe(true);
    expect(p.values.get('write-out')).toBe('json');
  });
  it('parses shorthands: -w json, -wjson, -w=json, combined bools', () => {
    expect(parseFlags(['-w', 'json'], specs).values.get('write-out')).toBe('json');
    expect(parseFlags(['-wjson'], specs).values.get('write-out')).toBe('json');
    expect(parseFlags(['-w=json'], specs).values.get('write-out')).toBe('json');
    expect(parseFlags(['-iwjson'], specs).values.get('interactive')).toBe(true);
  });
  it('stops at -- and records where', () => {
    const p = parseFlags(['k', '--', '--prefix', '-x'], specs);
    expect(p.args).toEqual(['k', '--prefix', '-x']);
    expect(p.argsLenAtDash).toBe(1);
    expect(p.values.has('prefix')).toBe(false);
  });
  it('accepts Go bool spellings and rejects others', () => {
    expect(parseFlags(['--prefix=false'], specs).values.get('prefix')).toBe(false);
    expect(parseFlags(['--prefix=T'], specs).values.get('prefix')).toBe(true);
    expect(err(['--prefix=maybe'])).toBe('invalid argument "maybe" for "--prefix" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
  });
  it('reports pflag errors verbatim', () => {
    expect(err(['--count-only'])).toBe('unknown flag: --count-only');
    expect(err(['-5'])).toBe("unknown shorthand flag: '5' in -5");
    expect(err(['--limit'])).toBe('flag needs an argument: --limit');
    expect(err(['-w'])).toBe("flag needs an argument: 'w' in -w");
    expect(err(['--limit', 'abc'])).toBe('invalid argument "abc" for "--limit" flag: strconv.ParseInt: parsing "abc": invalid syntax');
    expect(err(['--command-timeout=abc'])).toBe('invalid argument "abc" for "--command-timeout" flag: time: invalid duration "abc"');
  });
  it('parses durations, slices and base-0 ints', () => {
    const p = parseFlags(['--command-timeout=1m30s', '--endpoints=a:1,b:2', '--limit=0x10'], specs);
    expect(p.values.get('command-timeout')).toBe(90000);
    expect(p.values.get('endpoints')).toEqual(['a:1', 'b:2']);
    expect(p.values.get('limit')).toBe(16);
  });
  it('parseGoInt matches strconv messages and ranges', () => {
    expect(parseGoInt('ff', 16)).toBe(255n);
    expect(() => parseGoInt('zz', 16)).toThrow('strconv.ParseInt: parsing "zz": invalid syntax');
    expect(() => parseGoInt('-1', 16, 'ParseUint')).toThrow('strconv.ParseUint: parsing "-1": invalid syntax');
    expect(() => parseGoInt('9223372036854775808')).toThrow('value out of range');
  });
});

describe('command lookup (cobra with prefix matching)', () => {
  it('finds exact names, unique prefixes and subcommands', () => {
    expect(findCommand(tree, ['get', 'foo']).node.path).toBe('get');
    expect(findCommand(tree, ['g', 'foo']).node.path).toBe('get');
    expect(findCommand(tree, ['compact', '5']).node.path).toBe('compaction');
    expect(findCommand(tree, ['lease', 'gr', '10']).node.path).toBe('lease grant');
    expect(findCommand(tree, ['member', 'lis']).node.path).toBe('member list');
    expect(findCommand(tree, ['versio']).node.path).toBe('version');
    expect(findCommand(tree, ['--endpoints', 'x:1', 'get', 'k']).node.path).toBe('get');
    expect(findCommand(tree, ['get', 'foo']).args).toEqual(['foo']);
  });
  it('reports unknown and ambiguous root commands with cobra suggestions in etcdctl order', () => {
    expect(findCommand(tree, ['nosuchcmd']).unknown).toBe('unknown command "nosuchcmd" for "etcdctl"');
    expect(findCommand(tree, ['e']).unknown).toBe('unknown command "e" for "etcdctl"\n\nDid you mean this?\n\tget\n\tdel\n\tendpoint\n\telect\n');
    expect(findCommand(tree, ['m']).unknown).toContain('\tmove-leader\n\tmember\n\tmake-mirror\n\tmigrate\n');
    expect(findCommand(tree, ['c']).unknown).toContain('\tcompaction\n\tcheck\n\tcompletion\n');
  });
  it('lets an unknown long flag swallow the next word, as stripFlags does', () => {
    expect(stripFlags(['--bogus', 'get', 'foo'], tree)).toEqual(['foo']);
    expect(findCommand(tree, ['--bogus', 'get', 'foo']).unknown).toBe('unknown command "foo" for "etcdctl"');
  });
  it('keeps a group with an unknown subcommand (cobra prints the group usage)', () => {
    const r = findCommand(tree, ['lease', 'foo']);
    expect(r.node.path).toBe('lease');
    expect(r.unknown).toBeUndefined();
  });
  it('renders help text with the right GLOBAL OPTIONS block', () => {
    expect(usageText(node('lease grant'))).toMatch(/^NAME:\n\tlease grant - Creates leases\n\nUSAGE:\n\tetcdctl lease grant <ttl> \[flags\]\n/);
    expect(usageText(node('endpoint status'))).toContain('--cluster[=false]\t\t\t\tuse all endpoints from the cluster member list');
    expect(usageText(node('get')).endsWith('set the output format (fields, json, protobuf, simple, table)\n\n')).toBe(true);
  });
});
