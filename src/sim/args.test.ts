import { describe, expect, it } from 'vitest';
import { CliUsageError, parseArgs } from './args';

describe('parseArgs', () => {
  it('parses every flag, both --flag v and --flag=v', () => {
    expect(parseArgs(['--seed', '7', '--members=5', '--ticks', '200000', '--nemesis', 'all', '--trace', 'x.jsonl'])).toEqual({
      seed: 7,
      members: 5,
      ticks: 200000,
      nemesis: 'all',
      trace: 'x.jsonl',
      traceMessages: false,
    });
    expect(parseArgs([]).nemesis).toBe('none');
  });

  it('rejects malformed input with the usage text', () => {
    expect(() => parseArgs(['--seed', 'x'])).toThrow(CliUsageError);
    expect(() => parseArgs(['--nemesis', 'chaos'])).toThrow(/none\|partition\|crash\|all\|membership/);
    expect(() => parseArgs(['--members', '0'])).toThrow(/>= 1/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown flag/);
  });
});
