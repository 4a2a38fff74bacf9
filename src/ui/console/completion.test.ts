import { describe, expect, it } from 'vitest';
import { commonPrefix, completeAt, shellQuote } from './completion';

describe('prompt completion', () => {
  it('completes a unique command and adds a space', () => {
    expect(completeAt('wat', 3, [])).toEqual({ line: 'watch ', cursor: 6, candidates: [] });
  });
  it('extends to the common prefix and lists the candidates', () => {
    const r = completeAt('get fo', 6, ['foo/a', 'foo/b', 'bar']);
    expect(r).toEqual({ line: 'get foo/', cursor: 8, candidates: ['foo/a', 'foo/b'] });
    expect(completeAt('e', 1, []).candidates).toEqual(['elect', 'endpoint']);
  });
  it('completes in the middle of a line and quotes keys that need it', () => {
    expect(completeAt('get na --prefix', 6, ['name'])).toEqual({ line: 'get name --prefix', cursor: 9, candidates: [] });
    expect(completeAt('get my', 6, ['my key'])).toEqual({ line: "get 'my key' ", cursor: 13, candidates: [] });
  });
  it('does nothing when nothing matches', () => {
    expect(completeAt('get zz', 6, ['a'])).toEqual({ line: 'get zz', cursor: 6, candidates: [] });
  });
  it('helpers', () => {
    expect(commonPrefix(['abc', 'abd', 'ab'])).toBe('ab');
    expect(commonPrefix([])).toBe('');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('/a/b-c')).toBe('/a/b-c');
  });
});
