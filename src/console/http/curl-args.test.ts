import { describe, expect, it } from 'vitest';
import { CurlUsageError, parseCurlArgs } from './curl-args';

const usage = (argv: string[]): string => {
  try {
    parseCurlArgs(argv);
  } catch (e) {
    if (e instanceof CurlUsageError) return e.message;
    throw e;
  }
  return 'parsed';
};

describe('parseCurlArgs', () => {
  it('reads the docs line in any order', () => {
    const a = parseCurlArgs(['-L', 'http://127.0.0.1:2379/v3/kv/put', '-X', 'POST', '-d', '{"key": "Zm9v", "value": "YmFy"}']);
    expect(a).toMatchObject({ urls: ['http://127.0.0.1:2379/v3/kv/put'], method: 'POST', data: '{"key": "Zm9v", "value": "YmFy"}', silent: false });
    expect(parseCurlArgs(['-d', '{}', '127.0.0.1:2379/v3/kv/range', '-sL'])).toMatchObject({ urls: ['127.0.0.1:2379/v3/kv/range'], data: '{}', silent: true });
  });
  it('takes clustered short flags and attached values (-sSL, -XPOST, -d{...})', () => {
    expect(parseCurlArgs(['-sSLi', '-XPOST', "-d{}", 'u'])).toMatchObject({ silent: true, showError: true, include: true, method: 'POST', data: '{}' });
    expect(parseCurlArgs(['-sXPUT', 'u'])).toMatchObject({ silent: true, method: 'PUT' });
    expect(parseCurlArgs(['-sd', 'x', 'u'])).toMatchObject({ silent: true, data: 'x' });
  });
  it('joins several data options with & as curl does; --data-binary and --data-raw are data too', () => {
    expect(parseCurlArgs(['-d', 'a', '--data-binary', 'b', '--data-raw', '@c', '--data', 'd', 'u']).data).toBe('a&b&@c&d');
  });
  it('notes -d @file (curl cannot read it here) and posts nothing for it', () => {
    expect(parseCurlArgs(['-d', '@body.json', 'u'])).toMatchObject({ data: '', unreadableFiles: ['body.json'] });
  });
  it('reads -H, -m, --url, -f, and ignores -N, -k, --compressed', () => {
    expect(parseCurlArgs(['-H', 'Content-Type: application/json', '-m', '1.5', '--url', 'a', '-f', '-N', '-k', '--compressed', 'b'])).toMatchObject({
      headers: ['Content-Type: application/json'],
      maxTimeSec: 1.5,
      urls: ['a', 'b'],
      fail: true,
    });
  });
  it("rejects what curl 7.88 rejects, with curl's words", () => {
    expect(usage(['--bogus', 'u'])).toBe('option --bogus: is unknown');
    expect(usage(['-9', 'u'])).toBe('option -9: is unknown');
    expect(usage(['u', '-X'])).toBe('option -X: requires parameter');
    expect(usage(['u', '--data'])).toBe('option --data: requires parameter');
    expect(usage(['-s'])).toBe('no URL specified!');
    expect(usage(['-m', 'soon', 'u'])).toBe('option -m: expected a proper numerical parameter');
    expect(usage(['--data=x', 'u'])).toBe('option --data=x: is unknown');
  });
});
