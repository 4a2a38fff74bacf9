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
      mode: 'raft',
      clients: 0,
    });
    expect(parseArgs([]).nemesis).toBe('none');
  });

  it('selects etcd mode with --mode etcd or --clients K > 0', () => {
    expect(parseArgs(['--clients', '4', '--history', 'h.jsonl'])).toMatchObject({ mode: 'etcd', clients: 4, history: 'h.jsonl' });
    expect(parseArgs(['--mode', 'etcd'])).toMatchObject({ mode: 'etcd', clients: 5 });
    expect(parseArgs(['--mode=etcd', '--clients=0'])).toMatchObject({ mode: 'etcd', clients: 0 });
    expect(parseArgs(['--clients', '0'])).toMatchObject({ mode: 'raft', clients: 0 });
    expect(() => parseArgs(['--mode', 'raft', '--clients', '2'])).toThrow(/needs --mode etcd/);
    expect(() => parseArgs(['--history', 'h'])).toThrow(/needs etcd mode/);
    expect(() => parseArgs(['--clients', '2', '--nemesis', 'membership'])).toThrow(/not supported in etcd mode/);
    expect(() => parseArgs(['--mode', 'paxos'])).toThrow(/raft or etcd/);
  });

  it('parses --soak with its bounds (etcd mode, seeds from 0, 2000 ticks, 10 minutes by default)', () => {
    expect(parseArgs(['--soak'])).toMatchObject({ mode: 'etcd', clients: 5, seed: 0, ticks: 2000, soak: { seeds: 1_000_000, minutes: 10 } });
    expect(parseArgs(['--soak', '--seeds', '40', '--seed', '7', '--ticks', '900'])).toMatchObject({ seed: 7, ticks: 900, soak: { seeds: 40, minutes: Infinity } });
    expect(parseArgs(['--soak', '--minutes=3'])).toMatchObject({ soak: { seeds: 1_000_000, minutes: 3 } });
    expect(() => parseArgs(['--soak', '--seeds', '0'])).toThrow(/>= 1/);
  });

  it('rejects malformed input with the usage text', () => {
    expect(() => parseArgs(['--seed', 'x'])).toThrow(CliUsageError);
    expect(() => parseArgs(['--nemesis', 'chaos'])).toThrow(/none\|partition\|crash\|all\|membership/);
    expect(() => parseArgs(['--members', '0'])).toThrow(/>= 1/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown flag/);
  });
});
