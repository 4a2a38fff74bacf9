/**
 * Runs every testdata/*.txt interaction script. `UPDATE=1 npx vitest run src/raft` rewrites the
 * expected outputs (review the diff by hand: it must be what Raft should do).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDataDriven } from './datadriven';
import { InteractionEnv } from './interaction-env';
import { handle } from './interaction-handler';

const dir = join(__dirname, 'testdata');
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

describe('datadriven', () => {
  it('has scripts', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const f of files) {
    it(f, () => {
      const env = new InteractionEnv();
      const results = runDataDriven(join(dir, f), (d) => handle(env, d));
      expect(results.length).toBeGreaterThan(0);
      // With UPDATE=1 the file was just rewritten from the actual outputs.
      if (process.env.UPDATE === '1') return;
      for (const r of results) expect(r.actual, r.data.pos).toBe(r.data.expected);
    });
  }
});
