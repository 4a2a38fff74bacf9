import { describe, expect, it } from 'vitest';
import { bytesOf } from './format';
import { splitWords, tokenize, TokenizeError } from './tokenize';

describe('splitWords', () => {
  it('splits on whitespace and keeps quoted spaces', () => {
    expect(splitWords(`put  k   'hello world'`)).toEqual(['put', 'k', 'hello world']);
    expect(splitWords(`put k "a b"`)).toEqual(['put', 'k', 'a b']);
  });
  it('treats single quotes literally and double quotes with sh escapes', () => {
    expect(splitWords(`'a\\nb'`)).toEqual(['a\\nb']);
    expect(splitWords(`"say \\"hi\\" \\$x \\n"`)).toEqual(['say "hi" $x \\n']);
  });
  it('handles backslash escapes outside quotes and adjacent quoted parts', () => {
    expect(splitWords(`a\\ b c`)).toEqual(['a b', 'c']);
    expect(splitWords(`pre"mid"'post'`)).toEqual(['premidpost']);
    expect(splitWords(`""`)).toEqual(['']);
  });
  it("decodes $'...' ANSI-C strings, keeping raw bytes exact", () => {
    const [ff, tab] = splitWords(`$'\\xff\\xff' $'a\\tb'`);
    expect([...bytesOf(ff!)]).toEqual([0xff, 0xff]);
    expect(tab).toBe('a\tb');
    expect([...bytesOf(splitWords(`$'h\\xc3\\xa9'`)[0]!)]).toEqual([0x68, 0xc3, 0xa9]);
    expect([...bytesOf('héllo')]).toEqual([0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f]);
  });
  it('substitutes $(printf ...) and $(echo ...), even inside double quotes', () => {
    expect([...bytesOf(splitWords(`"$(printf "v\\x01\\x02")"`)[0]!)]).toEqual([0x76, 1, 2]);
    expect(splitWords(`a$(echo b c)d`)).toEqual(['ab cd']);
    expect(() => splitWords('$(ls)')).toThrow('command substitution supports only printf and echo');
  });
  it('expands variables when given an environment', () => {
    expect(splitWords('--endpoints=$EP "${EP}/x" \'$EP\'', { EP: 'h:1' })).toEqual(['--endpoints=h:1', 'h:1/x', '$EP']);
  });
  it('rejects unterminated quotes with bash text', () => {
    expect(() => splitWords(`put k 'oops`)).toThrow(TokenizeError);
    expect(() => splitWords(`put k "oops`)).toThrow("unexpected EOF while looking for matching `\"'");
  });
});

describe('tokenize', () => {
  it('accepts a leading etcdctl, ./etcdctl or a path', () => {
    expect(tokenize('etcdctl get foo').argv).toEqual(['get', 'foo']);
    expect(tokenize('./etcdctl get foo').argv).toEqual(['get', 'foo']);
    expect(tokenize('/usr/local/bin/etcdctl get foo').argv).toEqual(['get', 'foo']);
    expect(tokenize('get foo').argv).toEqual(['get', 'foo']);
  });
  it('strips environment assignments and reports them', () => {
    const t = tokenize('ETCDCTL_API=3 ETCDCTL_WATCH_KEY=k etcdctl watch');
    expect(t.argv).toEqual(['watch']);
    expect(t.env).toEqual({ ETCDCTL_API: '3', ETCDCTL_WATCH_KEY: 'k' });
    expect(t.program).toBe('etcdctl');
  });
});
