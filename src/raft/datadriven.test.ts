/**
 * Runs every testdata/*.txt interaction script. `UPDATE=1 npx vitest run src/raft` rewrites the
 * expected outputs (review the diff by hand: it must be what Raft should do).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDataDriven } from './datadriven';
import type { TestData } from './datadriven';
import { InteractionEnv } from './interaction-env';
import { handle } from './interaction-handler';

const dir = join(__dirname, 'testdata');
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
const update = process.env.UPDATE === '1';

describe('datadriven', () => {
  it('has scripts', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const f of files) {
    it(f, () => {
      const path = join(dir, f);
      const env = new InteractionEnv();
      const { results, rewritten } = runDataDriven(path, readFileSync(path, 'utf8'), (d) => handle(env, d));
      expect(results.length).toBeGreaterThan(0);
      if (update) {
        writeFileSync(path, rewritten);
        return;
      }
      for (const r of results) expect(r.actual, r.data.pos).toBe(r.data.expected);
    });
  }
});

describe('datadriven format', () => {
  const script = ['# a comment', 'echo a b=1 c=(1,2 3)', '----', 'old', '', 'echo (4 5)', '----', 'x', ''].join('\n');
  const echo = (d: TestData) => `${d.cmd}:${d.args.map((a) => `${a.key}=[${a.vals.join(',')}]`).join(' ')}`;

  it('parses commands, arguments and expected output', () => {
    const { results } = runDataDriven('t.txt', script, echo);
    expect(results.map((r) => [r.data.pos, r.data.expected, r.actual])).toEqual([
      ['t.txt:2', 'old', 'echo:a=[] b=[1] c=[1,2,3]'],
      ['t.txt:6', 'x', 'echo:=[4,5]'],
    ]);
  });

  it('rewrites the script with the actual outputs, keeping comments', () => {
    const { rewritten } = runDataDriven('t.txt', script, echo);
    expect(rewritten).toBe(
      ['# a comment', 'echo a b=1 c=(1,2 3)', '----', 'echo:a=[] b=[1] c=[1,2,3]', '', 'echo (4 5)', '----', 'echo:=[4,5]', ''].join('\n'),
    );
  });

  it('rejects a command without ----', () => {
    expect(() => runDataDriven('t.txt', 'echo\nnope\n', echo)).toThrow('t.txt:1: expected ---- after command');
  });
});
