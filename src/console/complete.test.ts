import { describe, expect, it } from 'vitest';
import { complete } from './complete';

describe('complete', () => {
  it('completes root commands, with or without a leading etcdctl', () => {
    expect(complete('etcdctl g').candidates).toEqual(['get']);
    expect(complete('e').candidates).toEqual(['elect', 'endpoint']);
    expect(complete('ETCDCTL_API=3 etcdctl le').candidates).toEqual(['lease']);
    expect(complete('etcdctl ').candidates).toContain('txn');
    expect(complete('etcdctl ').candidates).not.toContain('completion');
  });
  it('completes subcommands and flags of the command being typed', () => {
    expect(complete('etcdctl lease t').candidates).toEqual(['timetolive']);
    expect(complete('etcdctl member ').candidates).toEqual(['add', 'list', 'promote', 'remove', 'update']);
    expect(complete('etcdctl get foo --p').candidates).toEqual(['--password', '--prefix', '--print-value-only']);
    expect(complete('etcdctl endpoint status --cl').candidates).toEqual(['--cluster']);
    expect(complete('etcdctl -w').candidates).toEqual(['-w']);
  });
  it('completes keys for get/put/del/watch, first two positions only', () => {
    const keys = ['foo', 'foo2', 'bar'];
    expect(complete('etcdctl get fo', keys)).toEqual({ word: 'fo', candidates: ['foo', 'foo2'] });
    expect(complete('etcdctl del ', keys).candidates).toEqual(['bar', 'foo', 'foo2']);
    expect(complete('etcdctl put foo bar b', keys).candidates).toEqual([]);
    expect(complete("etcdctl get 'unterminated", keys).candidates).toEqual([]);
  });
});
